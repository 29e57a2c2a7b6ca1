use leptos::prelude::*;

use crate::core::survey::Survey;
use crate::ui::i18n::use_i18n;
use crate::ui::survey::focus::focus_heading_on_mount;
use crate::ui::survey::send_answers::SendAnswers;
use crate::ui::survey::StaffUnlock;
use crate::ui::survey_page::SurveyAction;

/// Thank you. On a staff device (kiosk) the participant is asked to hand the
/// device back, and only staff can leave this screen. Drawn anew when the
/// language changes: its texts are fixed.
#[component]
pub fn DoneScreen(survey: RwSignal<Option<Survey>>, act: Callback<SurveyAction>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = focus_heading_on_mount();
    let kiosk = survey.with_untracked(|s| s.as_ref().is_some_and(|s| s.kiosk));
    let code = survey.with_untracked(|s| s.as_ref().map(|s| s.participant.display()).unwrap_or_default());
    view! {
        <section class="done">
            <h1 tabindex="-1" node_ref=heading>{i18n.t_once("survey.done.heading")}</h1>
            {if kiosk {
                view! {
                    <p class="kiosk-return">{i18n.t_once("survey.kiosk.return")}</p>
                    <section class="staff-unlock" aria-labelledby="staff-unlock-heading">
                        <h2 id="staff-unlock-heading" lang=untrack(|| i18n.lang_of("staff.kiosk.unlock"))>{i18n.t_once("staff.kiosk.unlock")}</h2>
                        <p class="note" lang=untrack(|| i18n.lang_of("staff.kiosk.unlock_note"))>{i18n.t_once("staff.kiosk.unlock_note")}</p>
                        <StaffUnlock on_unlocked=Callback::new(move |()| act.run(SurveyAction::Unlock))/>
                    </section>
                }.into_any()
            } else {
                view! {
                    <p>{i18n.t_once("survey.done.text")}</p>
                    <SendAnswers code=code/>
                }.into_any()
            }}
        </section>
    }
}
