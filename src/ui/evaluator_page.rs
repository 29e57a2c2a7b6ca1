use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

#[component]
pub fn EvaluatorPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("role.evaluator")}</h1>
        <p lang=move || i18n.lang_of("evaluator.intro")>{move || i18n.t("evaluator.intro")}</p>
        <p lang=move || i18n.lang_of("evaluator.not_ready")>{move || i18n.t("evaluator.not_ready")}</p>
    }
}
