//! Small, non-sensitive choices remembered on this device (localStorage),
//! read synchronously at start so the first paint is already in the right
//! language. Participant data never goes here.

use gloo_storage::{LocalStorage, Storage};

use crate::core::language::Language;

const LANGUAGE_KEY: &str = "stegvis.language";

/// The language chosen last time, if storage is readable and holds a known code.
pub fn language() -> Option<Language> {
    LocalStorage::get::<String>(LANGUAGE_KEY).ok().and_then(|code| Language::from_code(&code))
}

/// Remembers the language. Failure (private mode, storage blocked in an
/// iframe) only means the choice is not remembered, so it is ignored.
pub fn set_language(lang: Language) {
    let _ = LocalStorage::set(LANGUAGE_KEY, lang.code());
}

const WARN_DAYS_KEY: &str = "stegvis.warn-days";
/// Unexported answers older than this many days bring a warning, unless changed.
pub const DEFAULT_WARN_DAYS: u32 = 7;

/// After how many days unexported answers bring a warning on this device.
pub fn warn_days() -> u32 {
    LocalStorage::get::<u32>(WARN_DAYS_KEY).ok().filter(|d| (1..=365).contains(d)).unwrap_or(DEFAULT_WARN_DAYS)
}

pub fn set_warn_days(days: u32) {
    let _ = LocalStorage::set(WARN_DAYS_KEY, days);
}
