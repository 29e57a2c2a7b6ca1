//! The device clock, as ISO 8601 UTC text (what responses store).

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
