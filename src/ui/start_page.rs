use leptos::prelude::*;

use crate::core::route::Route;
use crate::platform::location_hash;
use crate::ui::i18n::use_i18n;

#[component]
pub fn StartPage() -> impl IntoView {
    let i18n = use_i18n();
    let roles = [
        (Route::Participant, "role.participant", "role.participant.hint"),
        (Route::Staff, "role.staff", "role.staff.hint"),
        (Route::Evaluator, "role.evaluator", "role.evaluator.hint"),
    ];
    view! {
        <h1>{i18n.text("start.heading")}</h1>
        <p class="lead">{i18n.text("app.tagline")}</p>
        <h2>{i18n.text("start.choose")}</h2>
        <ul class="role-list">
            {roles
                .into_iter()
                .map(|(route, name, hint)| {
                    view! {
                        <li>
                            <a class="role-card" href=location_hash::href(&route)>
                                <span class="role-name">{i18n.text(name)}</span>
                                <span class="role-hint">{i18n.text(hint)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
