use leptos::prelude::*;

use crate::platform::{document, preferences};
use crate::ui::i18n::I18n;

/// Provides the language to every screen, and keeps `<html lang dir>` and the
/// remembered choice in step with it.
pub fn use_language(i18n: I18n) {
    provide_context(i18n);
    Effect::new(move |_| {
        let language = i18n.language.get();
        document::apply_language(language);
        preferences::set_language(language);
    });
}
