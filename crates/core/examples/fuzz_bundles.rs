//! A million hostile bundle files through `bundle::verify`:
//! `cargo run --release -p stegvis-core --example fuzz_bundles -- 1000000`.
//! Options: `--seed N` (another run), `--threads N`, `--replay CASE` (one
//! case by the seed a failure names; `--dump FILE` writes its input).
//! Exits with 1 on any panic or wrongly accepted file.

#[path = "../tests/support/bundle_fuzz.rs"]
mod bundle_fuzz;

fn number(text: &str) -> u64 {
    let text = text.replace('_', "");
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    }
    .unwrap_or_else(|_| panic!("not a number: {text}"))
}

fn main() {
    let mut count = 1_000_000;
    let mut base = 0x5EED;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut replay = None;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--seed" => base = number(&value()),
            "--threads" => threads = number(&value()) as usize,
            "--replay" => replay = Some(number(&value())),
            "--dump" => dump = Some(value()),
            n => count = number(n),
        }
    }
    if let Some(case_seed) = replay {
        let seeds = bundle_fuzz::seeds();
        let case = bundle_fuzz::case(&seeds, case_seed);
        println!("case {case_seed:#018x}: {} ({} bytes)", case.kind, case.input.len());
        if let Some(path) = dump {
            std::fs::write(&path, &case.input).expect("the dump file is writable");
            println!("input written to {path}");
        }
        match bundle_fuzz::run_case(&case, case_seed) {
            Ok(Ok(v)) => println!("accepted: payload hash {}", v.hash),
            Ok(Err(r)) => println!("rejected: {r:?}"),
            Err(message) => println!("panicked: {message}"),
        }
        return;
    }
    println!("fuzzing bundle::verify: {count} cases, seed {base:#x}, {threads} threads");
    let report = bundle_fuzz::run(count, base, threads, true);
    print!("{report}");
    if !report.ok() {
        std::process::exit(1);
    }
}
