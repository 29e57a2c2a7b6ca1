//! Persistent storage (`navigator.storage`): whether the browser may evict
//! the app's data under storage pressure, a request that it does not, and
//! how much space is used and left.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

async fn call(method: &str) -> Option<JsValue> {
    let manager = Reflect::get(&web_sys::window()?.navigator(), &"storage".into()).ok()?;
    let f: Function = Reflect::get(&manager, &method.into()).ok()?.dyn_into().ok()?;
    let promise: Promise = f.call0(&manager).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// `Some(true)` when the data is kept until the person removes it; `None`
/// when the browser cannot tell.
pub async fn persisted() -> Option<bool> {
    call("persisted").await?.as_bool()
}

/// Asks the browser to keep the data; the answer says whether it will.
pub async fn persist() -> Option<bool> {
    call("persist").await?.as_bool()
}

/// Bytes used and bytes the browser allows this app, as it estimates them.
pub async fn estimate() -> Option<(f64, f64)> {
    let e = call("estimate").await?;
    let number = |k: &str| Reflect::get(&e, &k.into()).ok()?.as_f64();
    Some((number("usage")?, number("quota")?))
}
