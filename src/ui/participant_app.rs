//! The participant's app: the start page, the code page a link opens, the
//! survey and not-found. Any other route belongs to the staff app, which it
//! opens in its place (`location_hash::hand_over_to_other_app`).

use leptos::prelude::*;

use crate::core::language::Language;
use crate::core::route::Route;
use crate::platform::{document, location_hash};
use crate::ui::hooks::{provide_started_survey, use_language, use_route};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::not_found_page::NotFoundPage;
use crate::ui::participant_page::ParticipantPage;
use crate::ui::site_header::SiteHeader;
use crate::ui::start_page::StartPage;
use crate::ui::survey_page::SurveyPage;
use crate::ui::update_banner::UpdateBanner;

#[component]
pub fn App(language: Language, kiosk: Option<String>, startup_problem: Option<&'static str>) -> impl IntoView {
    // A kiosk lock sends the page to the staff app before it mounts.
    let _ = kiosk;
    use_language(I18n::new(language));
    provide_started_survey();
    let route = use_route();
    let second_tab = startup_problem == Some(crate::ui::SECOND_TAB);
    let i18n = use_i18n();
    Effect::new(move |_| {
        route.track();
        location_hash::hand_over_to_other_app();
    });
    Effect::new(move |_| {
        let page = match route.get() {
            Route::Start => None,
            Route::NotFound(_) => Some("notfound.heading"),
            _ => Some("role.participant"),
        };
        let app = i18n.t("app.name");
        document::set_title(&page.map_or(app.to_string(), |key| format!("{} – {app}", i18n.t(key))));
    });
    view! {
        <SiteHeader/>
        <UpdateBanner/>
        {startup_problem.map(|key| view! { <p class="error startup-problem" role="alert">{move || i18n.t(key)}</p> })}
        <main id="main">
            // A second tab shows only its message: it must not write anything.
            {move || (!second_tab).then(|| match route.get() {
                Route::Start => view! { <StartPage/> }.into_any(),
                Route::Participant => view! { <ParticipantPage/> }.into_any(),
                Route::Survey(id) => view! { <SurveyPage id=id/> }.into_any(),
                // Staff routes have left for the staff app by now.
                _ => view! { <NotFoundPage/> }.into_any(),
            })}
        </main>
    }
}
