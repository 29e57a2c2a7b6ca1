use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;
use crate::ui::storage_warning::StorageWarning;
use crate::ui::worklist::Worklist;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("role.staff")}</h1>
        <p lang=move || i18n.lang_of("staff.intro")>{move || i18n.t("staff.intro")}</p>
        <StorageWarning/>
        <Worklist/>
        <h2 class="visually-hidden" lang=move || i18n.lang_of("staff.links")>{move || i18n.t("staff.links")}</h2>
        <ul class="role-list">
            {[
                (Route::Roster, "staff.link.roster", "staff.link.roster.hint"),
                (Route::KioskStart, "staff.link.kiosk", "staff.link.kiosk.hint"),
                (Route::ReceiveAnswers, "staff.scan.heading", "staff.link.scan.hint"),
                (Route::Export, "staff.export.heading", "staff.link.export.hint"),
                (Route::Questions, "staff.link.questions", "staff.link.questions.hint"),
                (Route::StorageStatus, "staff.storage.heading", "staff.link.storage.hint"),
                (Route::ChangePassphrase, "staff.lock.change.heading", "staff.link.change.hint"),
            ]
                .into_iter()
                .map(|(route, name, hint)| {
                    view! {
                        <li>
                            <a class="role-card" href=route.to_hash()>
                                <span class="role-name" lang=move || i18n.lang_of(name)>{move || i18n.t(name)}</span>
                                <span class="role-hint" lang=move || i18n.lang_of(hint)>{move || i18n.t(hint)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
