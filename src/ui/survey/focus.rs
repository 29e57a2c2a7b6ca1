use leptos::html::H1;
use leptos::prelude::*;

/// Moves focus to a new screen's heading, so screen readers announce it and
/// keyboard users start from the top of the new screen.
pub fn focus_heading_on_mount() -> NodeRef<H1> {
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    heading
}
