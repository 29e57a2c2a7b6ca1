//! Checks tests/fixtures/verbatim.json against the project reports themselves,
//! where they are on this machine (`../shared/seeds`, read-only reference).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

#[test]
fn every_quote_stands_in_its_report_at_the_cited_lines() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(dir) = std::fs::read_dir(&seeds) else {
        eprintln!("{} not found: quotes not checked against the reports", seeds.display());
        return;
    };
    let reports: Vec<_> = dir.flatten().map(|e| e.path()).collect();
    let quotes: Vec<serde_json::Value> = serde_json::from_str(include_str!("fixtures/verbatim.json")).unwrap();
    for q in &quotes {
        let (report, lines) = q["source"].as_str().unwrap().split_once(":L").unwrap();
        let (first, last) = lines.split_once('-').unwrap_or((lines, lines));
        let (first, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
        let path = reports
            .iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{report}_")))
            .unwrap_or_else(|| panic!("no report {report}"));
        let text = std::fs::read_to_string(path).unwrap();
        // PDF extraction breaks lines anywhere: join the cited lines with a space.
        let joined: Vec<&str> = text.lines().skip(first - 1).take(last - first + 1).map(str::trim).collect();
        let quote = q["text"].as_str().unwrap();
        assert!(joined.join(" ").contains(quote), "{quote:?} is not at {}", q["source"]);
    }
}
