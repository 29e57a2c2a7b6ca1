//! The staff and evaluator app in the browser; natively, the command line
//! `stegvis` (see `cli`): verify, package and report bundle files, and the
//! build's content step.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic shows in the console with its message instead of "unreachable".
    console_error_panic_hook::set_once();
    stegvis::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
mod cli;

// The command line holds a million parsed answers in millions of small
// allocations; mimalloc keeps them in less memory than the system allocator
// (`stegvis package` of 10 000 bundles: a peak of about 480 MB instead of 610).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of the
/// vendored mimalloc 3; the crate's own constants still carry older names).
/// The test below checks that this place holds the purge delay's default
/// (1 000 ms in mimalloc 3's `options.c`).
#[cfg(not(target_arch = "wasm32"))]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Memory freed is handed back to the system after 100 ms, not a second:
    // the import frees every file's text while the records it keeps grow,
    // and with mimalloc's one-second delay the peak of `stegvis package`
    // over 10 000 bundles varied from 446 to 513 MB between runs. At once
    // (0 ms) it stayed near 380 MB, but the same pages were handed back and
    // zeroed again by the system so often that the run took 15-25 % longer;
    // at 100 ms the peak is 395-430 MB.
    // SAFETY: sets a number in mimalloc's option table; no allocation is live
    // that depends on it.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 100) };
    cli::run()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn the_purge_delay_is_the_option_set() {
        // 1 000 ms is the purge delay's default; no neighbouring option has it.
        // SAFETY: reads mimalloc's option table.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(super::PURGE_DELAY), 1000);
        assert_ne!(get(super::PURGE_DELAY - 1), 1000);
        assert_ne!(get(super::PURGE_DELAY + 1), 1000);
    }
}
