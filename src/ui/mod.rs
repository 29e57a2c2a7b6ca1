//! Leptos screens, one a file. Screens read text and state through hooks and
//! contain no business rules.

mod app;
mod evaluator_page;
mod hooks;
mod i18n;
mod language_picker;
mod not_found_page;
mod participant_page;
mod questions_page;
mod site_header;
mod staff_page;
mod start_page;

use crate::platform::{document, preferences};

/// Mounts the app. The saved language is applied before the first paint.
pub fn start() {
    let language = preferences::language().unwrap_or_default();
    document::apply_language(language);
    leptos::mount::mount_to_body(move || leptos::view! { <app::App language=language/> });
}
