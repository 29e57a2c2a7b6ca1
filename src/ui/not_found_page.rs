use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{i18n.text("notfound.heading")}</h1>
        <p>{i18n.text("notfound.text")}</p>
        <p><a href=Route::Start.to_hash()>{i18n.text("nav.home")}</a></p>
    }
}
