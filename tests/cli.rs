//! The command line `stegvis` as a user runs it: the built binary on files in
//! a scratch folder, its exit status, standard output and standard error.
//! Bundles are the committed fixtures: the browser-signed example
//! (tests/fixtures/bundle-example.json) and the JWE made by `jose` to a fixed
//! evaluator key (crates/core/tests/fixtures/jwe/).
#![cfg(not(target_arch = "wasm32"))]

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const EXAMPLE: &str = include_str!("fixtures/bundle-example.json");
/// The example bundle's device key and the answers it holds.
const EXAMPLE_KID: &str = "WH8FySBspsk82ok9sH4h-FkjT07hQSjwMRwpbwcBfoQ";
const EXAMPLE_ANSWERS: u64 = 1;
const JWE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/core/tests/fixtures/jwe/bundle.jwe.json");
const JWE_KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/core/tests/fixtures/jwe/evaluator-key.json");
const CREATED: &str = "2026-12-01T08:00:00.000Z";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON Lines of `verify --json`.
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{}", self.stderr)))
            .collect()
    }

    /// The only JSON line.
    fn line(&self) -> Value {
        let mut lines = self.lines();
        assert_eq!(lines.len(), 1, "one line expected:\n{}\n{}", self.stdout, self.stderr);
        lines.remove(0)
    }
}

