//! The sending module of the participant's app (see `platform::sender`):
//! built beside the app by `scripts/build.sh`, fetched only when a survey is
//! sent in, and cached by the service worker with the rest of the app.
//! Each function answers in JSON, or `undefined` when it could not.

#[cfg(target_arch = "wasm32")]
mod exports {
    use stegvis::platform::send;
    use wasm_bindgen::prelude::*;

    /// Every answer on this phone as one signed file (`PhoneFile`).
    #[wasm_bindgen]
    pub async fn phone_file(code: String) -> Option<String> {
        serde_json::to_string(&send::phone_file(&code).await?).ok()
    }

    /// A signed file as QR codes (`AnswerCodes`).
    #[wasm_bindgen]
    pub async fn answer_codes(text: String) -> Option<String> {
        serde_json::to_string(&send::answer_codes(&text).await?).ok()
    }
}
