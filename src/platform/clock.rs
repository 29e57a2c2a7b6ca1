//! The device clock, as ISO 8601 UTC text (what responses store).

use wasm_bindgen::JsCast;

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Today's date (UTC) as `YYYY-MM-DD`, as date inputs and records use it.
pub fn today() -> String {
    now_iso().chars().take(10).collect()
}

/// Milliseconds since the page started, for measuring durations.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Leaves a named mark on the browser's performance timeline, so the
/// benchmark (and DevTools) can see when something happened.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// [`mark`] for something that happened at `at` ([`now_ms`]'s clock), and
/// what did it (`by`, the mark's detail).
pub fn mark_at(name: &str, at: f64, by: &str) {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else { return };
    // `mark(name, {startTime, detail})`, which web-sys has only as unstable.
    let options = super::webcrypto::object(&[("startTime", at.clamp(0.0, p.now()).into()), ("detail", by.into())]);
    let marked = js_sys::Reflect::get(&p, &"mark".into())
        .and_then(|m| m.dyn_into::<js_sys::Function>())
        .and_then(|mark| mark.call2(&p, &name.into(), &options));
    // A browser without these options still gets the mark, made now.
    if marked.is_err() {
        let _ = p.mark(name);
    }
}
