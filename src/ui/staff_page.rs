use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("role.staff")}</h1>
        <p lang=move || i18n.lang_of("staff.intro")>{move || i18n.t("staff.intro")}</p>
        <p lang=move || i18n.lang_of("staff.not_ready")>{move || i18n.t("staff.not_ready")}</p>
    }
}
