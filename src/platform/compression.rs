//! Deflate through the browser's own `CompressionStream` and
//! `DecompressionStream` ("deflate-raw"): no compressor in the wasm. Used to
//! carry a phone's signed answers in as few QR codes as possible.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

async fn through(stream_kind: &str, bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let global = js_sys::global();
    let kind: Function = Reflect::get(&global, &stream_kind.into())?.dyn_into()?;
    let transform = Reflect::construct(&kind, &Array::of1(&"deflate-raw".into()))?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))?;
    let stream: Function = Reflect::get(&blob, &"stream".into())?.dyn_into()?;
    let readable = stream.call0(&blob)?;
    let pipe: Function = Reflect::get(&readable, &"pipeThrough".into())?.dyn_into()?;
    let out = pipe.call1(&readable, &transform)?;
    let response_kind: Function = Reflect::get(&global, &"Response".into())?.dyn_into()?;
    let response = Reflect::construct(&response_kind, &Array::of1(&out))?;
    let read: Function = Reflect::get(&response, &"arrayBuffer".into())?.dyn_into()?;
    let buffer = JsFuture::from(read.call0(&response)?.dyn_into::<js_sys::Promise>()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    through("CompressionStream", bytes).await
}

/// Fails on bytes that are not deflate data (a damaged or foreign transfer).
pub async fn inflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    through("DecompressionStream", bytes).await
}
