//! The URL fragment, where the current route lives.

use gloo_events::EventListener;

pub fn current() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Goes to `hash` (with its `#`), as a link would: back returns here.
pub fn go(hash: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Calls `on_change` with the new fragment after every `hashchange`
/// (links, back and forward). Dropping the listener stops it.
pub fn listen(mut on_change: impl FnMut(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "hashchange", move |_| on_change(current())))
}
