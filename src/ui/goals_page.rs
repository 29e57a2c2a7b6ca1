//! The goal staircase (mal-trappan): set up to three goals with the
//! participant, place each on its step at every follow-up, reword or close
//! it. Every change keeps the goal's history.

use leptos::prelude::*;

use crate::core::goal::{self, Goal, GoalProblem, Placing};
use crate::core::instrument::{self, Instrument, ItemKind, Scale, Timepoint};
use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::platform::cases::{self, CaseData};
use crate::platform::{clock, document, form_values, random, storage};
use crate::ui::case_frame::{with_case, CaseNav};
use crate::ui::form_messages;
use crate::ui::hooks::use_staff_session;
use crate::ui::i18n::{use_i18n, Tx};
use crate::core::labels::timepoint_key;
use crate::ui::staff_form::RaterField;
use crate::ui::storage_message::storage_message_key;

fn trappan() -> &'static Instrument {
    instrument::shipped().iter().find(|i| i.id == goal::INSTRUMENT).expect("mal-trappan ships")
}

fn steps() -> &'static Scale {
    let inst = trappan();
    inst.items.iter().find_map(|i| inst.scale_of(i)).expect("mal-trappan has steps")
}

fn step_label(step: i32) -> String {
    steps().points.iter().find(|p| p.value == step).map_or_else(|| step.to_string(), |p| p.label.swedish().to_string())
}

/// What a staff member does to a goal.
#[derive(Clone)]
enum GoalChange {
    Set { text: String, step: i32 },
    Place { goal: Goal, step: i32 },
    Rephrase { goal: Goal, text: String },
    Close { goal: Goal },
}

/// Where a goal's messages are shown: on its own card, or on the new-goal form.
#[derive(Clone, PartialEq)]
enum Place {
    New,
    Goal(String),
}

