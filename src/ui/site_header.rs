use leptos::prelude::*;

use crate::core::route::Route;
use crate::ui::i18n::use_i18n;
use crate::ui::language_picker::LanguagePicker;

/// App name (a link home), the language picker, and a notice whenever the
/// chosen language is an unreviewed translation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="brand" href=Route::Start.to_hash()>{i18n.text("app.name")}</a>
            <LanguagePicker/>
        </header>
        <Show when=move || i18n.status().needs_review_notice()>
            <p class="draft-notice" role="note">{i18n.text("translation.draft")}</p>
        </Show>
    }
}
