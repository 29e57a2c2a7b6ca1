use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("role.staff")}</h1>
        <p lang=move || i18n.lang_of("staff.intro")>{move || i18n.t("staff.intro")}</p>
        <ul class="role-list">
            <li>
                <a class="role-card" href=Route::Questions.to_hash()>
                    <span class="role-name" lang=move || i18n.lang_of("staff.link.questions")>{move || i18n.t("staff.link.questions")}</span>
                    <span class="role-hint" lang=move || i18n.lang_of("staff.link.questions.hint")>{move || i18n.t("staff.link.questions.hint")}</span>
                </a>
            </li>
        </ul>
        <p lang=move || i18n.lang_of("staff.not_ready")>{move || i18n.t("staff.not_ready")}</p>
    }
}
