//! The participant's app: what a participant's link opens on a phone.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic shows in the console with its message instead of "unreachable".
    console_error_panic_hook::set_once();
    stegvis::ui::start();
}

// Only the browser runs it; a native `cargo build` of the workspace still links.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The participant's app runs in the browser: use `make run`.");
}
