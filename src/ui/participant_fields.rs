//! The age and gender fields, shared by enrolment and the participant's page,
//! and the message for each problem the core finds in a participant record.

use leptos::prelude::*;

use crate::core::free_text::FreeTextProblem;
use crate::core::participant::{EnrolProblem, Gender, AGES};
use crate::ui::i18n::{use_i18n, Tx};
use crate::core::labels::gender_key;

pub fn enrol_problem_key(problem: EnrolProblem) -> &'static str {
    match problem {
        EnrolProblem::BadDate => "staff.enrol.error.date",
        EnrolProblem::AgeOutOfRange => "staff.enrol.error.age",
        EnrolProblem::NoConsent => "staff.enrol.error.consent",
        EnrolProblem::NoGuardianConsent => "staff.enrol.error.guardian",
        EnrolProblem::ConsentAfterEnrolment => "staff.enrol.error.consent_after",
        EnrolProblem::Project(FreeTextProblem::LooksLikeIdentityNumber) => "staff.form.error.number_in_text",
        EnrolProblem::Project(FreeTextProblem::LooksLikeEmail) => "staff.form.error.email",
        EnrolProblem::Project(_) => "staff.enrol.error.project",
    }
}

#[component]
pub fn AgeSelect(id: &'static str, age: RwSignal<Option<u8>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id><Tx k="staff.enrol.age"/></label>
            <select id=id class="short" prop:value=move || age.get().map(|a| a.to_string()).unwrap_or_default()
                on:change=move |ev| age.set(event_target_value(&ev).parse().ok())>
                <option value="" lang=i18n.lang_attr("staff.enrol.unknown")>{i18n.text("staff.enrol.unknown")}</option>
                {AGES.map(|a| view! { <option value=a.to_string()>{a.to_string()}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn GenderSelect(id: &'static str, gender: RwSignal<Option<Gender>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id><Tx k="staff.enrol.gender"/></label>
            <select id=id class="short" prop:value=move || gender.get().map(Gender::id).unwrap_or_default()
                on:change=move |ev| gender.set(Gender::from_id(&event_target_value(&ev)))>
                <option value="" lang=i18n.lang_attr("staff.enrol.unknown")>{i18n.text("staff.enrol.unknown")}</option>
                {Gender::ALL.into_iter().map(|g| view! {
                    <option value=g.id() lang=move || i18n.lang_of(gender_key(g))>{move || i18n.t(gender_key(g))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
