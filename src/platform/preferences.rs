//! Small, non-sensitive choices remembered on this device (localStorage),
//! read synchronously at start so the first paint is already in the right
//! language. Participant data never goes here.
//!
//! localStorage is optional: with site data blocked, merely reaching it
//! throws (a `SecurityError`), so every access goes through [`local`] and
//! a failure only means the choice is not remembered. Values are JSON, as
//! the page's inline start-up script reads them.

use crate::core::language::Language;

const LANGUAGE_KEY: &str = "stegvis.language";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

fn set(key: &str, json: &str) {
    if let Some(storage) = local() {
        // Full or refused: not remembered, nothing else changes.
        let _ = storage.set_item(key, json);
    }
}

/// The language chosen last time, if storage is readable and holds a known code.
pub fn language() -> Option<Language> {
    let saved = get(LANGUAGE_KEY)?;
    Language::from_code(saved.trim_matches('"'))
}

/// Remembers the language. Failure (private mode, storage blocked in an
/// iframe) only means the choice is not remembered, so it is ignored.
pub fn set_language(lang: Language) {
    set(LANGUAGE_KEY, &format!("\"{}\"", lang.code()));
}

const WARN_DAYS_KEY: &str = "stegvis.warn-days";
/// Unexported answers older than this many days bring a warning, unless changed.
pub const DEFAULT_WARN_DAYS: u32 = 7;

/// After how many days unexported answers bring a warning on this device.
pub fn warn_days() -> u32 {
    get(WARN_DAYS_KEY).and_then(|d| d.parse().ok()).filter(|d| (1..=365).contains(d)).unwrap_or(DEFAULT_WARN_DAYS)
}

pub fn set_warn_days(days: u32) {
    set(WARN_DAYS_KEY, &days.to_string());
}
