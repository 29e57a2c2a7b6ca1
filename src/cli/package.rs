//! `stegvis package`: the same Frictionless Data Package as *Ladda ner
//! datapaketet*, byte for byte for the same files and creation time.

use std::path::Path;

use stegvis::core::evaluation::export::{self, Options};
use stegvis::core::evaluation::Dataset;
use stegvis::core::instrument::shipped;

use super::import::{self, Verdict};
use super::{status, Fatal, Input, Progress};

pub fn run(input: &Input, out: &Path, excel: bool, created: Option<String>) -> Result<u8, Fatal> {
    let created = match created {
        Some(c) if c.get(..10).is_some_and(|day| stegvis::core::date::add_days(day, 0).is_some()) => c,
        Some(c) => return Err(Fatal(format!("--created {c:?}: write a time such as 2026-11-30T08:00:00.000Z"))),
        None => now_iso(),
    };
    let files = input.files()?;
    let (key, trust) = (input.key()?, input.trust()?);
    let progress = Progress::new(files.len());
    let words = import::Words::new();
    let mut kept = Vec::new();
    let mut done = 0;
    let totals = import::run(&files, key.as_ref(), trust.as_ref(), |v| {
        match (&v.verdict, v.ready) {
            (Verdict::Imported(_), Some(ready)) => kept.push((ready.index.bundle.hash, ready.records)),
            (Verdict::Refused(r), _) => eprintln!("{}: [{}] {}", v.path.display(), r.code(), words.message(&r.message())),
            (Verdict::Untrusted(_), _) => eprintln!("{}: [untrusted-device] {}", v.path.display(), import::UNTRUSTED),
            (Verdict::Unreadable(e), _) => eprintln!("{}: [unreadable] {e}", v.path.display()),
            _ => {}
        }
        done += 1;
        progress.show(done);
    });
    // The records are let go before the tables are written: they are the bulk of memory.
    let data = Dataset::from_imported(import::in_stored_order(kept));
    let written = std::fs::File::create(out)
        .map(std::io::BufWriter::new)
        .and_then(|file| export::write_package_zip(&data, shipped(), Options { excel }, &created, file))
        .and_then(|mut file| std::io::Write::flush(&mut file));
    written.map_err(|e| Fatal(format!("{}: {e}", out.display())))?;
    eprintln!(
        "stegvis package: {} av {} filer i {} ({} svar, {} deltagare); {} avvisade, {} redan inlästa.",
        totals.imported,
        totals.files,
        out.display(),
        totals.answers,
        data.people.len(),
        totals.refused,
        totals.already
    );
    // The process ends now, and the system frees its memory at once: dropping
    // a million answers one by one took a third of a second.
    std::mem::forget(data);
    Ok(status(&totals))
}

/// Now as the browser writes it (`Date.toISOString`): UTC, milliseconds.
pub(super) fn now_iso() -> String {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let (secs, millis) = (since.as_secs() as i64, since.subsec_millis());
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let date = stegvis::core::date::add_days("1970-01-01", days).unwrap_or_else(|| "1970-01-01".into());
    format!("{date}T{:02}:{:02}:{:02}.{millis:03}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}
