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
