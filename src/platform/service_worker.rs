//! The service worker (`sw.js`, written at build time by
//! scripts/finish-build.mjs): registered so the app starts with no network
//! after the first visit; tells the page when a new version is waiting, and
//! switches to it only when the person asks.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// `navigator.serviceWorker`, absent on insecure origins and some embeddings.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let sw = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!sw.is_undefined() && !sw.is_null()).then(|| sw.unchecked_into())
}

fn controlled() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

/// Registers the worker, a few seconds after the page starts: its install
/// downloads the participant's app in every language, which would otherwise
/// compete with the first question for the network and the processor.
/// `on_waiting` runs when a new version has been installed while an older
/// one controls the page.
pub fn register(on_waiting: impl Fn() + 'static) {
    gloo_timers::callback::Timeout::new(REGISTER_AFTER_MS, move || register_now(on_waiting)).forget();
}

/// Long enough for the first question on a slow phone, short enough that a
/// participant who stays a minute has the app offline.
const REGISTER_AFTER_MS: u32 = 3_000;

fn register_now(on_waiting: impl Fn() + 'static) {
    let Some(c) = container() else { return };
    let on_waiting: Rc<dyn Fn()> = Rc::new(on_waiting);
    // One worker at the root serves both apps; the staff app is in personal/.
    let promise = c.register(if cfg!(feature = "staff") { "../sw.js" } else { "./sw.js" });
    wasm_bindgen_futures::spawn_local(async move {
        // Without a worker the app still works online; nothing to tell.
        let Ok(registration) = JsFuture::from(promise).await else { return };
        // Some hosts resolve a blocked registration with nothing.
        let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else { return };
        if cfg!(feature = "staff") {
            cache_staff_app(&c);
        }
        if registration.waiting().is_some() && controlled() {
            on_waiting();
        }
        let watched = registration.clone();
        let found = Closure::<dyn Fn()>::new(move || {
            let Some(worker) = watched.installing() else { return };
            let (w, on_waiting) = (worker.clone(), on_waiting.clone());
            let changed = Closure::<dyn Fn()>::new(move || {
                if w.state() == ServiceWorkerState::Installed && controlled() {
                    on_waiting();
                }
            });
            worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
            changed.forget();
        });
        registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
    });
}

/// Asks the active worker to keep the staff app offline too: only devices
/// that open it cache it, so a participant's phone never downloads it.
fn cache_staff_app(c: &ServiceWorkerContainer) {
    let Ok(ready) = c.ready() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let active = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.active());
        if let Some(worker) = active {
            let _ = worker.post_message(&JsValue::from_str("cache-staff"));
        }
    });
}

/// Switches to the waiting version and reloads, once no answer is on its
/// way to storage.
pub async fn apply_update() {
    crate::platform::surveys::settled().await;
    let reload = || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let Some(c) = container() else { return reload() };
    let waiting = JsFuture::from(c.get_registration())
        .await
        .ok()
        .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        .and_then(|r| r.waiting());
    let Some(waiting) = waiting else { return reload() };
    let changed = Closure::once_into_js(reload);
    c.set_oncontrollerchange(Some(changed.unchecked_ref()));
    let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
}
