use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

#[component]
pub fn ParticipantPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("role.participant")}</h1>
        <p>{move || i18n.t("participant.waiting")}</p>
    }
}
