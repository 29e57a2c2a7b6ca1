use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;
use crate::ui::storage_warning::StorageWarning;
use crate::ui::worklist::Worklist;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{i18n.text("role.staff")}</h1>
        <p lang=i18n.lang_attr("staff.intro")>{i18n.text("staff.intro")}</p>
        <StorageWarning/>
        <Worklist/>
        <h2 class="visually-hidden" lang=i18n.lang_attr("staff.links")>{i18n.text("staff.links")}</h2>
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
                                <span class="role-name" lang=i18n.lang_attr(name)>{i18n.text(name)}</span>
                                <span class="role-hint" lang=i18n.lang_attr(hint)>{i18n.text(hint)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
