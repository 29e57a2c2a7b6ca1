//! What the thank-you screen calls to send a participant's answers. In the
//! staff app it is `send`, linked in. The participant's app loads the same
//! code as a module of its own (crates/send, built beside the app; its
//! address is in the page's `<meta name="stegvis-send">`, and the page's
//! inline script loads it), so a phone's first
//! load carries none of the signing, packing and QR drawing. The service
//! worker caches the module with the app, so sending works offline after
//! the first visit.

use serde::{Deserialize, Serialize};

/// A device's signed file: its name and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneFile {
    pub name: String,
    pub text: String,
}

/// One QR code, drawn: its size in modules with the quiet zone, and its
/// dark modules as an SVG path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrDrawing {
    pub extent: usize,
    pub path: String,
}

/// A signed file as QR codes, and the confirmation code both sides see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerCodes {
    pub parts: Vec<QrDrawing>,
    pub confirmation: String,
}

/// Why nothing came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendError {
    /// The sending module could not be fetched (offline before the service
    /// worker had it): the answers are safe, trying again online helps.
    NotLoaded,
    /// The module ran but could not make the file or the codes.
    Failed,
}

#[cfg(feature = "send")]
mod imp {
    use super::*;

    pub fn preload() {}

    pub async fn phone_file(code: &str) -> Result<PhoneFile, SendError> {
        crate::platform::send::phone_file(code).await.ok_or(SendError::Failed)
    }

    pub async fn answer_codes(text: &str) -> Result<AnswerCodes, SendError> {
        crate::platform::send::answer_codes(text).await.ok_or(SendError::Failed)
    }
}

#[cfg(not(feature = "send"))]
mod imp {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    use super::*;

    /// The module, loaded and started once by the page's inline script
    /// (`stegvisSendModule` in index.html: no script file of its own in the
    /// first load).
    fn send_module() -> Promise {
        let load = web_sys::window()
            .and_then(|w| Reflect::get(&w, &"stegvisSendModule".into()).ok())
            .and_then(|f| f.dyn_into::<Function>().ok());
        match load.and_then(|f| f.call0(&JsValue::NULL).ok()).and_then(|p| p.dyn_into::<Promise>().ok()) {
            Some(promise) => promise,
            None => Promise::reject(&"stegvis-send: no loader on this page".into()),
        }
    }

    /// Starts fetching the module, so it is there by the first tap.
    pub fn preload() {
        wasm_bindgen_futures::spawn_local(async {
            let _ = JsFuture::from(send_module()).await;
        });
    }

    async fn call<T: serde::de::DeserializeOwned>(name: &str, arg: &str) -> Result<T, SendError> {
        let module = JsFuture::from(send_module()).await.map_err(|_| SendError::NotLoaded)?;
        let run = async {
            let f: Function = Reflect::get(&module, &name.into()).ok()?.dyn_into().ok()?;
            let promise: Promise = f.call1(&JsValue::NULL, &arg.into()).ok()?.dyn_into().ok()?;
            let text = JsFuture::from(promise).await.ok()?.as_string()?;
            serde_json::from_str(&text).ok()
        };
        run.await.ok_or(SendError::Failed)
    }

    pub async fn phone_file(code: &str) -> Result<PhoneFile, SendError> {
        call("phone_file", code).await
    }

    pub async fn answer_codes(text: &str) -> Result<AnswerCodes, SendError> {
        call("answer_codes", text).await
    }
}

pub use imp::{answer_codes, phone_file, preload};
