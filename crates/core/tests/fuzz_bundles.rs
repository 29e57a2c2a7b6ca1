//! A short run of the bundle fuzzer (`examples/fuzz_bundles.rs` runs a
//! million): generated and mutated files through `bundle::verify`, none may
//! panic or be accepted with other contents than were signed.

#[path = "support/bundle_fuzz.rs"]
mod bundle_fuzz;

/// Unoptimised, a case takes about 3 ms (the example in `--release` runs a
/// million); `FUZZ_CASES` sets another count.
const CASES: u64 = 8_000;

#[test]
fn hostile_bundle_files_never_panic_and_are_never_wrongly_accepted() {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let report = bundle_fuzz::run(cases, 0x7E57, threads, false);
    println!("{report}");
    assert!(report.ok(), "{report}");
    assert_eq!(report.total, cases);
    // The run reaches acceptance (whitespace, escapes, valid re-signed
    // changes) and every check of `verify`, not only its first.
    assert!(report.accepted > 100, "{report}");
    assert!(report.content_checks, "verify refuses an answer outside its scale");
    for reason in ["NotStegvis", "UnknownFormat", "SignatureMismatch", "ContentChanged", "PersonalData", "BadContent"] {
        assert!(report.rejected.get(reason).is_some_and(|n| *n > 10), "{reason}: {report}");
    }
}
