use leptos::prelude::*;

use crate::core::language::Language;
use crate::core::route::Route;
use crate::ui::evaluator_page::EvaluatorPage;
use crate::ui::hooks::{use_language, use_route};
use crate::platform::document;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::not_found_page::NotFoundPage;
use crate::ui::participant_page::ParticipantPage;
use crate::ui::questions_page::QuestionsPage;
use crate::ui::site_header::SiteHeader;
use crate::ui::staff_page::StaffPage;
use crate::ui::start_page::StartPage;

#[component]
pub fn App(language: Language) -> impl IntoView {
    use_language(I18n::new(language));
    let route = use_route();
    let i18n = use_i18n();
    // Each screen has its own title, so tabs and screen readers tell them apart.
    Effect::new(move |_| {
        let page = match route.get() {
            Route::Start => None,
            Route::Participant => Some("role.participant"),
            Route::Staff => Some("role.staff"),
            Route::Questions => Some("staff.link.questions"),
            Route::Evaluator => Some("role.evaluator"),
            Route::NotFound(_) => Some("notfound.heading"),
        };
        let app = i18n.t("app.name");
        document::set_title(&page.map_or(app.to_string(), |key| format!("{} – {app}", i18n.t(key))));
    });
    view! {
        <SiteHeader/>
        <main id="main">
            {move || match route.get() {
                Route::Start => view! { <StartPage/> }.into_any(),
                Route::Participant => view! { <ParticipantPage/> }.into_any(),
                Route::Staff => view! { <StaffPage/> }.into_any(),
                Route::Questions => view! { <QuestionsPage/> }.into_any(),
                Route::Evaluator => view! { <EvaluatorPage/> }.into_any(),
                Route::NotFound(_) => view! { <NotFoundPage/> }.into_any(),
            }}
        </main>
    }
}
