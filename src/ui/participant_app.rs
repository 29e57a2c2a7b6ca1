//! The participant's app: the start page, the code page a link opens, the
//! survey and not-found. Any other route belongs to the staff app, which it
//! opens in its place (`location_hash::hand_over_to_other_app`).

use leptos::prelude::*;

use crate::core::language::Language;
use crate::core::route::Route;
use crate::platform::location_hash;
use crate::ui::app_frame::{title_follows, AppFrame};
use crate::ui::hooks::{provide_started_survey, use_language, use_route};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::not_found_page::NotFoundPage;
use crate::ui::participant_page::ParticipantPage;
use crate::ui::start_page::StartPage;
use crate::ui::survey_page::SurveyPage;

#[component]
pub fn App(language: Language, kiosk: Option<String>, startup_problem: Option<&'static str>) -> impl IntoView {
    // A kiosk lock sends the page to the staff app before it mounts.
    let _ = kiosk;
    use_language(I18n::new(language));
    provide_started_survey();
    let route = use_route();
    let i18n = use_i18n();
    Effect::new(move |_| {
        route.track();
        location_hash::hand_over_to_other_app();
    });
    title_follows(i18n, move || match route.get() {
        Route::Start => None,
        Route::NotFound(_) => Some("notfound.heading"),
        _ => Some("role.participant"),
    });
    view! {
        <AppFrame startup_problem=startup_problem>
            {move || match route.get() {
                Route::Start => view! { <StartPage/> }.into_any(),
                Route::Participant => view! { <ParticipantPage/> }.into_any(),
                Route::Survey(id) => view! { <SurveyPage id=id/> }.into_any(),
                // Staff routes have left for the staff app by now.
                _ => view! { <NotFoundPage/> }.into_any(),
            }}
        </AppFrame>
    }
}
