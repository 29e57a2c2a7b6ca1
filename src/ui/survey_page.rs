//! A participant's survey: loads it, shows the screen it is on, and turns
//! each tap into a change of the core survey that is saved before the next
//! screen appears.

use leptos::prelude::*;

use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::core::response::AnswerValue;
use crate::core::route::Route;
use crate::core::survey::{Screen, Survey};
use crate::platform::survey_saves::SurveySaves;
use crate::platform::{clock, content, location_hash, random, storage, surveys};
use crate::platform::storage::{StorageError, StorageErrorKind, Store};
use crate::ui::hooks::{use_started_survey, Kiosk, StaffSession};
use crate::ui::i18n::use_i18n;
use crate::ui::storage_message::storage_message_key;
use crate::ui::survey::{DoneScreen, QuestionScreen, ReviewScreen, StaffUnlock, SupportScreen};

/// What a participant (or, on the last screen, staff) does.
#[derive(Clone, Debug, PartialEq)]
pub enum SurveyAction {
    Select(AnswerValue),
    Next,
    Skip,
    Back,
    ContinueAfterSupport,
    Change(usize),
    Submit,
    /// Staff take the device back after a kiosk survey.
    Unlock,
}

#[derive(Clone, Copy, PartialEq)]
enum Loading {
    Pending,
    Missing,
    /// Sealed, and staff have not unlocked: a kiosk survey after a reload,
    /// sent in or not.
    Locked { finished: bool },
    Ready,
}

/// The browser compiles each wasm function the first time it runs, so the
/// first tap of a survey waited for the code a tap runs to be compiled. Once
/// the question is up, that code runs once on a copy that is never stored:
/// an answer chosen and the survey made into the record a save writes.
fn warm_up_taps(latest: StoredValue<Option<Survey>>, language: crate::core::language::Language) {
    gloo_timers::callback::Timeout::new(0, move || {
        let Some(mut copy) = latest.get_value() else { return };
        copy.select(AnswerValue::Point { value: 0 }, language, &clock::now_iso());
        let _ = storage::Write::put(Store::Surveys, &copy);
    })
    .forget();
}

