use leptos::prelude::*;

use crate::core::route::Route;
use crate::platform::location_hash;

/// The current route, following the URL fragment (links, back, forward, reload).
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(Route::from_hash(&location_hash::current()));
    if let Some(listener) = location_hash::listen(move |hash| set_route.set(Route::from_hash(&hash))) {
        // The router lives as long as the page.
        listener.forget();
    }
    route
}
