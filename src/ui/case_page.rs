//! One participant's timeline: intake, follow-up, exit and six months after,
//! each with every planned instrument's status and the way to fill it in.

use leptos::prelude::*;

use crate::core::case::{self, CaseRecords, PlannedInstrument, Status, TimelineStep};
use crate::core::goal;
use crate::core::instrument::{self, plan, Respondent, Timepoint};
use crate::core::participant::Participant;
use crate::core::route::Route;
use crate::platform::cases::CaseData;
use crate::ui::case_frame::{with_case, CaseNav};
use crate::ui::i18n::{use_i18n, Tx};
use crate::core::labels::{gender_key, status_key, timepoint_key, track_key};
use crate::ui::participant_facts_form::ParticipantFactsForm;
use crate::ui::worklist::CaseTasks;

#[component]
pub fn CasePage(code: String) -> impl IntoView {
    with_case(code, |participant, data, reload| view! { <Case participant=participant data=data reload=reload/> })
}

#[component]
fn Case(participant: Participant, data: CaseData, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let records = CaseRecords { surveys: &data.surveys, responses: &data.responses, goals: &data.goals };
    let steps = case::timeline(&participant, plan::shipped(), instrument::shipped(), &records);
    let outcome = case::outcome(&data.responses, instrument::shipped())
        .map(|o| (o.activity.to_string(), o.in_studies_or_work, o.timepoint));
    let code = participant.id.as_str().to_string();
    let age = participant.age.map(|a| a.to_string());
    let gender = participant.gender.map(gender_key);
    let closed_on = participant.closed_on.clone();
    let track = participant.track;
    view! {
        <CaseNav participant=participant.id.clone()/>
        <h1><Tx k="staff.case.heading"/>" "<span class="code">{participant.id.display()}</span></h1>
        <p class="privacy"><Tx k="staff.enrol.privacy"/></p>
        <dl class="facts">
            <dt><Tx k="staff.roster.track"/></dt><dd><Tx k=track_key(track)/></dd>
            <dt><Tx k="staff.roster.enrolled"/></dt><dd>{participant.enrolled_on.clone()}</dd>
            <dt><Tx k="staff.case.gender"/></dt><dd><Tx k=gender.unwrap_or("staff.enrol.unknown")/></dd>
            <dt><Tx k="staff.case.age"/></dt><dd>{match age {
                Some(a) => a.into_any(),
                None => view! { <Tx k="staff.enrol.unknown"/> }.into_any(),
            }}</dd>
            <dt><Tx k="staff.case.state"/></dt>
            <dd>{match closed_on.clone() {
                Some(on) => view! { <span lang=i18n.lang_attr("staff.case.closed_on")>{move || i18n.fill("staff.case.closed_on", &[("date", &on)])}</span> }.into_any(),
                None => view! { <Tx k="staff.case.open"/> }.into_any(),
            }}</dd>
        </dl>
        <CaseTasks participant=participant.clone() on_change=reload/>
        <ParticipantFactsForm participant=participant.clone() on_saved=reload/>
        {outcome.map(|(activity, counts, _)| view! {
            <p class="outcome" data-studies-or-work=counts.to_string()>
                <Tx k="staff.close.activity"/>": "<span lang="sv">{activity}</span>". "
                <Tx k=if counts { "staff.close.counts" } else { "staff.close.does_not_count" }/>
            </p>
        })}
        <ul class="case-links">
            <li><a class="button-link" href=Route::StepMovement(code.clone()).to_hash()><Tx k="staff.movement.heading"/></a></li>
            <li><a class="button-link" href=Route::Goals(code.clone()).to_hash()><Tx k="staff.goals.heading"/></a></li>
            {closed_on.is_none().then(|| view! {
                <li><a class="button-link" href=Route::CloseCase(code.clone()).to_hash()><Tx k="staff.close.heading"/></a></li>
            })}
        </ul>
        <h2><Tx k="staff.case.timeline"/></h2>
        <ol class="timeline">
            {steps.into_iter().map(|step| view! { <TimelineEntry participant=participant.clone() step=step closed=closed_on.is_some()/> }).collect_view()}
        </ol>
    }
}

#[component]
fn TimelineEntry(participant: Participant, step: TimelineStep<'static>, closed: bool) -> impl IntoView {
    let timepoint = step.timepoint;
    let code = participant.id.as_str().to_string();
    let heading_id = format!("timeline-{}", timepoint.id());
    let complete = step.complete();
    let asks_participant = step.instruments.iter().any(|i| i.instrument.respondent == Respondent::Participant);
    let participant_done = step
        .instruments
        .iter()
        .filter(|i| i.instrument.respondent == Respondent::Participant)
        .all(|i| i.status == Status::Done);
    let kiosk = (asks_participant && !participant_done).then(|| {
        format!("{}?kod={}&spar={}&tid={}", Route::KioskStart.to_hash(), code, participant.track.id(), timepoint.id())
    });
    view! {
        <li class="timeline-step" class:complete=complete data-timepoint=timepoint.id()>
            <h3 id=heading_id.clone()><Tx k=timepoint_key(timepoint)/></h3>
            <ul class="planned" aria-labelledby=heading_id>
                {step.instruments.into_iter().map(|planned| view! {
                    <PlannedRow code=code.clone() timepoint=timepoint planned=planned closed=closed/>
                }).collect_view()}
            </ul>
            {kiosk.map(|href| view! {
                <p><a class="button-link" href=href><Tx k="staff.case.hand_over"/></a></p>
            })}
        </li>
    }
}

#[component]
fn PlannedRow(code: String, timepoint: Timepoint, planned: PlannedInstrument<'static>, closed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let inst = planned.instrument;
    let action = match inst.respondent {
        Respondent::Participant => None,
        Respondent::Staff if inst.id == goal::INSTRUMENT => Some((Route::Goals(code.clone()), "staff.case.open_goals")),
        // The exit outcome is what closes the case; recorded once.
        Respondent::Staff if inst.id == "utfall" && timepoint == Timepoint::Exit => {
            (!closed).then(|| (Route::CloseCase(code.clone()), "staff.close.heading"))
        }
        Respondent::Staff => Some((
            Route::Rating { code: code.clone(), instrument: inst.id.clone(), timepoint: timepoint.id().to_string() },
            if planned.status == Status::Done { "staff.case.rate_again" } else { "staff.case.rate" },
        )),
    };
    let raters = (!planned.raters.is_empty()).then(|| {
        let mut unique = planned.raters.clone();
        unique.sort();
        unique.dedup();
        unique.join(", ")
    });
    view! {
        <li class="planned-row" data-instrument=inst.id.clone() data-status=format!("{:?}", planned.status)>
            <span class="planned-name" lang="sv">{inst.title.swedish().to_string()}</span>
            {(!planned.required).then(|| view! { <span class="tag"><Tx k="staff.case.optional"/></span> })}
            <span class="status" class:status-done=planned.status == Status::Done><Tx k=status_key(planned.status)/></span>
            {raters.map(|r| view! {
                <span class="raters" lang=i18n.lang_attr("staff.case.rated_by")>{move || i18n.fill("staff.case.rated_by", &[("raters", &r)])}</span>
            })}
            {action.map(|(route, key)| view! {
                <a class="row-action" href=route.to_hash()>
                    <Tx k=key/><span class="visually-hidden">": "<span lang="sv">{inst.title.swedish().to_string()}</span></span>
                </a>
            })}
        </li>
    }
}