#[derive(Clone, Copy)]
struct Feedback {
    /// A problem, at the card it belongs to.
    error: RwSignal<Option<(Place, String)>>,
    rater_error: RwSignal<Option<String>>,
    /// What was saved, shown at the goal it concerns (a closed goal's news
    /// at the foot of the page).
    saved: RwSignal<Option<(Place, &'static str)>>,
    /// A change is being saved: a second tap waits.
    busy: RwSignal<bool>,
}

#[component]
pub fn GoalsPage(code: String) -> impl IntoView {
    // Outside the case view, so messages survive the re-read after a save.
    let feedback = Feedback {
        error: RwSignal::new(None),
        rater_error: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let timepoint = RwSignal::new(None::<Timepoint>);
    view! {
        {with_case(code, move |participant, data, reload| view! {
            <Goals participant=participant data=data reload=reload feedback=feedback timepoint=timepoint/>
        })}
        <p class="saved" id="goals-saved" tabindex="-1" role="status">{move || saved_at(feedback, Place::New).map(|k| view! { <Tx k=k/> })}</p>
    }
}

#[component]
fn Goals(
    participant: Participant,
    data: CaseData,
    reload: Callback<()>,
    feedback: Feedback,
    timepoint: RwSignal<Option<Timepoint>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff_session();
    let code = participant.id.clone();
    // Goals are set at intake and moved at follow-ups, unless staff choose otherwise.
    let placed_before = data.goals.iter().any(|g| !g.placements.is_empty());
    let default = if placed_before { Timepoint::FollowUp } else { Timepoint::Intake };
    let when = move || timepoint.get().unwrap_or(default);
    let when_untracked = move || timepoint.get_untracked().unwrap_or(default);
    let closed_case = participant.closed_on.is_some();
    let (open, closed): (Vec<Goal>, Vec<Goal>) = data.goals.into_iter().partition(Goal::is_open);
    let open_count = open.len();
    let apply = Callback::new(move |(change, at): (GoalChange, Place)| {
        if feedback.busy.get_untracked() {
            return;
        }
        feedback.busy.set(true);
        let code = code.clone();
        let rater = session.rater.get_untracked();
        let chosen = when_untracked();
        // The timepoint in use stays chosen after the page is drawn again.
        timepoint.set(Some(chosen));
        feedback.saved.set(None);
        leptos::task::spawn_local(async move {
            let result = save(change, code, &rater, chosen, open_count).await;
            feedback.busy.set(false);
            match result {
                Ok((key, at)) => {
                    // Stored: the forms are emptied at once, so a second
                    // tap before the page is drawn again stores nothing.
                    document::reset_forms();
                    feedback.error.set(None);
                    feedback.rater_error.set(None);
                    if at == Place::New {
                        document::focus_first("#goals-saved");
                    }
                    feedback.saved.set(Some((at, key)));
                    _ = reload.try_run(());
                }
                Err(problem) => {
                    let message = match problem {
                        Ok(GoalProblem::Rater(p)) => {
                            let m = form_messages::rater(i18n, p);
                            feedback.rater_error.set(Some(m.clone()));
                            m
                        }
                        Ok(p) => form_messages::goal(i18n, &p),
                        Err(key) => i18n.t(key).to_string(),
                    };
                    // Shown where staff tapped, also when the problem is the rater field above.
                    feedback.error.set(Some((at, message)));
                }
            }
        });
    });
    let reminder = trappan().items.iter().find_map(|i| match &i.kind {
        ItemKind::FreeText { reminder: Some(r), .. } => Some(r.swedish().to_string()),
        _ => None,
    });
    view! {
        <CaseNav participant=participant.id.clone() here="staff.goals.heading"/>
        <h1><Tx k="staff.goals.heading"/></h1>
        {trappan().intro.as_ref().map(|intro| view! { <p lang="sv">{intro.swedish().to_string()}</p> })}
        {reminder.clone().map(|r| view! { <p class="privacy" lang="sv">{r}</p> })}
        <RaterField error=feedback.rater_error/>
        <div class="field">
            <label for="goal-timepoint"><Tx k="staff.goals.timepoint"/></label>
            <select id="goal-timepoint" class="short" prop:value=move || when().id() on:change=move |ev| {
                timepoint.set(Timepoint::from_id(&event_target_value(&ev)));
            }>
                {trappan().timepoints.iter().map(|t| view! {
                    <option value=t.id() lang=move || i18n.lang_of(timepoint_key(*t))>{move || i18n.t(timepoint_key(*t))}</option>
                }).collect_view()}
            </select>
        </div>
        {open.into_iter().map(|g| view! { <GoalCard goal=g apply=apply feedback=feedback/> }).collect_view()}
        {if closed_case {
            view! { <p class="note"><Tx k="staff.goals.case_closed"/></p> }.into_any()
        } else if open_count < goal::MAX_OPEN {
            view! { <NewGoal apply=apply feedback=feedback/> }.into_any()
        } else {
            view! { <p class="note"><Tx k="staff.goals.error.too_many"/></p> }.into_any()
        }}
        {(!closed.is_empty()).then(|| view! {
            <h2><Tx k="staff.goals.closed"/></h2>
            <ul class="closed-goals">
                {closed.into_iter().map(|g| view! {
                    <li lang="sv">{g.text().to_string()}{g.current_step().map(|s| format!(" – {}", step_label(s)))}</li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// Applies a change in the core and stores the goal; the key of the message to show.
async fn save(
    change: GoalChange,
    participant: ParticipantCode,
    rater: &str,
    timepoint: Timepoint,
    open: usize,
) -> Result<(&'static str, Place), Result<GoalProblem, &'static str>> {
    let now = clock::now_iso();
    let placing = |step| Placing { timepoint, step, rater, now: &now };
    let (goal, key) = match change {
        GoalChange::Set { text, step } => {
            (Goal::set(random::id(), participant, trappan(), &text, placing(step), open), "staff.goals.saved.set")
        }
        GoalChange::Place { mut goal, step } => {
            (goal.place(trappan(), placing(step)).map(|()| goal), "staff.goals.saved.step")
        }
        GoalChange::Rephrase { mut goal, text } => {
            (goal.rephrase(trappan(), &text, rater, &now).map(|()| goal), "staff.goals.saved.text")
        }
        GoalChange::Close { mut goal } => {
            // Closing still says who did it, like every other change.
            crate::core::free_text::check_rater(rater).map_err(|p| Ok(GoalProblem::Rater(p)))?;
            goal.close(&now);
            (Ok(goal), "staff.goals.saved.closed")
        }
    };
    let goal = goal.map_err(Ok)?;
    let storage = storage::shared().await.map_err(|e| Err(storage_message_key(&e)))?;
    cases::save_goal(&storage, &goal).await.map_err(|e| Err(storage_message_key(&e)))?;
    Ok((key, if goal.is_open() { Place::Goal(goal.id) } else { Place::New }))
}

/// The five steps as radio buttons; `name` is unique per form.
#[component]
fn StepChoice(name: String, legend: &'static str, described_by: String) -> impl IntoView {
    view! {
        <fieldset class="form-item" aria-describedby=described_by>
            <legend><Tx k=legend/></legend>
            <div class="options compact">
                {steps().points.iter().map(|p| {
                    let id = format!("{name}-{}", p.value);
                    view! {
                        <label class="option" for=id.clone()>
                            <input type="radio" name=name.clone() id=id.clone() value=p.value.to_string()/>
                            <span lang="sv">{format!("{}. {}", p.value, p.label.swedish())}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The key of the news of a save at `at`, if that is where the last save was.
fn saved_at(feedback: Feedback, at: Place) -> Option<&'static str> {
    feedback.saved.with(|s| s.as_ref().filter(|(p, _)| *p == at).map(|(_, k)| *k))
}

fn error_at(feedback: Feedback, at: Place) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let at = StoredValue::new(at);
    move || feedback.error.with(|e| e.as_ref().filter(|(p, _)| at.with_value(|a| a == p)).map(|(_, m)| m.clone()))
}

#[component]
fn GoalCard(goal: Goal, apply: Callback<(GoalChange, Place)>, feedback: Feedback) -> impl IntoView {
    let here = Place::Goal(goal.id.clone());
    let error = error_at(feedback, here.clone());
    let heading_id = format!("goal-{}", goal.id);
    let step_name = format!("step-{}", goal.id);
    let text_id = format!("text-{}", goal.id);
    let error_id = format!("error-{}", goal.id);
    let current = goal.current_step();
    let history: Vec<String> = goal.placements.iter().map(|p| p.step.to_string()).collect();
    let g = StoredValue::new(goal.clone());
    let confirming = RwSignal::new(false);
    let confirm_id = format!("confirm-{}", goal.id);
    let saved_id = format!("saved-{}", goal.id);
    // Drawn again after its own save: focus stays at this goal, on the news.
    if feedback.saved.with_untracked(|s| s.as_ref().is_some_and(|(p, _)| *p == here)) {
        document::focus_first(format!("#{saved_id}"));
    }
    let place_here = StoredValue::new(here);
    let on_step = {
        let step_name = step_name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let raw = form_values::read(&ev, &[&step_name]).remove(0).1;
            let step = raw.parse().unwrap_or(0);
            apply.run((GoalChange::Place { goal: g.get_value(), step }, place_here.get_value()));
        }
    };
    let on_text = {
        let text_id = text_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = form_values::read(&ev, &[&text_id]).remove(0).1;
            apply.run((GoalChange::Rephrase { goal: g.get_value(), text }, place_here.get_value()));
        }
    };
    view! {
        <section class="goal" aria-labelledby=heading_id.clone() data-goal=goal.text().to_string()>
            <h2 id=heading_id.clone() lang="sv">{goal.text().to_string()}</h2>
            <ol class="staircase">
                {steps().points.iter().map(|p| view! {
                    <li class:current=current == Some(p.value) aria-current=(current == Some(p.value)).then_some("step") lang="sv">
                        {format!("{}. {}", p.value, p.label.swedish())}
                    </li>
                }).collect_view()}
            </ol>
            <p class="history">
                <Tx k="staff.goals.history"/>": "{history.join(" → ")}
            </p>
            <p class="saved" id=saved_id tabindex="-1" role="status">
                {move || saved_at(feedback, place_here.get_value()).map(|k| view! { <Tx k=k/> })}
            </p>
            <p class="error" id=error_id.clone() role="alert">{error}</p>
            <form class="stack" on:submit=on_step>
                <StepChoice name=step_name legend="staff.goals.where_now" described_by=error_id.clone()/>
                <button type="submit" disabled=move || feedback.busy.get() class="primary"><Tx k="staff.goals.save_step"/></button>
            </form>
            <details>
                <summary><Tx k="staff.goals.rephrase"/></summary>
                <form class="stack" on:submit=on_text>
                    <label for=text_id.clone()><Tx k="staff.goals.text"/></label>
                    <textarea id=text_id.clone() name=text_id rows="2" aria-describedby=error_id.clone() prop:value=goal.text().to_string()></textarea>
                    <button type="submit" disabled=move || feedback.busy.get() class="secondary"><Tx k="staff.goals.save_text"/></button>
                </form>
            </details>
            // Closing cannot be undone, so it asks once more.
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="secondary" disabled=move || feedback.busy.get()
                    on:click=move |_| confirming.set(true)><Tx k="staff.goals.close"/></button>
            }>
                <div class="confirm" role="group" aria-labelledby=confirm_id.clone()>
                    <p id=confirm_id.clone()><Tx k="staff.goals.close_confirm"/></p>
                    <button type="button" class="primary" disabled=move || feedback.busy.get() on:click=move |_| {
                        apply.run((GoalChange::Close { goal: g.get_value() }, place_here.get_value()));
                    }><Tx k="staff.goals.close_yes"/></button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)><Tx k="staff.goals.close_no"/></button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn NewGoal(apply: Callback<(GoalChange, Place)>, feedback: Feedback) -> impl IntoView {
    let error = error_at(feedback, Place::New);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let values = form_values::read(&ev, &["new-goal-text", "new-goal-step"]);
        let step = values[1].1.parse().unwrap_or(0);
        apply.run((GoalChange::Set { text: values[0].1.clone(), step }, Place::New));
    };
    view! {
        <section class="new-goal" aria-labelledby="new-goal-heading">
            <h2 id="new-goal-heading"><Tx k="staff.goals.new"/></h2>
            <form class="stack" on:submit=on_submit>
                <label for="new-goal-text"><Tx k="staff.goals.text"/></label>
                <textarea id="new-goal-text" name="new-goal-text" rows="2" aria-describedby="new-goal-error"></textarea>
                <StepChoice name="new-goal-step".to_string() legend="staff.goals.where_now" described_by="new-goal-error".to_string()/>
                <p class="error" id="new-goal-error" role="alert">{error}</p>
                <button type="submit" disabled=move || feedback.busy.get() class="primary"><Tx k="staff.goals.add"/></button>
            </form>
        </section>
    }
}
