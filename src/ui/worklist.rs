//! "Att göra": what is due on this device, the longest overdue first, each
//! row one tap from the screen that does it. On a participant's case the
//! same tasks come with every way to do them (hand the tablet over, send
//! the link, rate), so closing a case offers the exit survey and rating
//! right away. What is due, and when, is the core's (`core::worklist`).

use leptos::prelude::*;

use crate::core::deployment;
use crate::core::instrument::plan::{self, Track};
use crate::core::instrument::{self, Instrument, Respondent, Timepoint};
use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::core::route::{self, Route};
use crate::core::worklist::{self, DeviceRecords, Kind, Schedule, Task};
use crate::platform::{bundles, cases, clock, location_hash, preferences, roster, storage};
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::link_share::LinkShare;
use crate::ui::storage_message::storage_message_key;

fn kind_key(k: Kind) -> &'static str {
    match k {
        Kind::Intake => "staff.todo.kind.intake",
        Kind::FollowUp => "staff.todo.kind.follow_up",
        Kind::GoalsNotPlaced => "staff.todo.kind.goals",
        Kind::Exit => "staff.todo.kind.exit",
        Kind::After6Months => "staff.todo.kind.after_6_months",
        Kind::NotSent => "staff.todo.kind.not_sent",
    }
}

fn kind_id(k: Kind) -> &'static str {
    match k {
        Kind::Intake => "intake",
        Kind::FollowUp => "follow-up",
        Kind::GoalsNotPlaced => "goals",
        Kind::Exit => "exit",
        Kind::After6Months => "after-6-months",
        Kind::NotSent => "not-sent",
    }
}

fn timepoint_of(k: Kind) -> Timepoint {
    match k {
        Kind::Intake | Kind::NotSent => Timepoint::Intake,
        Kind::FollowUp | Kind::GoalsNotPlaced => Timepoint::FollowUp,
        Kind::Exit => Timepoint::Exit,
        Kind::After6Months => Timepoint::After6Months,
    }
}

fn instrument(id: &str) -> Option<&'static Instrument> {
    instrument::shipped().iter().find(|i| i.id == id)
}

/// Reads the device's records and works out the tasks, of one participant
/// or of the whole device (sending included).
async fn load(only: Option<&ParticipantCode>) -> Result<Vec<Task>, &'static str> {
    let storage = storage::shared().await.map_err(|e| storage_message_key(&e))?;
    let all = cases::all(&storage).await.map_err(|e| storage_message_key(&e))?;
    let backlog = match only {
        Some(_) => Default::default(),
        None => bundles::backlog(&storage).await.map_err(|e| storage_message_key(&e))?,
    };
    let participants: Vec<_> = all.participants.into_iter().filter(|p| only.is_none_or(|c| *c == p.id)).collect();
    let device = DeviceRecords {
        participants: &participants,
        surveys: &all.surveys,
        responses: &all.responses,
        goals: &all.goals,
        unsent: backlog.answers,
        oldest_unsent: backlog.oldest.as_deref(),
        send_within_days: preferences::warn_days(),
    };
    let schedule = Schedule::of(deployment::shipped());
    Ok(worklist::worklist(&device, plan::shipped(), instrument::shipped(), schedule, &clock::today()))
}

/// Records "kunde inte nås" for the task's timepoint on the participant.
async fn mark_unreached(code: ParticipantCode, timepoint: Timepoint) -> Result<(), &'static str> {
    let storage = storage::shared().await.map_err(|e| storage_message_key(&e))?;
    let data = cases::load(&storage, &code).await.map_err(|e| storage_message_key(&e))?;
    let Some(mut participant) = data.participant else { return Ok(()) };
    participant.mark_unreached(timepoint, &clock::today());
    roster::enrol(&storage, &participant).await.map_err(|e| storage_message_key(&e))
}

/// The staff start page's list: every task on the device.
#[component]
pub fn Worklist() -> impl IntoView {
    view! { <Tasks only=None/> }
}

/// One participant's tasks on their case, with every way to do them.
#[component]
pub fn CaseTasks(participant: Participant, on_change: Callback<()>) -> impl IntoView {
    view! { <Tasks only=Some(participant) on_change=on_change/> }
}

