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

/// Moves focus to the first element matching `selector`, once the screen
/// has been drawn (after a save redraws it, or to the first field to fix).
pub fn focus_first(selector: impl Into<String>) {
    use wasm_bindgen::JsCast;
    let selector = selector.into();
    gloo_timers::callback::Timeout::new(0, move || {
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = found {
            let _ = element.focus();
        }
    })
    .forget();
}

/// Empties every form on the screen: after a save, what was typed and
/// chosen is stored, and a second tap must not store it again.
pub fn reset_forms() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(forms) = document.query_selector_all("main form") else { return };
    for i in 0..forms.length() {
        if let Some(form) = forms.item(i).and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) {
            form.reset();
        }
    }
}

/// Takes away what the page shows until the app draws its first screen
/// (`#starting` in index.html and personal.html), and a load problem the
/// page's script showed for an error before it (the app did start after all).
pub fn remove_starting() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    for selector in ["#starting", "main.load-problem"] {
        if let Ok(Some(element)) = document.query_selector(selector) {
            element.remove();
        }
    }
}

/// Shows the page's built-in notice (in the HTML, in Swedish) that the app
/// could not load what it needs: on a first visit with no network, or a
/// host missing a file. The app itself cannot speak without its words.
pub fn show_load_problem() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let notice = document.get_element_by_id("load-problem").and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok());
    if let (Some(notice), Some(body)) = (notice, document.body()) {
        remove_starting();
        let _ = body.append_child(&notice.content());
    }
}
