//! Lists every file under `content/instruments/` so that adding an instrument
//! or a translation is a data change only: no Rust file names the files.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("content/instruments is readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    // The content lives at the repository root, two levels above this crate.
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("content/instruments");
    println!("cargo:rerun-if-changed=../../content/instruments");
    let mut files = Vec::new();
    collect(&dir, root, &mut files);
    for f in &files {
        println!("cargo:rerun-if-changed=../../{f}");
    }
    // Earlier versions, kept whole under released/, are not instruments to ask.
    let (released, current): (Vec<String>, Vec<String>) =
        files.into_iter().partition(|f| f.starts_with("content/instruments/released/"));
    let mut code = String::new();
    for (name, doc, list) in [
        ("SHIPPED_INSTRUMENT_FILES", "Every instrument file, as (path from the repository root, content).", &current),
        (
            "RELEASED_DEFINITION_FILES",
            "Every earlier released version's definition (content/instruments/released/), as (path, content).",
            &released,
        ),
    ] {
        let _ = writeln!(code, "/// {doc}\npub const {name}: &[(&str, &str)] = &[");
        for f in list {
            let _ = writeln!(code, "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../../{f}\"))),");
        }
        code.push_str("];\n");
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("shipped_instruments.rs");
    fs::write(out, code).unwrap();
}
