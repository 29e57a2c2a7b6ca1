//! Leptos screens, one a file. Screens read text and state through hooks and
//! contain no business rules.
//!
//! After an `.await`, a task reads signals and calls callbacks only through
//! `try_*`: staff may have left the screen meanwhile, and reading a disposed
//! signal panics. Writing to one is a no-op.

// Screens of both apps: the participant's path and the frame around it.
mod app_frame;
mod hooks;
mod i18n;
mod language_picker;
mod not_found_page;
mod participant_page;
mod site_header;
mod start_page;
mod storage_message;
mod survey;
mod survey_page;
mod update_banner;

// The participant's app routes its own screens and hands every other route
// to the staff and evaluator app.
#[cfg(not(feature = "staff"))]
mod participant_app;

/// Modules only the staff and evaluator app has.
macro_rules! staff_only {
    ($($name:ident),* $(,)?) => { $(#[cfg(feature = "staff")] mod $name;)* };
}
staff_only!(
    app,
    case_frame,
    case_page,
    change_passphrase_page,
    close_case_page,
    coverage_table,
    enrol_form,
    evaluator_page,
    evaluator_results_page,
    export_page,
    forgot_passphrase,
    form_messages,
    goals_page,
    kiosk_start_page,
    link_share,
    participant_facts_form,
    participant_fields,
    questions_page,
    rating_page,
    receive_page,
    roster_page,
    staff_form,
    staff_gate,
    staff_page,
    step_movement_page,
    storage_page,
    storage_warning,
    unlock_form,
    worklist,
);

#[cfg(feature = "staff")]
use app::App;
#[cfg(not(feature = "staff"))]
use participant_app::App;

use crate::platform::{clock, content, document, location_hash, preferences, single_tab, storage, surveys};

/// The start-up problem of a tab opened while another tab of Stegvis runs.
pub const SECOND_TAB: &str = "storage.error.second_tab";

/// Mounts the app. The saved language is applied before the first paint, and
/// a kiosk lock is read first so a reload never shows anything but the survey.
/// When storage cannot be opened (blocked by another tab, unavailable), the
/// app still appears, with a message saying what to do.
///
/// The participant's app first hands a route it does not serve to the staff
/// app, and fetches its words (started before the wasm by `route.js`) while
/// storage opens.
pub fn start() {
    let language = preferences::language().unwrap_or_default();
    document::apply_language(language);
    // Marks of where start-up time goes, for the benchmark and DevTools.
    clock::mark("stegvis:wasm-started");
    if location_hash::hand_over_to_other_app() {
        return;
    }
    content::prefetch(language);
    let mounted = std::rc::Rc::new(std::cell::Cell::new(false));
    let mount = {
        let mounted = mounted.clone();
        move |kiosk: Option<String>, problem: Option<&'static str>| {
            if !mounted.replace(true) {
                document::remove_starting();
                leptos::mount::mount_to_body(move || {
                    leptos::view! { <App language=language kiosk=kiosk.clone() startup_problem=problem/> }
                });
            }
        }
    };
    // Leptos' own executor starts with the mount, so this first task uses wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async move {
        // A second tab would overwrite the first one's answers: it waits,
        // and takes over by itself once the other tab is closed.
        if !single_tab::claim().await {
            if words_loaded(language).await {
                mount(None, Some(SECOND_TAB));
            }
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
        let timeout = gloo_timers::callback::Timeout::new(3_000, move || {
            // The participant's app says it in words it may still be fetching.
            wasm_bindgen_futures::spawn_local(async move {
                if words_loaded(language).await {
                    on_timeout(None, Some("storage.error.blocked"));
                }
            });
        });
        let opened = async {
            let storage = storage::shared().await?;
            clock::mark("stegvis:storage-open");
            // The worker that stores a participant's taps gets its script and
            // opens the database while the first question is being drawn, so it
            // is ready for the first tap (it runs on a thread of its own).
            #[cfg(not(feature = "staff"))]
            storage.start_save_worker();
            surveys::kiosk(&storage).await
        }
        .await;
        timeout.cancel();
        // A device locked to a kiosk survey is a staff device: its app shows the survey.
        if matches!(&opened, Ok(Some(_))) && location_hash::open_in_staff_app() {
            return;
        }
        if !words_loaded(language).await {
            return;
        }
        clock::mark("stegvis:words-loaded");
        match opened {
            // The old tab let go after the message was shown: the upgrade is
            // done, so start again as usual instead of leaving the message up.
            Ok(_) if mounted.get() => { // not reactive: a Cell
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
            Ok(None) => {
                // A participant's link opens its survey before the app mounts,
                // so the first thing drawn is the first question.
                #[cfg(not(feature = "staff"))]
                participant_page::open_link_survey(language).await;
                mount(None, None)
            }
            Ok(kiosk) => mount(kiosk, None),
            Err(e) => {
                web_sys::console::warn_1(&format!("storage: {e:?}").into());
                mount(None, Some(storage_message::startup_message_key(&e)));
            }
        }
    });
}

/// The app's words in `language`, needed before the first paint. Without
/// them (offline on a first visit) the page shows its built-in notice.
async fn words_loaded(language: crate::core::language::Language) -> bool {
    match content::load_words(language).await {
        Ok(()) => true,
        Err(e) => {
            web_sys::console::warn_1(&format!("content: {e:?}").into());
            document::show_load_problem();
            false
        }
    }
}