fn stegvis<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_stegvis")).args(args).output().expect("the stegvis binary runs");
    Run {
        code: out.status.code().expect("stegvis exits, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// An empty scratch folder of its own for each test, under target/tmp.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// A word of the app's Swedish text (content/ui/sv.json).
fn swedish(key: &str) -> String {
    let ui: Value = serde_json::from_str(include_str!("../content/ui/sv.json")).unwrap();
    ui["strings"][key].as_str().unwrap_or_else(|| panic!("{key} is in sv.json")).to_string()
}

fn verify_json<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    let mut all: Vec<OsString> = vec!["verify".into(), "--json".into()];
    all.extend(args.into_iter().map(|s| s.as_ref().to_os_string()));
    stegvis(all)
}

#[test]
fn every_command_has_help_naming_its_options() {
    for (args, words) in [
        (&["--help"][..], &["verify", "package", "report", "key"][..]),
        (&["report", "--help"], &["--out", "--today", "--key", "--trust", "FILES|DIRS"]),
        (&["verify", "--help"], &["--json", "--key", "--trust", "FILES|DIRS"]),
        (&["package", "--help"], &["--out", "--excel", "--created", "--key", "--trust", "FILES|DIRS"]),
        (&["key", "--help"], &["new"]),
        (&["key", "new", "--help"], &["--out"]),
    ] {
        let run = stegvis(args);
        assert_eq!(run.code, 0, "stegvis {args:?}: {}", run.stderr);
        for word in words {
            assert!(run.stdout.contains(word), "stegvis {args:?} does not mention {word}:\n{}", run.stdout);
        }
    }
    // Without a command, or with an unknown option: a usage error.
    assert_eq!(stegvis::<&str>([]).code, 2);
    let run = stegvis(["verify", "--no-such-option", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--no-such-option"), "{}", run.stderr);
}

#[test]
fn a_good_bundle_is_imported_with_its_device_and_sequence() {
    let dir = scratch("good");
    let file = write(&dir.join("example.json"), EXAMPLE);
    let run = verify_json([&file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.line();
    assert_eq!(line["verdict"], "imported");
    assert_eq!(line["code"], "imported");
    assert_eq!(line["file"], file.display().to_string());
    assert_eq!(line["reason"], "Inläst från Surfplatta 1: 1 formulär med 1 svar.");
    assert_eq!(line["device"]["label"], "Surfplatta 1");
    assert_eq!(line["device"]["kid"], EXAMPLE_KID);
    assert_eq!(line["sequence"], 1);
    assert_eq!(line["previous"], Value::Null);
    assert_eq!(line["forms"], 1);
    assert_eq!(line["answers"], EXAMPLE_ANSWERS);
    assert!(line["hash"].as_str().is_some_and(|h| h.starts_with("sha256:")), "{line}");
    // A device seen for the first time is flagged, with its check code.
    let check_code = line["device"]["check_code"].as_str().unwrap();
    assert_eq!(line["flags"][0]["code"], "new-key");
    assert!(line["flags"][0]["reason"].as_str().unwrap().contains(check_code), "{line}");
    assert!(run.stderr.contains("1 inlästa"), "{}", run.stderr);

    // The same as text for a person.
    let run = stegvis([OsStr::new("verify"), file.as_os_str()]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("imported"), "{}", run.stdout);
    assert!(run.stdout.contains("enhet Surfplatta 1") && run.stdout.contains("nummer 1"), "{}", run.stdout);
}

#[test]
fn a_changed_byte_in_the_signature_is_refused_in_swedish() {
    let dir = scratch("signature");
    let at = EXAMPLE.find("\"signature\":\"").expect("the example has a signature") + "\"signature\":\"".len() + 20;
    let mut changed = EXAMPLE.to_string();
    let c = if &EXAMPLE[at..at + 1] == "A" { "B" } else { "A" };
    changed.replace_range(at..at + 1, c);
    let file = write(&dir.join("changed.json"), changed);
    let run = verify_json([&file]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run.line();
    assert_eq!(line["verdict"], "refused");
    assert_eq!(line["code"], "signature-mismatch");
    let reason = swedish("evaluator.import.signature");
    assert!(reason.starts_with("Underskriften stämmer inte"), "{reason}");
    assert_eq!(line["reason"], reason.as_str());
    // Nothing of a refused file is told as if it were true.
    assert!(line.get("device").is_none() && line.get("answers").is_none(), "{line}");

    let run = stegvis([OsStr::new("verify"), file.as_os_str()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(&format!("[signature-mismatch] {reason}")), "{}", run.stdout);
}

#[test]
fn a_file_that_is_not_json_is_not_stegvis() {
    let dir = scratch("not-json");
    let file = write(&dir.join("notes.txt"), "inte JSON alls\n");
    let run = verify_json([&file]);
    assert_eq!(run.code, 1);
    let line = run.line();
    assert_eq!(line["verdict"], "refused");
    assert_eq!(line["code"], "not-stegvis");
    assert_eq!(line["reason"], swedish("evaluator.import.not_stegvis").as_str());
}

#[test]
fn the_same_file_twice_is_already_imported() {
    let dir = scratch("twice");
    let file = write(&dir.join("example.json"), EXAMPLE);
    let run = verify_json([&file, &file]);
    // Nothing is refused: the second is simply not taken again.
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "imported");
    assert_eq!(lines[1]["verdict"], "already-imported");
    assert_eq!(lines[1]["code"], "already-imported");
    assert_eq!(lines[1]["reason"], swedish("evaluator.import.already").as_str());
    assert_eq!(lines[1]["sequence"], 1);
    assert!(run.stderr.contains("1 inlästa, 1 redan inlästa"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_an_error_on_stderr() {
    let dir = scratch("missing");
    let missing = dir.join("no-such-file.json");
    let good = write(&dir.join("example.json"), EXAMPLE);
    let run = verify_json([&good, &missing]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing is verified when a path is missing: {}", run.stdout);
    assert!(run.stderr.contains("no-such-file.json"), "{}", run.stderr);
    let run = stegvis([OsStr::new("package"), missing.as_os_str(), OsStr::new("--out"), dir.join("p.zip").as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-file.json"), "{}", run.stderr);
    assert!(!dir.join("p.zip").exists());
}

#[test]
fn a_folder_is_walked_in_order_without_hidden_files() {
    let dir = scratch("folder");
    let bundles = dir.join("bundles");
    std::fs::create_dir_all(bundles.join("later")).unwrap();
    std::fs::create_dir_all(bundles.join(".hidden")).unwrap();
    write(&bundles.join("a-1.json"), EXAMPLE);
    write(&bundles.join("a-10.txt"), "not a bundle");
    write(&bundles.join("a-9.json"), EXAMPLE);
    write(&bundles.join("later/copy.json"), EXAMPLE);
    write(&bundles.join(".hidden/x.json"), "hidden");
    write(&bundles.join(".DS_Store"), "hidden");
    let run = verify_json([&bundles]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let seen: Vec<(String, String)> = run
        .lines()
        .iter()
        .map(|l| {
            let file = l["file"].as_str().unwrap();
            let relative = Path::new(file).strip_prefix(&bundles).unwrap().display().to_string();
            (relative, l["code"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [
        ("a-1.json", "imported"),
        ("a-9.json", "already-imported"),
        ("a-10.txt", "not-stegvis"),
        ("later/copy.json", "already-imported"),
    ];
    assert_eq!(seen, expected.map(|(f, c)| (f.to_string(), c.to_string())));
}

#[test]
fn key_new_writes_a_private_key_for_the_owner_only_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("key");
    let path = dir.join("evaluator.json");
    let run = stegvis([OsStr::new("key"), OsStr::new("new"), OsStr::new("--out"), path.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the private key file is {mode:o}");
    let private: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(private["d"].as_str().is_some_and(|d| !d.is_empty()), "the private key file has d");

    let public: Value = serde_json::from_str(run.stdout.trim()).expect("the public key is printed as JSON");
    assert_eq!(public["kty"], "EC");
    assert_eq!(public["crv"], "P-256");
    assert_eq!(public["use"], "enc");
    assert_eq!(public["alg"], "ECDH-ES+A256KW");
    assert!(public.get("d").is_none(), "the printed key is public: {public}");
    assert!(public["kid"].as_str().is_some_and(|k| k.len() >= 40), "{public}");
    assert_eq!(public["kid"], private["kid"]);
    assert_eq!((&public["x"], &public["y"]), (&private["x"], &private["y"]));
    assert!(run.stderr.contains("kontrollkod"), "{}", run.stderr);

    // Again to the same file: refused, the key left as it was.
    let before = std::fs::read(&path).unwrap();
    let run = stegvis([OsStr::new("key"), OsStr::new("new"), OsStr::new("--out"), path.as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("evaluator.json"), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // Two keys are two different keys.
    let other = dir.join("other.json");
    let run2 = stegvis([OsStr::new("key"), OsStr::new("new"), OsStr::new("--out"), other.as_os_str()]);
    assert_eq!(run2.code, 0);
    let public2: Value = serde_json::from_str(run2.stdout.trim()).unwrap();
    assert_ne!(public2["kid"], public["kid"]);
}

#[test]
fn an_encrypted_file_opens_only_with_its_key() {
    // With its key the JWE opens; what is inside is not a bundle.
    let run = verify_json(["--key", JWE_KEY, JWE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run.line();
    assert_eq!(line["verdict"], "refused");
    let code = line["code"].as_str().unwrap();
    assert!(code != "no-key-to-open" && code != "cannot-open", "the file opened with its key: {line}");
    assert!(["unknown-format", "not-stegvis"].contains(&code), "{line}");

    // Without a key, or with another one: no key to open it.
    let run = verify_json([JWE]);
    assert_eq!(run.code, 1);
    assert_eq!(run.line()["code"], "no-key-to-open");
    assert_eq!(run.line()["reason"], swedish("evaluator.import.no_key").as_str());

    let dir = scratch("encrypted");
    let other = dir.join("other-key.json");
    assert_eq!(stegvis([OsStr::new("key"), OsStr::new("new"), OsStr::new("--out"), other.as_os_str()]).code, 0);
    let run = verify_json([OsStr::new("--key"), other.as_os_str(), OsStr::new(JWE)]);
    assert_eq!(run.code, 1);
    assert_eq!(run.line()["code"], "no-key-to-open");

    // A key file that is not a key: a usage error, nothing verified.
    let not_a_key = write(&dir.join("not-a-key.json"), r#"{"kty":"EC"}"#);
    let run = verify_json([OsStr::new("--key"), not_a_key.as_os_str(), OsStr::new(JWE)]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty() && run.stderr.contains("not-a-key.json"), "{}", run.stderr);
}

#[test]
fn a_trust_file_takes_only_confirmed_devices() {
    let dir = scratch("trust");
    let file = write(&dir.join("example.json"), EXAMPLE);
    let trust = |name: &str, text: &str| write(&dir.join(name), text);

    let confirmed = trust("confirmed.json", &format!(r#"[{{"kid": "{EXAMPLE_KID}", "trust": "confirmed"}}]"#));
    let run = verify_json([OsStr::new("--trust"), confirmed.as_os_str(), file.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.line();
    assert_eq!(line["verdict"], "imported");
    assert!(
        line["flags"].as_array().unwrap().iter().all(|f| f["code"] != "new-key" && f["code"] != "unconfirmed-key"),
        "a confirmed device is not flagged as new: {line}"
    );

    for (name, text) in [
        ("absent.json", "[]".to_string()),
        ("other.json", r#"[{"kid": "someone-else", "trust": "confirmed"}]"#.to_string()),
        ("unconfirmed.json", format!(r#"[{{"kid": "{EXAMPLE_KID}", "trust": "unconfirmed"}}]"#)),
        ("revoked.json", format!(r#"[{{"kid": "{EXAMPLE_KID}", "trust": "revoked"}}]"#)),
    ] {
        let path = trust(name, &text);
        let run = verify_json([OsStr::new("--trust"), path.as_os_str(), file.as_os_str()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        let line = run.line();
        assert_eq!(line["verdict"], "refused", "{name}: {line}");
        assert_eq!(line["code"], "untrusted-device", "{name}: {line}");
        assert_eq!(line["device"]["kid"], EXAMPLE_KID, "{name}: {line}");
    }

    // A package with such a file leaves the device's answers out.
    let untrusted = dir.join("absent.json");
    let zip = dir.join("package.zip");
    let run = stegvis([
        OsStr::new("package"),
        file.as_os_str(),
        OsStr::new("--trust"),
        untrusted.as_os_str(),
        OsStr::new("--out"),
        zip.as_os_str(),
        OsStr::new("--created"),
        OsStr::new(CREATED),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[untrusted-device]"), "{}", run.stderr);
    assert_eq!(csv_rows(&zip_entry(&std::fs::read(&zip).unwrap(), "answers.csv")), 0);

    for (name, text) in [
        ("broken.json", "[{\"kid\": "),
        ("not-a-list.json", r#"{"kid": "x", "trust": "confirmed"}"#),
        ("bad-trust.json", r#"[{"kid": "x", "trust": "maybe"}]"#),
    ] {
        let path = trust(name, text);
        let run = verify_json([OsStr::new("--trust"), path.as_os_str(), file.as_os_str()]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
        assert!(run.stderr.contains(name) && run.stderr.contains("not a trust file"), "{name}: {}", run.stderr);
    }
    let run = verify_json([OsStr::new("--trust"), dir.join("missing.json").as_os_str(), file.as_os_str()]);
    assert_eq!(run.code, 2);
}

/// The entries of a ZIP from its central directory: (name, method, data).
fn zip_entries(zip: &[u8]) -> Vec<(String, u16, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes(zip[i..i + 4].try_into().unwrap());
    let end = (0..=zip.len() - 22).rev().find(|&i| u32_at(i) == 0x0605_4b50).expect("an end of central directory");
    let (count, mut at) = (u16_at(end + 10) as usize, u32_at(end + 16) as usize);
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "a central directory header at {at}");
        let method = u16_at(at + 10);
        let size = u32_at(at + 20) as usize;
        let (name_len, extra_len, comment_len) =
            (u16_at(at + 28) as usize, u16_at(at + 30) as usize, u16_at(at + 32) as usize);
        let local = u32_at(at + 42) as usize;
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(u32_at(local), 0x0403_4b50, "a local header for {name}");
        let data_at = local + 30 + u16_at(local + 26) as usize + u16_at(local + 28) as usize;
        out.push((name, method, zip[data_at..data_at + size].to_vec()));
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

fn zip_entry(zip: &[u8], name: &str) -> String {
    let (_, method, data) =
        zip_entries(zip).into_iter().find(|e| e.0 == name).unwrap_or_else(|| panic!("{name} in the ZIP"));
    assert_eq!(method, 0, "{name} is stored");
    String::from_utf8(data).unwrap()
}

/// Rows after the header (fields quoted with line breaks in them are not expected here).
fn csv_rows(csv: &str) -> usize {
    csv.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).count() - 1
}

#[test]
fn package_writes_the_same_zip_for_the_same_files_and_time() {
    let dir = scratch("package");
    let file = write(&dir.join("example.json"), EXAMPLE);
    let package = |out: &Path, extra: &[&str]| {
        let mut args = vec![OsStr::new("package"), file.as_os_str(), OsStr::new("--out"), out.as_os_str()];
        args.extend(extra.iter().map(OsStr::new));
        stegvis(args)
    };
    let (one, two) = (dir.join("one.zip"), dir.join("two.zip"));
    for out in [&one, &two] {
        let run = package(out, &["--created", CREATED]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "the report is on stderr: {}", run.stdout);
        assert!(run.stderr.contains("1 av 1 filer") && run.stderr.contains("(1 svar, 1 deltagare)"), "{}", run.stderr);
    }
    let zip = std::fs::read(&one).unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"), "a ZIP file");
    assert_eq!(zip, std::fs::read(&two).unwrap(), "the same files and --created give the same bytes");

    let names: Vec<String> = zip_entries(&zip).into_iter().map(|e| e.0).collect();
    assert_eq!(names, ["datapackage.json", "answers.csv", "wide.csv", "goals.csv", "codebook.csv", "summary.csv"]);
    let datapackage: Value = serde_json::from_str(&zip_entry(&zip, "datapackage.json")).unwrap();
    assert_eq!(datapackage["created"], CREATED);
    let resources: Vec<&str> =
        datapackage["resources"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(resources, ["answers.csv", "wide.csv", "goals.csv", "codebook.csv", "summary.csv"]);
    let answers = zip_entry(&zip, "answers.csv");
    assert!(answers.starts_with("participant,"), "{answers}");
    assert_eq!(csv_rows(&answers) as u64, EXAMPLE_ANSWERS);
    assert!(answers.contains("utfall_forsorjning"), "{answers}");

    // Another time is another package; the Excel variant has `;` and a byte order mark.
    let later = dir.join("later.zip");
    assert_eq!(package(&later, &["--created", "2027-01-02T08:00:00.000Z"]).code, 0);
    assert_ne!(std::fs::read(&later).unwrap(), zip);
    let excel = dir.join("excel.zip");
    assert_eq!(package(&excel, &["--created", CREATED, "--excel"]).code, 0);
    let answers = zip_entry(&std::fs::read(&excel).unwrap(), "answers.csv");
    assert!(answers.starts_with("\u{feff}participant;"), "{answers}");

    // Without --created it is now; a time that is not one is a usage error.
    let now = dir.join("now.zip");
    assert_eq!(package(&now, &[]).code, 0);
    let created = serde_json::from_str::<Value>(&zip_entry(&std::fs::read(&now).unwrap(), "datapackage.json")).unwrap()
        ["created"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(created.len() == 24 && created.ends_with('Z') && created.starts_with("20"), "{created}");
    let bad = dir.join("bad.zip");
    let run = package(&bad, &["--created", "igår"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--created"), "{}", run.stderr);
    assert!(!bad.exists());
}

#[test]
fn report_writes_one_html_file_with_the_results() {
    let dir = scratch("report");
    let file = write(&dir.join("example.json"), EXAMPLE);
    let out = dir.join("rapport.html");
    let run = stegvis([OsStr::new("report"), OsStr::new("--today"), OsStr::new("2026-11-30"), OsStr::new("--out"), out.as_os_str(), file.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"sv\">"), "{}", &html[..80]);
    assert!(html.contains("<style>") && !html.contains("<link") && !html.contains("<script"), "one file, nothing fetched");
    for words in [swedish("evaluator.results.heading"), swedish("staff.coverage.heading"), swedish("evaluator.results.method.suppression")] {
        assert!(html.contains(&words.replace('<', "&lt;")), "the report says {words:?}");
    }
    assert!(html.contains("class=\"results-instrument\"") && html.contains("class=\"coverage-table\""), "the instruments and the coverage table");
    // A day that is not a day is a usage error; nothing is written.
    let bad = dir.join("bad.html");
    let run = stegvis([OsStr::new("report"), OsStr::new("--today"), OsStr::new("30/11/2026"), OsStr::new("--out"), bad.as_os_str(), file.as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--today") && !bad.exists(), "{}", run.stderr);
}
