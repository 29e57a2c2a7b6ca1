//! Guards the rule in `src/ui/mod.rs`: after an `.await`, a background task
//! reads signals and calls callbacks only through `try_*`. Staff may have
//! left the screen meanwhile, and a plain read of a disposed signal panics
//! (stop 13's CI failed on exactly that). A text scan, not a parser: it looks
//! inside every `spawn_local(async move { … })` in `src/ui` for plain reads
//! that come after the task's first `.await`.

use std::fs;

/// Reads that panic on a disposed signal or callback.
const PLAIN_READS: [&str; 6] = [
    ".get()",
    ".get_untracked()",
    ".with(",
    ".with_untracked(",
    ".read()",
    ".run(",
];

/// The body of each task spawned in `source`: the text between the braces of
/// `spawn_local(async move { … })`, counted so nested blocks stay inside.
fn task_bodies(source: &str) -> Vec<&str> {
    let mut bodies = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("spawn_local(async move {") {
        let start = at + "spawn_local(async move {".len();
        let mut depth = 1;
        let mut end = start;
        for (i, c) in rest[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = start + i;
                break;
            }
        }
        bodies.push(&rest[start..end]);
        rest = &rest[end..];
    }
    bodies
}

/// Plain reads after the first `.await` of a task body, as the lines they
/// are on. Comments are skipped, and so is a line marked `// not reactive`
/// (a `Cell` has `.get()` too).
fn reads_after_await(body: &str) -> Vec<String> {
    let Some(first_await) = body.find(".await") else { return Vec::new() };
    body[first_await..]
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("//") && !line.contains("// not reactive"))
        .filter(|line| {
            PLAIN_READS.iter().any(|read| {
                line.match_indices(read).any(|(i, _)| !line[..i].ends_with("try"))
            })
        })
        .map(String::from)
        .collect()
}

#[test]
fn ui_tasks_read_through_try_after_an_await() {
    let mut found = Vec::new();
    let mut tasks = 0;
    for entry in fs::read_dir("src/ui").expect("src/ui") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = fs::read_to_string(&path).expect("source");
        for body in task_bodies(&source) {
            tasks += 1;
            for line in reads_after_await(body) {
                found.push(format!("{}: {line}", path.display()));
            }
        }
    }
    assert!(tasks >= 20, "the scan found only {tasks} tasks in src/ui");
    assert!(found.is_empty(), "plain reads after an .await:\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_a_plain_read_after_an_await_and_passes_try_reads() {
    let source = r#"
        spawn_local(async move {
            let who = name.get_untracked();
            let saved = save(&who).await;
            if let Some(x) = label.try_get_untracked() { show(x); }
            on_done.run(saved);
            if flag.get() { // not reactive: a Cell
            }
            let inner = { let y = 1; y };
            status.set(Some(inner));
        });
        let after = other.get();
    "#;
    let bodies = task_bodies(source);
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].contains("status.set(Some(inner));"), "nested braces stay inside");
    assert!(!bodies[0].contains("other.get()"), "the body ends at its own brace");
    assert_eq!(reads_after_await(bodies[0]), vec!["on_done.run(saved);".to_string()]);
}