#[component]
pub fn SurveyPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    // Only the staff app hands its device over (kiosk); in the participant's
    // app neither exists.
    let kiosk = use_context::<Kiosk>();
    let session = use_context::<StaffSession>();
    let started = use_started_survey();
    // The last saved survey: what the screen shows.
    let survey = RwSignal::new(None::<Survey>);
    // The survey with every change applied, saved or on its way to storage, so
    // a tap that follows another quickly builds on it.
    let latest = StoredValue::new(None::<Survey>);
    let loading = RwSignal::new(Loading::Pending);
    let error = RwSignal::new(None::<&'static str>);

    // Staff take the device back: the kiosk lock goes, and the case of the
    // participant who answered opens, where the coach left off.
    let take_back = move |participant: ParticipantCode| {
        if let Some(session) = session {
            session.unlocked.set(true);
        }
        leptos::task::spawn_local(async move {
            let unlocked = async {
                let storage = storage::shared().await?;
                surveys::set_kiosk(&storage, None).await?;
                // A code typed at the kiosk start may be on no roster here.
                let enrolled = storage.get::<Participant>(Store::Participants, participant.as_str()).await;
                Ok::<_, StorageError>(matches!(enrolled, Ok(Some(_))))
            }
            .await;
            match unlocked {
                Ok(enrolled) => {
                    if let Some(kiosk) = kiosk {
                        kiosk.0.set(None);
                    }
                    let back = if enrolled { Route::ParticipantCase(participant.as_str().to_string()) } else { Route::Staff };
                    location_hash::go(&back.to_hash());
                }
                Err(e) => error.set(Some(storage_message_key(&e))),
            }
        });
    };
    let load = Callback::new(move |after_unlock: bool| {
        let id = id.clone();
        let language = i18n.language.get_untracked();
        leptos::task::spawn_local(async move {
            let loaded = async {
                // Just opened or handed over: no need to read it back.
                if let Some(survey) = started.take(&id) {
                    return Ok(Some(survey));
                }
                let storage = storage::shared().await?;
                if after_unlock {
                    surveys::resume_after_unlock(&storage, &id).await
                } else {
                    surveys::load(&storage, &id).await
                }
            }
            .await;
            match loaded {
                // Staff unlocked to take a finished kiosk survey's device back:
                // straight to the staff pages, the thank-you screen is not shown again.
                Ok(Some(s)) if after_unlock && s.screen == Screen::Done => take_back(s.participant),
                Ok(Some(s)) => {
                    // Back in the language the participant was answering in
                    // (after a reload, a crash, or on a device set to another).
                    let language = match s.language_in_use() {
                        Some(used) if used != language && content::load_language(used).await.is_ok() => {
                            _ = i18n.language.try_set(used);
                            used
                        }
                        _ => language,
                    };
                    // The participant's app fetches the survey's questions now
                    // (the staff app has them all).
                    if content::load_instruments(language, &s.instrument_ids()).await.is_err() {
                        error.set(Some("content.error"));
                        loading.set(Loading::Missing);
                        return;
                    }
                    latest.set_value(Some(s.clone()));
                    survey.set(Some(s));
                    error.set(None);
                    loading.set(Loading::Ready);
                    clock::mark("stegvis:survey-shown");
                    // The worker that stores taps starts once the question is
                    // up, if it has not yet (the participant's app starts it
                    // as soon as storage is open).
                    if let Ok(storage) = storage::shared().await {
                        storage.start_save_worker();
                    }
                    warm_up_taps(latest, language);
                }
                Ok(None) => loading.set(Loading::Missing),
                Err(e) if e.kind == StorageErrorKind::Locked => {
                    let finished = async { surveys::kiosk_finished(&*storage::shared().await?, &id).await }.await;
                    loading.set(Loading::Locked { finished: finished.unwrap_or(false) });
                }
                Err(e) => {
                    error.set(Some(storage_message_key(&e)));
                    loading.set(Loading::Missing);
                }
            }
        });
    });
    load.run(false);

    // Saves run one at a time, in the order of the taps, also after the
    // screen is gone. A failed save shows the last saved state, also a radio
    // button the failed save had checked.
    let saves = SurveySaves::new(move |saved| match saved {
        Ok(next) => {
            error.set(None);
            survey.set(Some(next));
        }
        Err(e) => {
            latest.set_value(survey.try_get_untracked().flatten());
            error.set(Some(storage_message_key(&e)));
            survey.update(|_| {});
        }
    });

    let act = Callback::new(move |(seen, action): (Screen, SurveyAction)| {
        let Some(mut next) = latest.get_value() else { return };
        // A tap on a screen that is already left behind (a double tap on
        // "Nästa", a radio tapped as the next question loads) does nothing.
        if next.screen != seen {
            return;
        }
        let language = i18n.language.get_untracked();
        let now = clock::now_iso();
        let mut responses = Vec::new();
        match action {
            SurveyAction::Select(value) => next.select(value, language, &now),
            SurveyAction::Next => next.next(language, &now, content::instruments(language)),
            SurveyAction::Skip => next.skip(language, &now),
            SurveyAction::Back => next.back(),
            SurveyAction::ContinueAfterSupport => next.continue_after_support(),
            SurveyAction::Change(index) => next.change(index),
            SurveyAction::Submit => responses = next.submit(&now, language, random::id),
            SurveyAction::Unlock => {
                take_back(next.participant);
                return;
            }
        }
        latest.set_value(Some(next.clone()));
        saves.push(next, responses);
    });
    // Each screen's taps carry the screen they were made on.
    let on = move |seen: Screen| Callback::new(move |action: SurveyAction| act.run((seen.clone(), action)));

    // Screens are rebuilt only when the screen or the language changes, not
    // on every answer, so keyboard focus stays on the chosen option. A new
    // language brings its own instruments (see `content::instruments`); so
    // their texts are fixed (`I18n::t_once`).
    let screen = Memo::new(move |_| (i18n.language.get(), survey.with(|s| s.as_ref().map(|s| s.screen.clone()))));
    view! {
        {move || match (loading.get(), screen.get().1) {
            (Loading::Pending, _) => view! { <p class="loading">{i18n.t_once("survey.loading")}</p> }.into_any(),
            (Loading::Locked { finished }, _) => view! {
                <h1>{i18n.t_once(if finished { "survey.done.heading" } else { "role.participant" })}</h1>
                <p class="kiosk-return">{i18n.t_once(if finished { "survey.kiosk.return" } else { "survey.locked" })}</p>
                <section class="staff-unlock" aria-labelledby="staff-unlock-heading">
                    <h2 id="staff-unlock-heading" lang=untrack(|| i18n.lang_of("staff.kiosk.unlock"))>{i18n.t_once("staff.kiosk.unlock")}</h2>
                    <StaffUnlock on_unlocked=Callback::new(move |()| load.run(true))/>
                </section>
            }.into_any(),
            (_, None) => view! {
                <h1>{i18n.t_once("role.participant")}</h1>
                <p>{i18n.t_once("survey.not_found")}</p>
            }.into_any(),
            (_, Some(seen @ Screen::Question { index })) => {
                view! { <QuestionScreen survey=survey index=index act=on(seen)/> }.into_any()
            }
            (_, Some(seen @ Screen::Support { .. })) => {
                let Screen::Support { instrument, trigger, .. } = seen.clone() else { unreachable!() };
                view! { <SupportScreen instrument=instrument trigger=trigger act=on(seen)/> }.into_any()
            }
            (_, Some(Screen::Review)) => view! { <ReviewScreen survey=survey act=on(Screen::Review)/> }.into_any(),
            (_, Some(Screen::Done)) => view! { <DoneScreen survey=survey act=on(Screen::Done)/> }.into_any(),
        }}
        <p class="error" role="alert">{move || error.get().map(|key| i18n.t(key))}</p>
    }
}
