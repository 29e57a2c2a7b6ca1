use leptos::prelude::*;

use crate::core::language::Language;
use crate::core::route::Route;
use crate::platform::location_hash;
use crate::ui::app_frame::{title_follows, AppFrame};
use crate::ui::case_page::CasePage;
use crate::ui::change_passphrase_page::ChangePassphrasePage;
use crate::ui::close_case_page::CloseCasePage;
use crate::ui::evaluator_page::EvaluatorPage;
use crate::ui::evaluator_results_page::EvaluatorResultsPage;
use crate::ui::export_page::ExportPage;
use crate::ui::goals_page::GoalsPage;
use crate::ui::hooks::{provide_kiosk, provide_staff_session, provide_started_survey, use_language, use_route};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::kiosk_start_page::KioskStartPage;
use crate::ui::not_found_page::NotFoundPage;
use crate::ui::participant_page::ParticipantPage;
use crate::ui::questions_page::QuestionsPage;
use crate::ui::rating_page::RatingPage;
use crate::ui::roster_page::RosterPage;
use crate::ui::staff_gate::StaffGate;
use crate::ui::staff_page::StaffPage;
use crate::ui::start_page::StartPage;
use crate::ui::step_movement_page::StepMovementPage;
use crate::ui::receive_page::ReceivePage;
use crate::ui::storage_page::StoragePage;
use crate::ui::survey_page::SurveyPage;


#[component]
pub fn App(language: Language, kiosk: Option<String>, startup_problem: Option<&'static str>) -> impl IntoView {
    use_language(I18n::new(language));
    let kiosk = provide_kiosk(kiosk, provide_started_survey());
    provide_staff_session();
    let route = use_route();
    let i18n = use_i18n();
    // While a participant holds the device, every route leads back to their survey.
    let shown = Memo::new(move |_| match kiosk.0.get() {
        Some(id) => Route::Survey(id),
        None => route.get(),
    });
    Effect::new(move |_| {
        let target = shown.get();
        if route.get() != target {
            location_hash::go(&target.to_hash());
        }
    });
    title_follows(i18n, move || match shown.get() {
            Route::Start => None,
            Route::Participant | Route::Survey(_) => Some("role.participant"),
            Route::Staff => Some("role.staff"),
            Route::KioskStart => Some("staff.link.kiosk"),
            Route::Questions => Some("staff.link.questions"),
            Route::Export => Some("staff.export.heading"),
            Route::ReceiveAnswers => Some("staff.scan.heading"),
            Route::StorageStatus => Some("staff.storage.heading"),
            Route::ChangePassphrase => Some("staff.lock.change.heading"),
            Route::Roster => Some("staff.link.roster"),
            Route::ParticipantCase(_) => Some("staff.case.heading"),
            Route::Rating { .. } => Some("staff.rating.here"),
            Route::Goals(_) => Some("staff.goals.heading"),
            Route::StepMovement(_) => Some("staff.movement.heading"),
            Route::CloseCase(_) => Some("staff.close.heading"),
            Route::Evaluator => Some("role.evaluator"),
            Route::EvaluatorResults => Some("evaluator.results.heading"),
            Route::NotFound(_) => Some("notfound.heading"),
    });
    view! {
        <AppFrame startup_problem=startup_problem staff_screen=Signal::derive(move || !shown.get().in_participant_app())>
            {move || match shown.get() {
                Route::Start => view! { <StartPage/> }.into_any(),
                Route::Participant => view! { <ParticipantPage/> }.into_any(),
                Route::Survey(id) => view! { <SurveyPage id=id/> }.into_any(),
                Route::Staff => view! { <StaffGate><StaffPage/></StaffGate> }.into_any(),
                Route::KioskStart => view! { <StaffGate><KioskStartPage/></StaffGate> }.into_any(),
                Route::Questions => view! { <StaffGate><QuestionsPage/></StaffGate> }.into_any(),
                Route::Export => view! { <StaffGate><ExportPage/></StaffGate> }.into_any(),
                Route::ReceiveAnswers => view! { <StaffGate><ReceivePage/></StaffGate> }.into_any(),
                Route::StorageStatus => view! { <StaffGate><StoragePage/></StaffGate> }.into_any(),
                Route::ChangePassphrase => view! { <StaffGate><ChangePassphrasePage/></StaffGate> }.into_any(),
                Route::Roster => view! { <StaffGate><RosterPage/></StaffGate> }.into_any(),
                Route::ParticipantCase(code) => view! { <StaffGate><CasePage code=code.clone()/></StaffGate> }.into_any(),
                Route::Rating { code, instrument, timepoint } => view! {
                    <StaffGate><RatingPage code=code.clone() instrument=instrument.clone() timepoint=timepoint.clone()/></StaffGate>
                }.into_any(),
                Route::Goals(code) => view! { <StaffGate><GoalsPage code=code.clone()/></StaffGate> }.into_any(),
                Route::StepMovement(code) => view! { <StaffGate><StepMovementPage code=code.clone()/></StaffGate> }.into_any(),
                Route::CloseCase(code) => view! { <StaffGate><CloseCasePage code=code.clone()/></StaffGate> }.into_any(),
                Route::Evaluator => view! { <EvaluatorPage/> }.into_any(),
                Route::EvaluatorResults => view! { <EvaluatorResultsPage/> }.into_any(),
                Route::NotFound(_) => view! { <NotFoundPage/> }.into_any(),
            }}
        </AppFrame>
    }
}