#[component]
fn Tasks(only: Option<Participant>, #[prop(optional)] on_change: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let tasks = RwSignal::new(None::<Vec<Task>>);
    let failure = RwSignal::new(None::<&'static str>);
    let news = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let track = only.as_ref().map(|p| p.track);
    let only = only.map(|p| p.id);
    let reload = {
        move || {
            let only = only.clone();
            leptos::task::spawn_local(async move {
                match load(only.as_ref()).await {
                    Ok(list) => tasks.set(Some(list)),
                    Err(key) => failure.set(Some(key)),
                }
            });
        }
    };
    reload();
    let unreached = Callback::new(move |(code, timepoint): (ParticipantCode, Timepoint)| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let reload = reload.clone();
        leptos::task::spawn_local(async move {
            let done = mark_unreached(code, timepoint).await;
            busy.set(false);
            match done {
                Ok(()) => {
                    news.set(Some("staff.todo.unreached_saved"));
                    reload();
                    if let Some(cb) = on_change {
                        _ = cb.try_run(());
                    }
                }
                Err(key) => failure.set(Some(key)),
            }
        });
    });
    let heading = if track.is_some() { "staff.todo.case_heading" } else { "staff.todo.heading" };
    view! {
        <section class="worklist" aria-labelledby="worklist-heading">
            <h2 id="worklist-heading"><Tx k=heading/></h2>
            <p class="error" role="alert">{move || failure.get().map(|k| i18n.t(k))}</p>
            <p class="news" role="status">{move || news.get().map(|k| i18n.t(k))}</p>
            {move || match tasks.get() {
                None => view! { <p class="loading"><Tx k="staff.case.loading"/></p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="worklist-empty"><Tx k="staff.todo.empty"/></p> }.into_any(),
                Some(list) => view! {
                    <ul class="tasks">
                        {list.into_iter().map(|task| view! { <TaskRow task=task track=track unreached=unreached busy=busy/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TaskRow(task: Task, track: Option<Track>, unreached: Callback<(ParticipantCode, Timepoint)>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = task.kind;
    let code = task.participant.clone();
    let what = match kind {
        Kind::NotSent => i18n.fill("staff.todo.not_sent", &[("n", &task.count.to_string())]),
        Kind::GoalsNotPlaced => i18n.fill("staff.todo.goals", &[("n", &task.missing.len().to_string())]),
        _ => {
            let names: Vec<&str> =
                task.missing.iter().filter_map(|id| instrument(id)).map(|i| i.title.swedish()).collect();
            i18n.fill("staff.todo.missing", &[("list", &names.join(", "))])
        }
    };
    let since = i18n.fill("staff.todo.since", &[("date", &task.since)]);
    let mark = kind.may_be_unreached().zip(code.clone()).map(|(timepoint, code)| {
        view! {
            <button type="button" class="secondary" disabled=move || busy.get()
                on:click=move |_| unreached.run((code.clone(), timepoint))>
                <Tx k="staff.todo.unreached"/>
            </button>
        }
    });
    // On the case, the ways to do it; elsewhere, one link to the right screen.
    let actions = match (&code, track) {
        (Some(code), Some(track)) => view! { <CaseActions code=code.clone() track=track task=task.clone()/> }.into_any(),
        _ => view! {
            <a class="row-action" href=task.open.to_hash()>
                <Tx k="staff.todo.open"/>
                <span class="visually-hidden">": "<Tx k=kind_key(kind)/>" "{code.as_ref().map(|c| c.display())}</span>
            </a>
        }
        .into_any(),
    };
    view! {
        <li class="task" data-kind=kind_id(kind) data-code=code.as_ref().map(|c| c.as_str().to_string())>
            <p class="task-head">
                <strong><Tx k=kind_key(kind)/></strong>
                {code.as_ref().map(|c| view! { " " <span class="code">{c.display()}</span> })}
            </p>
            <p class="task-since">{since}</p>
            <p class="task-what" lang="sv">{what}</p>
            <div class="task-actions">{actions}{mark}</div>
        </li>
    }
}

/// Every way to do a task on the participant's case: rate each staff
/// instrument, and hand the tablet over or send the link for their survey.
#[component]
fn CaseActions(code: ParticipantCode, track: Track, task: Task) -> impl IntoView {
    let i18n = use_i18n();
    let timepoint = timepoint_of(task.kind);
    let missing: Vec<&'static Instrument> = task.missing.iter().filter_map(|id| instrument(id)).collect();
    let asks_participant = missing.iter().any(|i| i.respondent == Respondent::Participant);
    let goal_missing = missing.iter().any(|i| i.id == crate::core::goal::INSTRUMENT);
    let rate: Vec<(Route, &'static Instrument)> = missing
        .iter()
        .filter(|i| i.respondent == Respondent::Staff && i.id != crate::core::goal::INSTRUMENT)
        .map(|i| {
            let route = Route::Rating {
                code: code.as_str().to_string(),
                instrument: i.id.clone(),
                timepoint: timepoint.id().to_string(),
            };
            (route, *i)
        })
        .collect();
    let goals = (goal_missing || task.kind == Kind::GoalsNotPlaced).then(|| Route::Goals(code.as_str().to_string()));
    let survey = asks_participant.then(|| {
        let kiosk = format!(
            "{}?kod={}&spar={}&tid={}",
            Route::KioskStart.to_hash(),
            code.as_str(),
            track.id(),
            timepoint.id()
        );
        let link = location_hash::participant_url(&route::participant_link(
            code.as_str(),
            track.id(),
            timepoint.id(),
        ));
        view! {
            <a class="button-link" href=kiosk><Tx k="staff.case.hand_over"/></a>
            <details class="task-link">
                <summary><Tx k="staff.enrol.own_phone"/></summary>
                <LinkShare url=link/>
            </details>
        }
    });
    view! {
        {rate.into_iter().map(|(route, inst)| view! {
            <a class="button-link" href=route.to_hash()>
                {i18n.fill("staff.todo.rate", &[("instrument", inst.title.swedish())])}
            </a>
        }).collect_view()}
        {goals.map(|route| view! { <a class="button-link" href=route.to_hash()><Tx k="staff.case.open_goals"/></a> })}
        {survey}
    }
}
