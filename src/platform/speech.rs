//! Read-aloud with the browser's speech synthesis, only in a voice of the
//! requested language: never Swedish for an Arabic question.

use wasm_bindgen::JsValue;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance};

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window().and_then(|w| w.speech_synthesis().ok())
}

fn speaks(voice: &JsValue, lang: &str) -> bool {
    // Read as a plain property: voices differ between browsers.
    let tag = js_sys::Reflect::get(voice, &"lang".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace('_', "-");
    tag == lang || tag.starts_with(&format!("{lang}-"))
}

/// True when a voice speaks `lang` (a BCP 47 primary tag such as `ar`).
pub fn has_voice(lang: &str) -> bool {
    synthesis().is_some_and(|s| s.get_voices().iter().any(|v| speaks(&v, lang)))
}

/// Browsers load their voices after the page: wait for them once, at most a second.
async fn voices_loaded(synth: &SpeechSynthesis) {
    if synth.get_voices().length() > 0 {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        synth.set_onvoiceschanged(Some(&resolve));
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1_000);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    synth.set_onvoiceschanged(None);
}

/// Reads `text` in `lang`, stopping anything read before. Returns false when
/// there is no voice for the language (and reads nothing); the browser picks
/// its voice from the utterance's language.
pub async fn speak(text: &str, lang: &str) -> bool {
    let Some(synth) = synthesis() else { return false };
    voices_loaded(&synth).await;
    if !has_voice(lang) {
        return false;
    }
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else { return false };
    utterance.set_lang(lang);
    synth.cancel();
    synth.speak(&utterance);
    true
}

/// Stops reading, for instance when the question on screen changes.
pub fn stop() {
    if let Some(synth) = synthesis() {
        synth.cancel();
    }
}
