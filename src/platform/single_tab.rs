//! One tab at a time: two tabs on the same survey or case would each save
//! their own copy and overwrite the other's answers. The first tab holds a
//! Web Lock for as long as it is open; a second tab waits for it.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const LOCK: &str = "stegvis-open";

fn locks() -> Option<JsValue> {
    let locks = Reflect::get(&web_sys::window()?.navigator(), &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// `navigator.locks.request(LOCK, options, callback)`, the lock held until
/// the page goes (the callback's promise never settles). Returns the
/// request's own promise, which rejects when the browser refuses locks
/// (site data blocked: a `SecurityError`), and then the callback never runs.
fn request(options: &Object, then: impl FnOnce(bool) + 'static) -> Option<Promise> {
    let locks = locks()?;
    let request: Function = Reflect::get(&locks, &"request".into()).ok()?.dyn_into().ok()?;
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        then(!lock.is_null());
        if lock.is_null() {
            Promise::resolve(&JsValue::UNDEFINED)
        } else {
            Promise::new(&mut |_, _| {})
        }
    });
    request.call3(&locks, &LOCK.into(), options, &callback).ok()?.dyn_into().ok()
}

/// `true` when this is the only tab (or the browser has no Web Locks);
/// `false` when another tab of Stegvis is open.
pub async fn claim() -> bool {
    // The participant's page asks for the lock in its inline script, before
    // the wasm has loaded (index.html, `stegvisTabLock`): its answer, if any.
    if let Some(window) = web_sys::window() {
        if let Ok(early) = Reflect::get(&window, &"stegvisTabLock".into()).and_then(|p| p.dyn_into::<Promise>()) {
            return JsFuture::from(early).await.ok().and_then(|v| v.as_bool()).unwrap_or(true);
        }
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &true.into());
    // The lock's callback settles this promise; the request's own promise
    // never settles while the lock is held.
    let mut requested = false;
    let held = Promise::new(&mut |resolve, _| {
        let on_refused = resolve.clone();
        let Some(pending) = request(&options, move |held| {
            let _ = resolve.call1(&JsValue::NULL, &held.into());
        }) else {
            return;
        };
        requested = true;
        // Locks refused: the tab cannot know about others, so it goes on
        // (and storage, refused the same way, says what happened).
        let refused = Closure::once(move |_: JsValue| {
            let _ = on_refused.call1(&JsValue::NULL, &true.into());
        });
        let _ = pending.catch(&refused);
        refused.forget();
    });
    if !requested {
        return true;
    }
    JsFuture::from(held).await.ok().and_then(|v| v.as_bool()).unwrap_or(true)
}

/// Once the other tab closes, `then` runs (this tab then holds the lock).
pub fn when_free(then: impl FnOnce() + 'static) {
    let _ = request(&Object::new(), move |_| then());
}
