//! Files in and out: saving a bundle as a download or through the share
//! sheet, and reading picked or dropped files (after their size is checked).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn blob(text: &str) -> Result<web_sys::Blob, JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    web_sys::Blob::new_with_str_sequence_and_options(&Array::of1(&text.into()), &options)
}

/// Saves `text` as a download named `name`.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    save_blob(name, &blob(text)?)
}

/// Saves bytes (a ZIP archive) as a download named `name`.
pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&Array::of1(&Uint8Array::from(bytes)), &options)?;
    save_blob(name, &blob)
}

fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has taken the file once the click is handled.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

fn file(name: &str, text: &str) -> Result<web_sys::File, JsValue> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type("application/json");
    web_sys::File::new_with_str_sequence_and_options(&Array::of1(&text.into()), name, &options)
}

/// The share data for one file, if this browser can share files at all.
fn share_data(name: &str, text: &str) -> Option<Object> {
    let navigator = web_sys::window()?.navigator();
    let can_share = Reflect::get(&navigator, &"canShare".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let data = Object::new();
    Reflect::set(&data, &"files".into(), &Array::of1(&file(name, text).ok()?.into())).ok()?;
    can_share.call1(&navigator, &data).ok()?.as_bool()?.then_some(data)
}

/// Whether the share sheet can take a file here (phones, some tablets).
pub fn can_share() -> bool {
    share_data("stegvis.json", "{}").is_some()
}

/// Opens the share sheet with the file. `Ok(false)` when the person cancels.
pub async fn share(name: &str, text: &str) -> Result<bool, JsValue> {
    let data = share_data(name, text).ok_or("sharing files is not available")?;
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let share: js_sys::Function = Reflect::get(&navigator, &"share".into())?.unchecked_into();
    let promise: js_sys::Promise = share.call1(&navigator, &data)?.unchecked_into();
    shared(promise).await
}

/// How a share sheet ended: `Ok(false)` when the person cancelled it.
async fn shared(promise: js_sys::Promise) -> Result<bool, JsValue> {
    match JsFuture::from(promise).await {
        Ok(_) => Ok(true),
        Err(e)
            if Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some("AbortError") =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// The files of a file input or a drop, each as (name, size in bytes, the file).
pub fn list(files: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
    let Some(files) = files else { return Vec::new() };
    (0..files.length()).filter_map(|i| files.get(i)).map(|f| (f.name(), f)).collect()
}

/// A file's size, asked for only when the file's turn comes: for a thousand
/// picked files, asking all at once held the page up most of a second.
pub fn size(file: &web_sys::File) -> u64 {
    file.size() as u64
}

/// Reads a whole file; call only after its size is checked.
pub async fn read(file: &web_sys::File) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(file.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`).
pub async fn copy_text(text: &str) -> Result<(), JsValue> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = Reflect::get(&navigator, &"clipboard".into())?;
    let write: js_sys::Function = Reflect::get(&clipboard, &"writeText".into())?.dyn_into()?;
    let promise: js_sys::Promise = write.call1(&clipboard, &text.into())?.dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

/// Whether this browser has a share sheet for a link (phones, tablets).
pub fn can_share_link() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"share".into()).ok())
        .is_some_and(|share| share.is_function())
}

/// Opens the share sheet with a link. `Ok(false)` when the person cancels.
pub async fn share_link(url: &str) -> Result<bool, JsValue> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let data = Object::new();
    Reflect::set(&data, &"url".into(), &url.into())?;
    let share: js_sys::Function = Reflect::get(&navigator, &"share".into())?.dyn_into()?;
    let promise: js_sys::Promise = share.call1(&navigator, &data)?.dyn_into()?;
    shared(promise).await
}
