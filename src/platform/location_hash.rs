//! The URL fragment, where the current route lives, and the way between the
//! two apps: the participant's at the root, the staff app in `personal/`.

use gloo_events::EventListener;

use crate::core::route::{Route, STAFF_APP};

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

/// Leaves for the other app at the same route, replacing this page in the
/// history (back does not bounce here again).
fn replace_with(folder: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(&format!("{folder}{}", current()));
    }
}

/// In the participant's app: a route it does not have (a staff or evaluator
/// link opened at the root) goes to the staff app, so every link handed out
/// before the split still lands where it did. `route.js` does this before the
/// wasm loads; this covers a route reached from inside the app.
pub fn hand_over_to_other_app() -> bool {
    let served = Route::from_hash(&current()).in_participant_app();
    if cfg!(feature = "staff") || served {
        return false;
    }
    replace_with(STAFF_APP);
    true
}

/// In the participant's app, on a staff device (a kiosk survey, sealed
/// records): the staff app shows the same route, and only staff unlock it.
/// False in the staff app, which is that app.
pub fn open_in_staff_app() -> bool {
    if cfg!(feature = "staff") {
        return false;
    }
    replace_with(STAFF_APP);
    true
}

/// The `href` of a link to `route` from this app: a fragment when this app
/// has the screen, otherwise the other app's folder and the fragment.
pub fn href(route: &Route) -> String {
    let hash = route.to_hash();
    match (cfg!(feature = "staff"), route.in_participant_app()) {
        (false, false) => format!("{STAFF_APP}{hash}"),
        (true, true) if *route == Route::Participant => format!("../{hash}"),
        _ => hash,
    }
}

/// The whole address of the participant's app at `hash`, to hand to a
/// participant: never the staff app's folder, so a phone gets the small app.
pub fn participant_url(hash: &str) -> String {
    let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let root = if cfg!(feature = "staff") { "../" } else { "./" };
    web_sys::Url::new_with_base(root, &here).map(|u| format!("{}{hash}", u.href())).unwrap_or_default()
}
