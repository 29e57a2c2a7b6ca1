//! Closing a participant's case: the exit outcome (utfall) is recorded, the
//! participant is marked closed and open goals are closed, in one write.
//! The case page then shows whether they count as "i studier eller arbete".

use leptos::prelude::*;

use crate::core::assessment::FormProblems;
use crate::core::goal::{self, Goal};
use crate::core::instrument::Timepoint;
use crate::core::participant::Participant;
use crate::core::route::Route;
use crate::platform::{cases, clock, location_hash, storage};
use crate::ui::case_frame::{with_case, CaseNav};
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::rating_page::{rate, staff_instrument};
use crate::ui::staff_form::{show_problems, StaffForm};
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn CloseCasePage(code: String) -> impl IntoView {
    with_case(code, |participant, data, _reload| view! { <CloseCase participant=participant goals=data.goals/> })
}

#[component]
fn CloseCase(participant: Participant, goals: Vec<Goal>) -> impl IntoView {
    let i18n = use_i18n();
    let utfall = staff_instrument("utfall", Timepoint::Exit).expect("utfall is asked at exit");
    let problems = RwSignal::new(FormProblems::default());
    let failure = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let already = participant.closed_on.clone();
    let nav = view! { <CaseNav participant=participant.id.clone() here="staff.close.heading"/> };
    if let Some(on) = already {
        return view! {
            {nav}
            <h1><Tx k="staff.close.heading"/></h1>
            <p lang=i18n.lang_attr("staff.case.closed_on")>{move || i18n.fill("staff.case.closed_on", &[("date", &on)])}</p>
        }
        .into_any();
    }
    let open_goals = goals.iter().filter(|g| g.is_open()).count();
    let unplaced = goal::missing_exit_step(&goals);
    if unplaced > 0 {
        let goals_link = Route::Goals(participant.id.as_str().to_string()).to_hash();
        return view! {
            {nav}
            <h1><Tx k="staff.close.heading"/></h1>
            <p class="note" lang=i18n.lang_attr("staff.close.goals_first")>
                {move || i18n.fill("staff.close.goals_first", &[("n", &unplaced.to_string())])}
            </p>
            <p><a class="button-link" href=goals_link><Tx k="staff.case.open_goals"/></a></p>
        }
        .into_any();
    }
    let on_submit = Callback::new(move |values: Vec<(String, String)>| {
        busy.set(true);
        let mut participant = participant.clone();
        let goals = goals.clone();
        leptos::task::spawn_local(async move {
            let closed = async {
                let outcome = rate(utfall, &participant, Timepoint::Exit, &values).await?;
                participant.closed_on = Some(clock::today());
                let now = clock::now_iso();
                let closing = goal::close_open(goals, &now);
                let storage = storage::shared().await.map_err(|e| Err(storage_message_key(&e)))?;
                cases::close(&storage, &participant, &outcome, &closing)
                    .await
                    .map_err(|e| Err(storage_message_key(&e)))?;
                Ok(Route::ParticipantCase(participant.id.as_str().to_string()))
            }
            .await;
            busy.set(false);
            match closed {
                Ok(case) => location_hash::go(&case.to_hash()),
                Err(Ok(p)) => show_problems(problems, p),
                Err(Err(key)) => failure.set(Some(key)),
            }
        });
    });
    view! {
        {nav}
        <h1><Tx k="staff.close.heading"/></h1>
        <p><Tx k="staff.close.intro"/></p>
        {(open_goals > 0).then(|| view! {
            <p class="note" lang=i18n.lang_attr("staff.close.goals")>
                {move || i18n.plural("staff.close.goals", open_goals, &[])}
            </p>
        })}
        <StaffForm instrument=utfall timepoint=Timepoint::Exit problems=problems busy=busy
            submit_key="staff.close.submit" on_submit=on_submit/>
        <p class="error" role="alert">{move || failure.get().map(|k| i18n.t(k))}</p>
    }
    .into_any()
}
