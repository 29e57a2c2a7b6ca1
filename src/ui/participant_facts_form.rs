//! Gender and age, filled in on the participant's page once staff know them.
//! The core checks the record again: a participant under 18 needs a
//! guardian's consent, whenever the age becomes known.

use leptos::prelude::*;

use crate::core::participant::Participant;
use crate::platform::{roster, storage};
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::participant_fields::{enrol_problem_key, AgeSelect, GenderSelect};
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn ParticipantFactsForm(participant: Participant, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let gender = RwSignal::new(participant.gender);
    let age = RwSignal::new(participant.age);
    let guardian_on = RwSignal::new(participant.consent.guardian_on.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut updated = participant.clone();
        updated.gender = gender.get_untracked();
        updated.age = age.get_untracked();
        let guardian = guardian_on.get_untracked();
        updated.consent.guardian_on = (!guardian.is_empty()).then_some(guardian);
        leptos::task::spawn_local(async move {
            let saved = async {
                updated.check().map_err(enrol_problem_key)?;
                let storage = storage::shared().await.map_err(|e| storage_message_key(&e))?;
                roster::enrol(&storage, &updated).await.map_err(|e| storage_message_key(&e))
            }
            .await;
            match saved {
                Ok(()) => _ = on_saved.try_run(()),
                Err(key) => problem.set(Some(key)),
            }
        });
    };
    view! {
        <details class="facts-form">
            <summary><Tx k="staff.case.edit_facts"/></summary>
            <form class="stack" on:submit=on_submit>
                <GenderSelect id="facts-gender" gender=gender/>
                <AgeSelect id="facts-age" age=age/>
                <div class="field">
                    <label for="facts-guardian-date"><Tx k="staff.enrol.guardian_date"/></label>
                    <p class="hint" id="facts-guardian-hint"><Tx k="staff.case.guardian_hint"/></p>
                    <input id="facts-guardian-date" type="date" class="short" aria-describedby="facts-guardian-hint"
                        prop:value=move || guardian_on.get() on:input=move |ev| guardian_on.set(event_target_value(&ev))/>
                </div>
                <p class="error" role="alert">{move || problem.get().map(|k| i18n.t(k))}</p>
                <button type="submit" class="secondary"><Tx k="staff.case.save_facts"/></button>
            </form>
        </details>
    }
}
