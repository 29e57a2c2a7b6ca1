//! Leptos screens, one a file. Screens read text and state through hooks and
//! contain no business rules.
//!
//! After an `.await`, a task reads signals and calls callbacks only through
//! `try_*`: staff may have left the screen meanwhile, and reading a disposed
//! signal panics. Writing to one is a no-op.

mod app;
mod case_frame;
mod case_page;
mod change_passphrase_page;
mod close_case_page;
mod enrol_form;
mod evaluator_page;
mod evaluator_results_page;
mod export_page;
mod forgot_passphrase;
mod form_messages;
mod goals_page;
mod hooks;
mod i18n;
mod kiosk_start_page;
mod labels;
mod language_picker;
mod not_found_page;
mod participant_facts_form;
mod participant_fields;
mod participant_page;
mod questions_page;
mod rating_page;
mod roster_page;
mod site_header;
mod staff_form;
mod staff_gate;
mod staff_page;
mod start_page;
mod step_movement_page;
mod storage_message;
mod storage_page;
mod storage_warning;
mod update_banner;
mod survey;
mod survey_page;
mod unlock_form;

use crate::platform::{document, preferences, single_tab, storage, surveys};

/// Mounts the app. The saved language is applied before the first paint, and
/// a kiosk lock is read first so a reload never shows anything but the survey.
/// When storage cannot be opened (blocked by another tab, unavailable), the
/// app still appears, with a message saying what to do.
pub fn start() {
    let language = preferences::language().unwrap_or_default();
    document::apply_language(language);
    let mounted = std::rc::Rc::new(std::cell::Cell::new(false));
    let mount = {
        let mounted = mounted.clone();
        move |kiosk: Option<String>, problem: Option<&'static str>| {
            if !mounted.replace(true) {
                leptos::mount::mount_to_body(move || {
                    leptos::view! { <app::App language=language kiosk=kiosk.clone() startup_problem=problem/> }
                });
            }
        }
    };
    // Leptos' own executor starts with the mount, so this first task uses wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async move {
        // A second tab would overwrite the first one's answers: it waits,
        // and takes over by itself once the other tab is closed.
        if !single_tab::claim().await {
            mount(None, Some(app::SECOND_TAB));
            single_tab::when_free(|| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            return;
        }
        // An upgrade blocked by an old tab does not finish opening while the
        // tab is open: say so after 3 s.
        let on_timeout = mount.clone();
        let timeout =
            gloo_timers::callback::Timeout::new(3_000, move || on_timeout(None, Some("storage.error.blocked")));
        let opened = async {
            let storage = storage::shared().await?;
            surveys::kiosk(&storage).await
        }
        .await;
        timeout.cancel();
        match opened {
            // The old tab let go after the message was shown: the upgrade is
            // done, so start again as usual instead of leaving the message up.
            Ok(_) if mounted.get() => { // not reactive: a Cell
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
            Ok(kiosk) => mount(kiosk, None),
            Err(e) => {
                web_sys::console::warn_1(&format!("storage: {e:?}").into());
                mount(None, Some(storage_message::storage_message_key(&e)));
            }
        }
    });
}
