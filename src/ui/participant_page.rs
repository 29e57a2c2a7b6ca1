//! Where a participant lands from their link (`#/deltagare?kod=…&spar=…&tid=…`).
//! Track and timepoint come from the link; a missing or mistyped code is asked
//! for here, and its check character catches typos.

use leptos::prelude::*;

use crate::core::instrument::plan::Track;
use crate::core::instrument::Timepoint;
use crate::core::language::Language;
use crate::core::participant_code::{CodeError, ParticipantCode};
use crate::core::route::{self, Route};
use crate::core::survey::Survey;
use crate::platform::{clock, content, location_hash, storage, surveys};
use crate::ui::hooks::use_started_survey;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::storage_message::storage_message_key;

fn code_error_text(i18n: I18n, error: CodeError) -> String {
    match error {
        CodeError::Empty => i18n.t("participant.code.error.empty").to_string(),
        CodeError::WrongLength(n) => i18n.fill("participant.code.error.length", &[("n", &n.to_string())]),
        CodeError::NotInAlphabet(c) => i18n.fill("participant.code.error.character", &[("c", &c.to_string())]),
        CodeError::CheckFailed => i18n.t("participant.code.error.check").to_string(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Problem {
    Code(CodeError),
    /// A storage failure or missing content: the key of its message.
    Message(&'static str),
}

/// Opens the participant's survey for this link, or starts it: its
/// questions first (a survey is made from them), then storage. On failure,
/// the key of the message to show.
async fn open_survey(
    code: ParticipantCode,
    track: Track,
    timepoint: Timepoint,
    language: Language,
) -> Result<Survey, &'static str> {
    let ids = content::participant_ids(track, timepoint);
    content::load_instruments(language, &ids).await.map_err(|_| "content.error")?;
    let started = async {
        let storage = storage::shared().await?;
        surveys::open_or_start(&storage, code, track, timepoint, false).await
    }
    .await
    .map_err(|e| storage_message_key(&e))?;
    clock::mark("stegvis:survey-started");
    Ok(started)
}

/// Before the app mounts: a link with a valid code opens its survey at once,
/// so the first screen drawn is the first question, not this page. Where
/// that fails, this page tries again and says why.
#[cfg(not(feature = "staff"))]
pub async fn open_link_survey(language: Language) {
    let hash = location_hash::current();
    if Route::from_hash(&hash) != Route::Participant {
        return;
    }
    let (Some(track), Some(timepoint)) = route::link_track_timepoint(&hash) else { return };
    let Some(Ok(code)) = route::query_value(&hash, "kod").map(|c| ParticipantCode::parse(&c)) else { return };
    if content::participant_ids(track, timepoint).is_empty() {
        return;
    }
    if let Ok(survey) = open_survey(code, track, timepoint, language).await {
        location_hash::go(&Route::Survey(survey.id.clone()).to_hash());
        crate::ui::hooks::keep_before_mount(survey);
    }
}

#[component]
pub fn ParticipantPage() -> impl IntoView {
    let i18n = use_i18n();
    let hash = location_hash::current();
    let param = |name: &str| route::query_value(&hash, name);
    let (track, timepoint) = route::link_track_timepoint(&hash);
    // A link for a timepoint with no questions for the participant is no link.
    let timepoint = timepoint.filter(|t| track.is_some_and(|tr| !content::participant_ids(tr, *t).is_empty()));
    let (Some(track), Some(timepoint)) = (track, timepoint) else {
        return view! {
            <h1>{i18n.text("role.participant")}</h1>
            <p>{i18n.text("participant.no_link")}</p>
        }
        .into_any();
    };

    let started_survey = use_started_survey();
    let typed = RwSignal::new(param("kod").unwrap_or_default());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    // A link with a valid code goes straight on: the page shows only that it
    // is loading (no code form to build, lay out and take away), and the form
    // only if starting fails.
    let starting = RwSignal::new(false);
    let begin = move || {
        let code = match ParticipantCode::parse(&typed.get_untracked()) {
            Ok(code) => code,
            Err(e) => {
                problem.set(Some(Problem::Code(e)));
                return;
            }
        };
        problem.set(None);
        busy.set(true);
        let language = i18n.language.get_untracked();
        leptos::task::spawn_local(async move {
            let started = open_survey(code, track, timepoint, language).await;
            busy.set(false);
            match started {
                Ok(survey) => {
                    let hash = Route::Survey(survey.id.clone()).to_hash();
                    started_survey.keep(survey);
                    location_hash::go(&hash);
                }
                Err(key) => {
                    starting.set(false);
                    problem.set(Some(Problem::Message(key)));
                }
            }
        });
    };
    // A link with a valid code starts at once; otherwise the participant types it.
    if ParticipantCode::parse(&typed.get_untracked()).is_ok() {
        starting.set(true);
        begin();
    } else if !typed.get_untracked().is_empty() {
        if let Err(e) = ParticipantCode::parse(&typed.get_untracked()) {
            problem.set(Some(Problem::Code(e)));
        }
    }
    let message = move || {
        problem.get().map(|p| match p {
            Problem::Code(e) => code_error_text(i18n, e),
            Problem::Message(key) => i18n.t(key).to_string(),
        })
    };
    let form = move || view! {
        <h1>{i18n.text("participant.code.heading")}</h1>
        <form class="code-form" on:submit=move |ev| {
            ev.prevent_default();
            begin();
        }>
            <label for="code">{i18n.text("participant.code.label")}</label>
            <p id="code-hint" class="hint">{i18n.text("participant.code.hint")}</p>
            <input
                id="code"
                name="code"
                class="code-input"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                aria-describedby="code-hint code-error"
                aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
            <p id="code-error" class="error" role="alert">{message}</p>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {i18n.text("participant.code.start")}
            </button>
        </form>
    };
    view! {
        <Show when=move || !starting.get() fallback=move || view! { <p class="loading">{i18n.text("survey.loading")}</p> }>
            {form}
        </Show>
    }
    .into_any()
}
