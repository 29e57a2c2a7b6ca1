//! An import on the command line: the files in order, each checked against
//! those before it by the core's [`Session`], exactly as the browser's import
//! does; with a trust file, only confirmed devices are taken.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stegvis::core::bundle::import::{BundleRecords, Flag, KeyTrust, Outcome, Session, TrustedDevice};
use stegvis::core::bundle::jwe::PrivateKey;
use stegvis::core::bundle::message::Message;
use stegvis::core::bundle::Rejection;
use stegvis::core::language::Language;
use stegvis::core::ui_text::{fill, UiText};

use super::inputs::{self, Ready};

/// Reads a trust file: `[{"kid": "…", "label": "…", "trust": "confirmed"}, …]`, as the app downloads it.
pub fn read_trust(path: &Path) -> Result<BTreeMap<String, KeyTrust>, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let keys: Vec<TrustedDevice> = serde_json::from_slice(&text)
        .map_err(|e| format!("{}: not a trust file (a JSON list of {{\"kid\", \"trust\"}}): {e}", path.display()))?;
    Ok(keys.into_iter().map(|k| (k.kid, k.trust)).collect())
}

pub enum Verdict {
    Imported(Vec<Flag>),
    AlreadyImported,
    Refused(Rejection),
    /// Verified, but `--trust` does not list its device as confirmed.
    Untrusted(Vec<Flag>),
    /// The file could not be read at all.
    Unreadable(String),
}

impl Verdict {
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Imported(_) => "imported",
            Verdict::AlreadyImported => "already-imported",
            Verdict::Refused(_) | Verdict::Untrusted(_) => "refused",
            Verdict::Unreadable(_) => "unreadable",
        }
    }
}

/// A file's verdict, with what the file is when it verified.
pub struct FileVerdict<'a> {
    pub path: &'a Path,
    pub verdict: Verdict,
    pub ready: Option<Ready>,
}

/// The words of the app's messages, in Swedish.
pub struct Words(UiText);

impl Words {
    pub fn new() -> Words {
        Words(UiText::shipped())
    }

    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(Language::Sv, key)
    }

    /// "Inläst från {label}: {n} formulär med {answers}.", in the forms the counts need.
    pub fn imported(&self, forms: usize, answers: usize, label: &str) -> String {
        let count = |key, n: usize| self.0.count(Language::Sv, key, n as u64);
        fill(
            &count("evaluator.import.imported", forms),
            &[("answers", count("evaluator.import.answers", answers)), ("label", label.to_string())],
        )
    }

    pub fn message(&self, m: &Message) -> String {
        m.in_words(&self.0, Language::Sv)
    }
}

/// What is said of a file whose device `--trust` does not confirm.
pub const UNTRUSTED: &str = "Enheten är inte bekräftad i nyckelfilen. Filen är inte med.";

#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub imported: usize,
    pub already: usize,
    pub refused: usize,
    pub unreadable: usize,
    pub answers: usize,
}

/// Imports `files` in order; `each` hears every file's verdict, and gets
/// its records to keep when it is imported.
pub fn run(
    files: &[PathBuf],
    key: Option<&PrivateKey>,
    trust_file: Option<&BTreeMap<String, KeyTrust>>,
    mut each: impl FnMut(FileVerdict),
) -> Totals {
    let mut session = Session::default();
    // Like the browser: a key seen for the first time is kept as unconfirmed.
    let mut trust: BTreeMap<String, KeyTrust> = trust_file.cloned().unwrap_or_default();
    let mut totals = Totals::default();
    let mut order = 0usize;
    inputs::each_checked(files, key, |path, checked| {
        totals.files += 1;
        let (verdict, ready) = match checked {
            Err(e) => (Verdict::Unreadable(e.to_string()), None),
            Ok(Err(rejection)) => (Verdict::Refused(rejection), None),
            Ok(Ok(mut ready)) => {
                let kid = ready.index.bundle.kid.clone();
                let known = trust.get(&kid).copied();
                ready.index.order = format!("{order:012}");
                match session.classify(&ready.index, known) {
                    Outcome::AlreadyImported => (Verdict::AlreadyImported, Some(ready)),
                    Outcome::Imported(flags) if trust_file.is_some() && known != Some(KeyTrust::Confirmed) => {
                        (Verdict::Untrusted(flags), Some(ready))
                    }
                    Outcome::Imported(flags) => {
                        order += 1;
                        session.take_in(ready.index.clone());
                        trust.entry(kid).or_insert(KeyTrust::Unconfirmed);
                        (Verdict::Imported(flags), Some(ready))
                    }
                }
            }
        };
        match &verdict {
            Verdict::Imported(_) => {
                totals.imported += 1;
                totals.answers += ready.as_ref().map_or(0, Ready::answers);
            }
            Verdict::AlreadyImported => totals.already += 1,
            Verdict::Refused(_) | Verdict::Untrusted(_) => totals.refused += 1,
            Verdict::Unreadable(_) => totals.unreadable += 1,
        }
        each(FileVerdict { path, verdict, ready });
    });
    totals
}

/// The records of the imported files in the order the browser keeps them
/// (by the bundle's hash), for the same figures and the same package.
pub fn in_stored_order(mut kept: Vec<(String, Vec<BundleRecords>)>) -> Vec<BundleRecords> {
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept.into_iter().flat_map(|(_, records)| records).collect()
}
