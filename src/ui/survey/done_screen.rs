use leptos::prelude::*;

use crate::core::survey::Survey;
use crate::ui::i18n::use_i18n;
use crate::ui::survey::focus::focus_heading_on_mount;
use crate::ui::survey::send_answers::SendAnswers;
use crate::ui::survey::StaffUnlock;
use crate::ui::survey_page::SurveyAction;

/// Thank you. On a staff device (kiosk) the participant is asked to hand the
/// device back, and only staff can leave this screen.
#[component]
pub fn DoneScreen(survey: RwSignal<Option<Survey>>, act: Callback<SurveyAction>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = focus_heading_on_mount();
    let kiosk = survey.with_untracked(|s| s.as_ref().is_some_and(|s| s.kiosk));
    let code = survey.with_untracked(|s| s.as_ref().map(|s| s.participant.display()).unwrap_or_default());
    view! {
        <section class="done">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t("survey.done.heading")}</h1>
            {if kiosk {
                view! {
                    <p class="kiosk-return">{move || i18n.t("survey.kiosk.return")}</p>
                    <section class="staff-unlock" aria-labelledby="staff-unlock-heading">
                        <h2 id="staff-unlock-heading" lang=move || i18n.lang_of("staff.kiosk.unlock")>{move || i18n.t("staff.kiosk.unlock")}</h2>
                        <p class="note" lang=move || i18n.lang_of("staff.kiosk.unlock_note")>{move || i18n.t("staff.kiosk.unlock_note")}</p>
                        <StaffUnlock on_unlocked=Callback::new(move |()| act.run(SurveyAction::Unlock))/>
                    </section>
                }.into_any()
            } else {
                view! {
                    <p>{move || i18n.t("survey.done.text")}</p>
                    <SendAnswers code=code/>
                }.into_any()
            }}
        </section>
    }
}
