//! What every screen of both apps sits in: the header, the update banner, a
//! start-up problem, and `<main>` with the route's screen; and the page title.

use leptos::prelude::*;

use crate::platform::document;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::site_header::SiteHeader;
use crate::ui::update_banner::UpdateBanner;

#[component]
pub fn AppFrame(startup_problem: Option<&'static str>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let second_tab = startup_problem == Some(crate::ui::SECOND_TAB);
    view! {
        <SiteHeader/>
        <UpdateBanner/>
        {startup_problem.map(|key| view! { <p class="error startup-problem" role="alert">{move || i18n.t(key)}</p> })}
        <main id="main">
            // A second tab shows only its message: it must not write anything.
            {(!second_tab).then(children)}
        </main>
    }
}

/// Each screen has its own title (`page`, the key of its name, or none for
/// the start page), so tabs and screen readers tell them apart.
pub fn title_follows(i18n: I18n, page: impl Fn() -> Option<&'static str> + 'static) {
    Effect::new(move |_| {
        let app = i18n.t("app.name");
        document::set_title(&page().map_or(app.to_string(), |key| format!("{} – {app}", i18n.t(key))));
    });
}
