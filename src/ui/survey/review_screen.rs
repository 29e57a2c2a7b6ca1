use leptos::prelude::*;

use crate::platform::content;
use crate::core::survey::Survey;
use crate::ui::i18n::use_i18n;
use crate::ui::survey::focus::focus_heading_on_mount;
use crate::ui::survey_page::SurveyAction;

/// Every answer, each with a way to change it, and the submit button.
#[component]
pub fn ReviewScreen(survey: RwSignal<Option<Survey>>, act: Callback<SurveyAction>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = focus_heading_on_mount();
    let project = move || i18n.project_name();
    // The screen is drawn anew when the language changes: its texts are fixed.
    let lang = i18n.language.get_untracked();
    let rows = move || {
        survey.with(|s| {
            let Some(s) = s.as_ref() else { return Vec::new() };
            s.questions
                .iter()
                .zip(&s.answers)
                .enumerate()
                .filter_map(|(index, (q, answer))| {
                    let inst = content::instruments(lang).iter().find(|i| i.id == q.instrument)?;
                    let item = inst.item(&q.item)?;
                    let label = answer.as_ref().and_then(|a| a.value.label(inst, item, lang));
                    Some((index, inst.question(item, lang, project()), label.map(str::to_string)))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h1 tabindex="-1" node_ref=heading>{i18n.t_once("survey.review.heading")}</h1>
        <p>{i18n.t_once("survey.review.intro")}</p>
        <ol class="review">
            {move || rows().into_iter().map(|(index, question, label)| {
                let question_id = format!("review-q-{index}");
                let answered = label.is_some();
                view! {
                    <li class="review-row" data-index=index>
                        <p class="question" id=question_id.clone()>{question}</p>
                        <p class="answer" class:unanswered=!answered>
                            {label.unwrap_or_else(|| i18n.t_once("survey.review.no_answer").to_string())}
                        </p>
                        <button type="button" class="secondary" aria-describedby=question_id
                            on:click=move |_| act.run(SurveyAction::Change(index))>
                            {i18n.t_once("survey.review.change")}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ol>
        <div class="survey-nav">
            <button type="button" class="secondary" on:click=move |_| act.run(SurveyAction::Back)>{i18n.t_once("survey.back")}</button>
            <button type="button" class="primary" on:click=move |_| act.run(SurveyAction::Submit)>{i18n.t_once("survey.submit")}</button>
        </div>
    }
}
