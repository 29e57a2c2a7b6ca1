//! Small helpers over `crypto.subtle`, shared by the modules that use WebCrypto.

use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Calls `crypto.subtle.<method>(...args)` and waits for it.
pub async fn subtle(method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let subtle: JsValue = web_sys::window().ok_or("no window")?.crypto()?.subtle().into();
    let f: Function = Reflect::get(&subtle, &method.into())?.dyn_into()?;
    let promise: Promise = f.apply(&subtle, &args.iter().collect::<Array>())?.dyn_into()?;
    JsFuture::from(promise).await
}

pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

pub fn ecdh() -> JsValue {
    object(&[("name", "ECDH".into()), ("namedCurve", "P-256".into())])
}

pub fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from(*u)).collect::<Array>().into()
}

pub fn bytes(v: &JsValue) -> Vec<u8> {
    Uint8Array::new(v.unchecked_ref::<ArrayBuffer>()).to_vec()
}

pub fn u8s(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

