//! `stegvis verify`: each file's verdict and reason (the app's Swedish
//! words, with an English code beside them), its device, sequence and chain.

use serde_json::{json, Value};
use stegvis::core::bundle::jws::fingerprint;
use stegvis::core::bundle::Rejection;

use super::import::{self, FileVerdict, Verdict, Words, UNTRUSTED};
use super::{display, status, Fatal, Input, Progress};

pub fn run(input: &Input, as_json: bool) -> Result<u8, Fatal> {
    let files = input.files()?;
    let (key, trust) = (input.key()?, input.trust()?);
    let words = Words::new();
    let progress = Progress::new(files.len());
    let mut done = 0;
    let totals = import::run(&files, key.as_ref(), trust.as_ref(), |v| {
        let line = describe(&v, &words);
        let shown = if as_json { format!("{line}\n") } else { text(&line) };
        // A reader that has stopped (`| head`) ends the run quietly.
        if std::io::Write::write_all(&mut std::io::stdout().lock(), shown.as_bytes()).is_err() {
            std::process::exit(0);
        }
        done += 1;
        progress.show(done);
    });
    eprintln!(
        "stegvis verify: {} filer: {} inlästa, {} redan inlästa, {} avvisade, {} gick inte att läsa; {} svar.",
        totals.files, totals.imported, totals.already, totals.refused, totals.unreadable, totals.answers
    );
    Ok(status(&totals))
}

/// The browser's words speak of "this device's key"; here the key is a file.
const NO_KEY_HINT: &str = "Ange utvärderarens nyckel med --key <fil> (gjord med stegvis key new).";

/// One file as JSON: what `--json` prints and the text is made from.
fn describe(v: &FileVerdict, words: &Words) -> Value {
    let mut out = json!({"file": display(v.path), "verdict": v.verdict.code()});
    let flags = |flags: &[stegvis::core::bundle::import::Flag], ready: &super::inputs::Ready| -> Value {
        let kid = &ready.index.bundle.kid;
        flags
            .iter()
            .map(|f| json!({"code": f.code(), "reason": words.message(&f.message(&ready.label, kid))}))
            .collect()
    };
    match &v.verdict {
        Verdict::Refused(r) => {
            out["code"] = r.code().into();
            out["reason"] = words.message(&r.message()).into();
            if matches!(r, Rejection::NoKeyToOpen) {
                out["hint"] = NO_KEY_HINT.into();
            }
        }
        Verdict::Unreadable(e) => {
            out["code"] = "unreadable".into();
            out["reason"] = format!("{} ({e})", words.get("evaluator.import.unreadable")).into();
        }
        Verdict::AlreadyImported => {
            out["code"] = "already-imported".into();
            out["reason"] = words.get("evaluator.import.already").into();
        }
        Verdict::Untrusted(f) => {
            out["code"] = "untrusted-device".into();
            out["reason"] = UNTRUSTED.into();
            if let Some(ready) = &v.ready {
                out["flags"] = flags(f, ready);
            }
        }
        Verdict::Imported(f) => {
            if let Some(ready) = &v.ready {
                let forms = ready.forms();
                out["code"] = "imported".into();
                out["reason"] = words.imported(forms, ready.answers(), &ready.label).into();
                out["flags"] = flags(f, ready);
            }
        }
    }
    if let Some(ready) = &v.ready {
        let b = &ready.index.bundle;
        out["device"] = json!({"label": ready.label, "kid": b.kid, "check_code": fingerprint(&b.kid)});
        out["sequence"] = b.sequence.into();
        out["previous"] = b.previous.clone().into();
        out["hash"] = b.hash.clone().into();
        out["created"] = ready.created.clone().into();
        out["forms"] = ready.forms().into();
        out["answers"] = ready.answers().into();
    }
    out
}

/// The same as lines for a person: the verdict, the file, the reason; the
/// device and each flag indented below.
fn text(v: &Value) -> String {
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let mut out = format!("{:<17} {}\n    [{}] {}\n", s("verdict"), s("file"), s("code"), s("reason"));
    if let Some(hint) = v["hint"].as_str() {
        out += &format!("    {hint}\n");
    }
    if let Some(device) = v.get("device") {
        out += &format!(
            "    enhet {} (kontrollkod {}), nummer {}\n",
            device["label"].as_str().unwrap_or_default(),
            device["check_code"].as_str().unwrap_or_default(),
            v["sequence"]
        );
    }
    for f in v["flags"].as_array().into_iter().flatten() {
        out += &format!("    [{}] {}\n", f["code"].as_str().unwrap_or_default(), f["reason"].as_str().unwrap_or_default());
    }
    out
}
