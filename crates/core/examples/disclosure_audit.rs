//! The disclosure audit's long run: `cargo run --release -p stegvis-core
//! --example disclosure_audit -- 10000` protects that many random cohorts
//! (see `evaluation::disclosure::random`) and audits each page; it fails on
//! the first hidden count under five that can be worked out. It also counts
//! the cohorts the old per-table rule left exposed.
use stegvis_core::evaluation::disclosure::random;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let started = std::time::Instant::now();
    let (mut old_exposed, mut hidden, mut figures) = (0, 0, 0);
    for seed in 0..n {
        let c = random::cohort(seed);
        let protected = c.family.protect();
        let exposed = c.family.exposed(&protected);
        assert!(exposed.is_empty(), "cohort {seed}: figures {exposed:?} can be worked out");
        hidden += protected.iter().filter(|h| **h).count();
        figures += protected.len();
        old_exposed += usize::from(!c.family.exposed(&random::old_rule(&c)).is_empty());
    }
    println!(
        "{n} cohorts audited in {:.1} s: none exposed; {hidden} of {figures} figures hidden; the old per-table rule left {old_exposed} exposed",
        started.elapsed().as_secs_f64()
    );
}
