//! Leptos screens, one a file. Screens read text and state through hooks and
//! contain no business rules.

mod app;
mod evaluator_page;
mod hooks;
mod i18n;
mod kiosk_start_page;
mod labels;
mod language_picker;
mod not_found_page;
mod participant_page;
mod questions_page;
mod site_header;
mod staff_page;
mod start_page;
mod storage_message;
mod survey;
mod survey_page;

use crate::platform::{document, preferences, storage, surveys};

/// Mounts the app. The saved language is applied before the first paint, and
/// a kiosk lock is read first so a reload never shows anything but the survey.
pub fn start() {
    let language = preferences::language().unwrap_or_default();
    document::apply_language(language);
    // Leptos' own executor starts with the mount, so this first task uses wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async move {
        let kiosk = match storage::shared().await {
            Ok(storage) => surveys::kiosk(&storage).await.ok().flatten(),
            Err(e) => {
                web_sys::console::warn_1(&format!("storage: {e:?}").into());
                None
            }
        };
        leptos::mount::mount_to_body(move || leptos::view! { <app::App language=language kiosk=kiosk.clone()/> });
    });
}
