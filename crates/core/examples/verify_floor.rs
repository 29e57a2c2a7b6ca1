//! What verifying a folder of bundles costs at the least, on two threads,
//! step by step: the floor under `stegvis package`'s speed (README,
//! "Performance budgets"). Each step includes those before it:
//!
//! - `read`: the files' bytes;
//! - `jws`: the JWS's JSON (three base64url texts);
//! - `signature`: base64url decoding and the signature (SHA-512 over the
//!   signing input for Ed25519);
//! - `canonical`: the payload's SHA-256 (how bundles name each other) and
//!   the check that it is canonical JSON;
//! - `values`: the payload parsed into JSON values (less than the typed
//!   parse and content check an import does).
//!
//! `cargo run --release -p stegvis-core --example verify_floor -- DIR STEP`
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use stegvis_core::bundle::jws::{self, FlattenedJws};

const STEPS: [&str; 5] = ["read", "jws", "signature", "canonical", "values"];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(step)) = (args.next(), args.next()) else {
        eprintln!("usage: verify_floor DIR {}", STEPS.join("|"));
        std::process::exit(2);
    };
    let Some(last) = STEPS.iter().position(|s| *s == step) else {
        eprintln!("STEP is one of {}", STEPS.join(", "));
        std::process::exit(2);
    };
    let files: Vec<_> = std::fs::read_dir(&dir).expect("a folder").map(|e| e.expect("an entry").path()).collect();
    let next = AtomicUsize::new(0);
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let bytes = std::fs::read(path).expect("readable");
                    if last == 0 {
                        continue;
                    }
                    let jws: FlattenedJws = serde_json::from_slice(&bytes).expect("a JWS");
                    if last == 1 {
                        continue;
                    }
                    let (_, payload) = jws::verify(&jws).expect("a valid signature");
                    if last == 2 {
                        continue;
                    }
                    std::hint::black_box(Sha256::digest(&payload));
                    assert!(stegvis_core::canonical_json::is_canonical(&payload));
                    if last == 3 {
                        continue;
                    }
                    std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&payload).expect("JSON"));
                }
            });
        }
    });
    eprintln!("{step}: {:.2} s for {} files", started.elapsed().as_secs_f64(), files.len());
}
