//! The `<html>` element's language and direction.

use crate::core::language::Language;

/// Sets `lang` and `dir` on `<html>` so screen readers pick the right voice and
/// the layout mirrors for right-to-left languages.
pub fn apply_language(lang: Language) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = root.set_attribute("lang", lang.code());
    let _ = root.set_attribute("dir", lang.direction().as_str());
}

pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}
