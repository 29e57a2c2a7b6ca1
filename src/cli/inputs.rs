//! Reading bundle files for the command line: paths and folders are walked
//! in a fixed order, each file is read and verified on a worker thread (both
//! cores), and the results come back in input order, at most a few files
//! ahead, so memory holds what one file needs per worker plus what is kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use stegvis::core::bundle::import::{BundleRecords, FileIndex};
use stegvis::core::bundle::{self, jwe, Rejection};

/// What one verified file gives an import.
pub struct Ready {
    /// Its place in its device's chain and its records' digests.
    pub index: FileIndex,
    pub label: String,
    pub created: String,
    /// Its records and those of bundles forwarded in it.
    pub records: Vec<BundleRecords>,
}

impl Ready {
    pub fn forms(&self) -> usize {
        self.records.iter().map(BundleRecords::forms).sum()
    }

    pub fn answers(&self) -> usize {
        self.records.iter().map(BundleRecords::answers).sum()
    }
}

pub type Checked = Result<Ready, Rejection>;

/// Every file named, and every file under a folder named (hidden files left
/// out), in the order given; a folder's files in the order of their paths
/// with numbers as numbers, so a device's file 10 comes after its file 9.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort_by_cached_key(|p| (natural(&p.to_string_lossy()), p.clone()));
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// A sort key comparing runs of digits by their value.
fn natural(text: &str) -> Vec<(String, u128)> {
    let mut key = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits > 0 {
            key.push((String::new(), rest[..digits].parse().unwrap_or(u128::MAX)));
            rest = &rest[digits..];
        } else {
            let text_end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
            key.push((rest[..text_end].to_string(), 0));
            rest = &rest[text_end..];
        }
    }
    key
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // A link to a folder is walked like the folder.
        if std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads and checks one file as the browser's import does: the size first,
/// an encrypted file opened with the evaluator's key, then the bundle verified.
pub fn check(path: &Path, key: Option<&jwe::PrivateKey>) -> std::io::Result<Checked> {
    if std::fs::metadata(path)?.len() > bundle::MAX_BYTES {
        return Ok(Err(Rejection::TooLarge));
    }
    let bytes = std::fs::read(path)?;
    let opened;
    let bytes = if jwe::parse(&bytes).is_some() {
        let Some(key) = key else { return Ok(Err(Rejection::NoKeyToOpen)) };
        opened = match jwe::open(&bytes, key) {
            Ok(plain) => plain,
            Err(jwe::OpenProblem::NoKey) => return Ok(Err(Rejection::NoKeyToOpen)),
            Err(jwe::OpenProblem::CannotOpen) => return Ok(Err(Rejection::CannotOpen)),
        };
        opened.as_slice()
    } else {
        bytes.as_slice()
    };
    Ok(bundle::verify(bytes).map(|v| Ready {
        index: FileIndex::of(&v, String::new()),
        label: v.payload.device.label.clone(),
        created: v.payload.created.clone(),
        records: BundleRecords::of(&v),
    }))
}

/// Checks `files` on every core and hands each result to `each` in input order.
pub fn each_checked(
    files: &[PathBuf],
    key: Option<&jwe::PrivateKey>,
    mut each: impl FnMut(&Path, std::io::Result<Checked>),
) {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(files.len().max(1));
    // Workers run at most this many files ahead of the one handed on.
    let window = workers * 4;
    let next = AtomicUsize::new(0);
    let state = Mutex::new((0usize, BTreeMap::<usize, std::io::Result<Checked>>::new()));
    let changed = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    return;
                }
                {
                    let mut s = state.lock().expect("no worker panics holding the lock");
                    while i >= s.0 + window {
                        s = changed.wait(s).expect("no worker panics holding the lock");
                    }
                }
                // A panic in a check is that file's failure, never a hang of the rest.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&files[i], key)))
                    .unwrap_or_else(|_| Err(std::io::Error::other("the check of this file failed")));
                state.lock().expect("no worker panics holding the lock").1.insert(i, result);
                changed.notify_all();
            });
        }
        // Should `each` panic, the workers are let go instead of waiting for it.
        struct Release<'a>(&'a Mutex<(usize, BTreeMap<usize, std::io::Result<Checked>>)>, &'a Condvar);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                if let Ok(mut s) = self.0.lock() {
                    s.0 = usize::MAX / 2;
                }
                self.1.notify_all();
            }
        }
        let _release = Release(&state, &changed);
        for (i, path) in files.iter().enumerate() {
            let result = {
                let mut s = state.lock().expect("no worker panics holding the lock");
                loop {
                    if let Some(r) = s.1.remove(&i) {
                        s.0 = i + 1;
                        break r;
                    }
                    s = changed.wait(s).expect("no worker panics holding the lock");
                }
            };
            changed.notify_all();
            each(path, result);
        }
    });
}
