//! Enrolling a participant: a new pseudonymous code, track, consent, and age
//! and gender where known. Nothing that names the person.

use leptos::prelude::*;

use crate::core::instrument::plan::Track;
use crate::core::participant::{Consent, Gender, Participant};
use crate::platform::{clock, roster, storage};
use crate::ui::i18n::use_i18n;
use crate::core::labels::track_key;
use crate::ui::participant_fields::{enrol_problem_key, AgeSelect, GenderSelect};
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn EnrolForm(on_enrolled: Callback<Participant>) -> impl IntoView {
    let i18n = use_i18n();
    let track = RwSignal::new(Track::Grundskola);
    let project = RwSignal::new(crate::core::deployment::shipped().project_name.clone().unwrap_or_default());
    let enrolled_on = RwSignal::new(clock::today());
    let age = RwSignal::new(None::<u8>);
    let gender = RwSignal::new(None::<Gender>);
    let consent = RwSignal::new(false);
    let consent_on = RwSignal::new(clock::today());
    let guardian = RwSignal::new(false);
    let guardian_on = RwSignal::new(clock::today());
    let problem = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let t = move |key: &'static str| i18n.t(key);
    let l = move |key: &'static str| i18n.lang_of(key);

    // After an enrolment: nothing ticked or chosen about the next person.
    let start_over = move || {
        _ = consent.try_set(false);
        _ = guardian.try_set(false);
        _ = age.try_set(None);
        _ = gender.try_set(None);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        // What was on the form at the tap, read now: the form may be gone
        // once the code is made.
        let track = track.get_untracked();
        let project_tag = project.get_untracked().trim().to_string();
        let enrolled_on = enrolled_on.get_untracked();
        let (gender, age) = (gender.get_untracked(), age.get_untracked());
        let consent = Consent {
            participant_on: if consent.get_untracked() { consent_on.get_untracked() } else { String::new() },
            guardian_on: guardian.get_untracked().then(|| guardian_on.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let result = async {
                let storage = storage::shared().await.map_err(|e| storage_message_key(&e))?;
                let participant = Participant {
                    id: roster::new_code(&storage).await.map_err(|e| storage_message_key(&e))?,
                    track,
                    project_tag,
                    enrolled_on,
                    gender,
                    age,
                    consent,
                    closed_on: None,
                    unreachable: Vec::new(),
                };
                participant.check().map_err(enrol_problem_key)?;
                roster::enrol(&storage, &participant).await.map_err(|e| storage_message_key(&e))?;
                Ok::<Participant, &'static str>(participant)
            }
            .await;
            match result {
                Ok(p) => {
                    _ = problem.try_set(None);
                    // Enrolled: the form starts over, so the second tap of a
                    // double tap has nothing to enrol again; the button stays
                    // off a moment longer for that tap.
                    start_over();
                    _ = on_enrolled.try_run(p);
                    gloo_timers::future::TimeoutFuture::new(600).await;
                    _ = busy.try_set(false);
                }
                Err(key) => {
                    _ = busy.try_set(false);
                    _ = problem.try_set(Some(key));
                }
            }
        });
    };
    view! {
        <form class="stack enrol" on:submit=on_submit>
            <p class="privacy" lang=move || l("staff.enrol.privacy")>{move || t("staff.enrol.privacy")}</p>
            <div class="field">
                <label for="enrol-track" lang=move || l("staff.roster.track")>{move || t("staff.roster.track")}</label>
                <select id="enrol-track" on:change=move |ev| {
                    if let Some(v) = Track::from_id(&event_target_value(&ev)) {
                        track.set(v);
                    }
                }>
                    {Track::ALL.into_iter().map(|v| view! {
                        <option value=v.id() lang=move || l(track_key(v))>{move || t(track_key(v))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="enrol-project" lang=move || l("staff.enrol.project")>{move || t("staff.enrol.project")}</label>
                <input id="enrol-project" prop:value=move || project.get() on:input=move |ev| project.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="enrol-date" lang=move || l("staff.enrol.date")>{move || t("staff.enrol.date")}</label>
                <input id="enrol-date" type="date" prop:value=move || enrolled_on.get() on:input=move |ev| enrolled_on.set(event_target_value(&ev))/>
            </div>
            <AgeSelect id="enrol-age" age=age/>
            <GenderSelect id="enrol-gender" gender=gender/>
            <div class="check">
                <input id="enrol-consent" type="checkbox" prop:checked=move || consent.get()
                    on:change=move |ev| consent.set(event_target_checked(&ev))/>
                <label for="enrol-consent" lang=move || l("staff.enrol.consent")>{move || t("staff.enrol.consent")}</label>
            </div>
            <div class="field">
                <label for="enrol-consent-date" lang=move || l("staff.enrol.consent_date")>{move || t("staff.enrol.consent_date")}</label>
                <input id="enrol-consent-date" type="date" prop:value=move || consent_on.get() on:input=move |ev| consent_on.set(event_target_value(&ev))/>
            </div>
            <div class="check">
                <input id="enrol-guardian" type="checkbox" prop:checked=move || guardian.get()
                    on:change=move |ev| guardian.set(event_target_checked(&ev))/>
                <label for="enrol-guardian" lang=move || l("staff.enrol.guardian")>{move || t("staff.enrol.guardian")}</label>
            </div>
            <div class="field">
                <label for="enrol-guardian-date" lang=move || l("staff.enrol.guardian_date")>{move || t("staff.enrol.guardian_date")}</label>
                <input id="enrol-guardian-date" type="date" prop:value=move || guardian_on.get() on:input=move |ev| guardian_on.set(event_target_value(&ev))/>
            </div>
            <p class="error" role="alert">{move || problem.get().map(|k| t(k))}</p>
            <button type="submit" class="primary" disabled=move || busy.get() lang=move || l("staff.enrol.submit")>{move || t("staff.enrol.submit")}</button>
        </form>
    }
}
