use leptos::prelude::*;

use crate::core::route::Route;
use crate::platform::location_hash;

/// The current route, following the URL fragment (links, back, forward, reload).
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::from_hash(&location_hash::current()));
    // The same route again (the start-up went to it before the app mounted)
    // does not draw its screen again.
    let follow = move |hash: String| {
        let next = Route::from_hash(&hash);
        if route.with_untracked(|r| *r != next) {
            set_route.set(next);
        }
    };
    if let Some(listener) = location_hash::listen(follow) {
        // The router lives as long as the page.
        listener.forget();
    }
    route
}
