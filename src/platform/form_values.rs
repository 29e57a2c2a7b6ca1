//! Reads a submitted form's fields by name, as the browser would send them.

use wasm_bindgen::JsCast;

/// The value of each named field (empty when nothing is chosen or written).
pub fn read(event: &web_sys::SubmitEvent, names: &[&str]) -> Vec<(String, String)> {
    let data = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        .and_then(|form| web_sys::FormData::new_with_form(&form).ok());
    names
        .iter()
        .map(|name| {
            let value = data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default();
            (name.to_string(), value)
        })
        .collect()
}
