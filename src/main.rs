#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic shows in the console with its message instead of "unreachable".
    console_error_panic_hook::set_once();
    stegvis::ui::start();
}

// The app only runs in the browser; a native `cargo build` still has to link.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Stegvis runs in the browser. Use `make run`.");
}
