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

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run()
}
