//! A staff instrument as one form: who rates, then every item asked at the
//! timepoint. Scale items are radio groups, numbers and dates are inputs,
//! free text has its reminder. Problems from the core are shown at once,
//! in a summary and at each field.

use leptos::prelude::*;

use crate::core::assessment::FormProblems;
use crate::core::instrument::{Instrument, Item, ItemKind, Timepoint};
use crate::core::language::Language;
use crate::core::response::AnswerValue;
use crate::platform::{document, form_values};
use crate::ui::form_messages;
use crate::ui::hooks::use_staff_session;
use crate::ui::i18n::{use_i18n, Tx};

/// The name of the form field that holds the rater.
pub const RATER: &str = "rater";

/// The rater field, remembered for the rest of the unlocked session.
#[component]
pub fn RaterField(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let session = use_staff_session();
    view! {
        <div class="field rater">
            <label for="rater"><Tx k="staff.rater.label"/></label>
            <p class="hint" id="rater-hint"><Tx k="staff.rater.hint"/></p>
            <input id="rater" name=RATER autocomplete="off" maxlength="40" class="short"
                aria-describedby="rater-hint rater-error" aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || session.rater.get() on:input=move |ev| session.rater.set(event_target_value(&ev))/>
            <p class="error" id="rater-error">{move || error.get()}</p>
        </div>
    }
}

/// Shows what the core found wrong and moves focus to the first field to fix.
pub fn show_problems(problems: RwSignal<FormProblems>, found: FormProblems) {
    problems.set(found);
    document::focus_first("[aria-invalid='true'] input, input[aria-invalid='true'], textarea[aria-invalid='true']");
}

/// The form; `on_submit` gets every item's raw value and the rater, by name.
#[component]
pub fn StaffForm(
    instrument: &'static Instrument,
    timepoint: Timepoint,
    problems: RwSignal<FormProblems>,
    #[prop(into)] busy: Signal<bool>,
    submit_key: &'static str,
    on_submit: Callback<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items: Vec<&'static Item> = instrument.items_at(timepoint).collect();
    let mut names: Vec<&'static str> = items.iter().map(|i| i.id.as_str()).collect();
    names.push(RATER);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            on_submit.run(form_values::read(&ev, &names));
        }
    };
    let rater_error = Signal::derive(move || problems.with(|p| p.rater.map(|r| form_messages::rater(i18n, r))));
    let has_problems = move || problems.with(|p| p.rater.is_some() || !p.fields.is_empty());
    view! {
        <form class="staff-form stack" on:submit=submit novalidate>
            <p class="error summary" role="alert">
                {move || has_problems().then(|| view! { <Tx k="staff.form.error.summary"/> })}
            </p>
            <RaterField error=rater_error/>
            {instrument.intro.as_ref().map(|intro| view! { <p class="intro" lang="sv">{intro.swedish().to_string()}</p> })}
            {items.into_iter().map(|item| view! { <FormItem instrument=instrument item=item problems=problems/> }).collect_view()}
            <button type="submit" class="primary" disabled=move || busy.get()><Tx k=submit_key/></button>
        </form>
    }
}

#[component]
fn FormItem(instrument: &'static Instrument, item: &'static Item, problems: RwSignal<FormProblems>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("item-{}", item.id);
    let error_id = format!("{id}-error");
    let error = move || {
        problems.with(|p| p.fields.iter().find(|(i, _)| *i == item.id).map(|(_, e)| form_messages::field(i18n, e)))
    };
    let invalid = move || error().is_some().then_some("true");
    let text = item.text.swedish().to_string();
    let error_view = {
        let error_id = error_id.clone();
        view! { <p class="error" id=error_id>{error}</p> }
    };
    match &item.kind {
        ItemKind::Scale { .. } => {
            let scale = instrument.scale_of(item).expect("checked at build time");
            let options: Vec<(String, String, bool)> = scale
                .points
                .iter()
                .map(|p| (AnswerValue::Point { value: p.value }.to_form_value(), p.label.swedish().to_string(), false))
                .chain(scale.special.iter().map(|s| {
                    (AnswerValue::Special { id: s.id.clone() }.to_form_value(), s.label.swedish().to_string(), true)
                }))
                .collect();
            // Few short options fit side by side in one row on a tablet (see
            // style: `.form-item.one-row`); long or many wrap as a grid.
            let one_row = options.len() <= 6 && options.iter().all(|(_, label, _)| label.chars().count() <= 14);
            view! {
                <fieldset class="form-item" class:one-row=one_row aria-describedby=error_id aria-invalid=invalid data-item=item.id.clone()>
                    <legend lang="sv">{text}</legend>
                    <div class="options compact">
                        {options.into_iter().map(|(value, label, special)| {
                            let option_id = format!("{id}-{}", value.replace(':', "-"));
                            view! {
                                <label class="option" class:special=special for=option_id.clone()>
                                    <input type="radio" name=item.id.clone() id=option_id.clone() value=value/>
                                    <span lang="sv">{label}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        ItemKind::Number { min, max, unit } => view! {
            <div class="field form-item" data-item=item.id.clone()>
                <label for=id.clone() lang="sv">{text}{unit.as_ref().map(|u| format!(" ({})", u.swedish()))}</label>
                <input id=id type="number" name=item.id.clone() inputmode="numeric" min=*min max=*max step="1" class="short"
                    aria-describedby=error_id aria-invalid=invalid/>
                {error_view}
            </div>
        }
        .into_any(),
        ItemKind::Date => view! {
            <div class="field form-item" data-item=item.id.clone()>
                <label for=id.clone() lang="sv">{text}</label>
                <input id=id type="date" name=item.id.clone() class="short" aria-describedby=error_id aria-invalid=invalid/>
                {error_view}
            </div>
        }
        .into_any(),
        ItemKind::FreeText { max_length, reminder } => {
            let hint_id = format!("{id}-hint");
            let described = format!("{hint_id} {error_id}");
            view! {
                <div class="field form-item" data-item=item.id.clone()>
                    <label for=id.clone() lang="sv">{text}</label>
                    <p class="reminder" id=hint_id lang="sv">
                        {reminder.as_ref().map(|r| r.get(Language::Sv).to_string())}
                    </p>
                    <textarea id=id name=item.id.clone() rows="3" maxlength=max_length.to_string()
                        aria-describedby=described aria-invalid=invalid></textarea>
                    {error_view}
                </div>
            }
            .into_any()
        }
    }
}
