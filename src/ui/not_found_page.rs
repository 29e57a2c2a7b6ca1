use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.t("notfound.heading")}</h1>
        <p>{move || i18n.t("notfound.text")}</p>
        <p><a href=Route::Start.to_hash()>{move || i18n.t("nav.home")}</a></p>
    }
}
