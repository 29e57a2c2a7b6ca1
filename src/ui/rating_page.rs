//! Staff fill in a staff instrument (personal-beteende, skoldata, utfall,
//! narvarotrappan) for a participant at a timepoint. Every save is a new
//! rating with its rater; several raters per participant are normal.

use leptos::prelude::*;

use crate::core::assessment::{self, FilledForm, FormProblems};
use crate::core::instrument::{self, Instrument, Respondent, Timepoint};
use crate::core::language::Language;
use crate::core::participant::Participant;
use crate::core::route::Route;
use crate::platform::{cases, clock, location_hash, random, storage, surveys};
use crate::ui::case_frame::{with_case, CaseNav};
use crate::ui::i18n::{use_i18n, Tx};
use crate::core::labels::timepoint_key;
use crate::ui::staff_form::{show_problems, StaffForm, RATER};
use crate::ui::storage_message::storage_message_key;

/// A staff instrument made for this timepoint, or `None`.
pub fn staff_instrument(id: &str, timepoint: Timepoint) -> Option<&'static Instrument> {
    instrument::shipped()
        .iter()
        .find(|i| i.id == id && i.respondent == Respondent::Staff && i.timepoints.contains(&timepoint))
}

/// Checks the form in the core and builds the rating, or sets the problems.
pub async fn rate(
    instrument: &'static Instrument,
    participant: &Participant,
    timepoint: Timepoint,
    values: &[(String, String)],
) -> Result<crate::core::response::Response, Result<FormProblems, &'static str>> {
    let rater = values.iter().find(|(k, _)| k == RATER).map_or(String::new(), |(_, v)| v.clone());
    let storage = storage::shared().await.map_err(|e| Err(storage_message_key(&e)))?;
    let device = surveys::device_id(&storage).await.map_err(|e| Err(storage_message_key(&e)))?;
    assessment::rate(
        instrument,
        FilledForm {
            id: random::id(),
            participant: participant.id.clone(),
            track: participant.track,
            timepoint,
            rater: &rater,
            values,
            language: Language::Sv,
            now: &clock::now_iso(),
            device,
        },
    )
    .map_err(Ok)
}

#[component]
pub fn RatingPage(code: String, instrument: String, timepoint: String) -> impl IntoView {
    let found = Timepoint::from_id(&timepoint).and_then(|t| staff_instrument(&instrument, t).map(|i| (i, t)));
    let Some((instrument, timepoint)) = found else {
        return view! { <h1><Tx k="notfound.heading"/></h1> }.into_any();
    };
    with_case(code, move |participant, _data, _reload| {
        view! { <Rating participant=participant instrument=instrument timepoint=timepoint/> }
    })
    .into_any()
}

#[component]
fn Rating(participant: Participant, instrument: &'static Instrument, timepoint: Timepoint) -> impl IntoView {
    let i18n = use_i18n();
    let problems = RwSignal::new(FormProblems::default());
    let failure = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let case = Route::ParticipantCase(participant.id.as_str().to_string());
    let code = participant.id.display();
    let participant_code = participant.id.clone();
    let on_submit = Callback::new(move |values: Vec<(String, String)>| {
        // A second tap while the first is saving would store the rating twice.
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let participant = participant.clone();
        let case = case.clone();
        leptos::task::spawn_local(async move {
            let saved = async {
                let rating = rate(instrument, &participant, timepoint, &values).await?;
                let storage = storage::shared().await.map_err(|e| Err(storage_message_key(&e)))?;
                cases::save_rating(&storage, &rating).await.map_err(|e| Err(storage_message_key(&e)))
            }
            .await;
            match saved {
                // Still busy while the case page opens: nothing to tap twice.
                Ok(()) => location_hash::go(&case.to_hash()),
                Err(Ok(p)) => {
                    _ = busy.try_set(false);
                    show_problems(problems, p);
                }
                Err(Err(key)) => {
                    _ = busy.try_set(false);
                    _ = failure.try_set(Some(key));
                }
            }
        });
    });
    view! {
        <CaseNav participant=participant_code here="staff.rating.here"/>
        <h1 lang="sv">{instrument.title.swedish().to_string()}</h1>
        <p class="lead">
            <Tx k="staff.rating.for"/>" "<span class="code">{code}</span>", "<Tx k=timepoint_key(timepoint)/>
        </p>
        <StaffForm instrument=instrument timepoint=timepoint problems=problems busy=busy
            submit_key="staff.rating.save" on_submit=on_submit/>
        <p class="error" role="alert">{move || failure.get().map(|k| i18n.t(k))}</p>
    }
}
