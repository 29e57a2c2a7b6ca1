use leptos::prelude::*;

use crate::core::instrument::{self, Instrument, Item};
use crate::core::language::Language;
use crate::core::response::AnswerValue;
use crate::core::survey::Survey;
use crate::platform::{content, speech};
use crate::ui::i18n::use_i18n;
use crate::ui::survey::focus::focus_heading_on_mount;
use crate::ui::survey_page::SurveyAction;

/// The question in `lang`: the survey screen is drawn anew when the
/// language changes, with that language's instruments.
fn find(survey: &Survey, index: usize, lang: Language) -> Option<(&'static Instrument, &'static Item)> {
    let q = survey.questions.get(index)?;
    let inst = content::instruments(lang).iter().find(|i| i.id == q.instrument)?;
    Some((inst, inst.item(&q.item)?))
}

/// One question: the question is the page heading, the answers are native
/// radio buttons in a fieldset, each a large target.
#[component]
pub fn QuestionScreen(survey: RwSignal<Option<Survey>>, index: usize, act: Callback<SurveyAction>) -> impl IntoView {
    let i18n = use_i18n();
    let Some((inst, item, total, first_of_instrument)) = survey.with_untracked(|s| {
        let s = s.as_ref()?;
        let (inst, item) = find(s, index, i18n.language.get_untracked())?;
        let first = index == 0 || s.questions[index - 1].instrument != inst.id;
        Some((inst, item, s.questions.len(), first))
    }) else {
        return view! { <p>{i18n.t_once("survey.not_found")}</p> }.into_any();
    };
    let heading = focus_heading_on_mount();
    // The screen is drawn anew when the language changes: its texts are fixed.
    let lang = i18n.language.get_untracked();
    let project = move || i18n.project_name();
    let chosen = move || survey.with(|s| s.as_ref().and_then(|s| s.answers[index].as_ref().map(|a| a.value.clone())));
    let read_aloud_note = RwSignal::new(None::<&'static str>);
    let read_aloud = move |_| {
        let lang = i18n.language.get_untracked();
        let text = inst.read_aloud(item, lang, project());
        leptos::task::spawn_local(async move {
            let spoken = speech::speak(&text, lang.code()).await;
            read_aloud_note.set((!spoken).then_some("survey.read_aloud.unavailable"));
        });
    };
    // Reading stops when the participant leaves the question.
    on_cleanup(speech::stop);
    let options: Vec<(AnswerValue, &'static instrument::Text, bool)> = inst
        .scale_of(item)
        .map(|scale| {
            scale
                .points
                .iter()
                .map(|p| (AnswerValue::Point { value: p.value }, &p.label, false))
                .chain(scale.special.iter().map(|s| (AnswerValue::Special { id: s.id.clone() }, &s.label, true)))
                .collect()
        })
        .unwrap_or_default();
    let n = (index + 1).to_string();
    let total = total.to_string();
    view! {
        <form class="question" on:submit=move |ev| {
            ev.prevent_default();
            act.run(SurveyAction::Next);
        }>
            <p class="progress" id="survey-progress">{i18n.fill_once("survey.progress", &[("n", &n), ("total", &total)])}</p>
            {first_of_instrument.then(|| inst.intro.as_ref().map(|intro| {
                view! { <p class="intro" id="survey-intro">{instrument::fill_project(intro.get(lang), untrack(project))}</p> }
            })).flatten()}
            // Focus lands on the heading; the progress and intro above it are
            // announced with the answers.
            <fieldset aria-describedby=if first_of_instrument && inst.intro.is_some() { "survey-progress survey-intro" } else { "survey-progress" }>
                <legend>
                    <h1 tabindex="-1" node_ref=heading>{inst.question(item, lang, untrack(project))}</h1>
                </legend>
                <div class="options">
                    {options.into_iter().map(|(value, label, special)| {
                        let form_value = value.to_form_value();
                        let id = format!("answer-{}", form_value.replace(':', "-"));
                        let checked_value = value.clone();
                        view! {
                            <label class="option" class:special=special for=id.clone()>
                                <input type="radio" name="answer" id=id.clone() value=form_value
                                    prop:checked=move || chosen().as_ref() == Some(&checked_value)
                                    on:change=move |_| act.run(SurveyAction::Select(value.clone()))/>
                                <span>{label.get(lang).to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="read-aloud">
                <button type="button" class="secondary" on:click=read_aloud>{i18n.t_once("survey.read_aloud")}</button>
                <p class="note" aria-live="polite">{move || read_aloud_note.get().map(|k| i18n.t(k))}</p>
            </div>
            <div class="survey-nav">
                <button type="button" class="secondary" on:click=move |_| act.run(SurveyAction::Back)
                    disabled=index == 0 && survey.with_untracked(|s| s.as_ref().is_some_and(|s| !s.returning_to_review))>
                    {i18n.t_once("survey.back")}
                </button>
                <button type="button" class="secondary" on:click=move |_| act.run(SurveyAction::Skip)>
                    {i18n.t_once("survey.skip")}
                </button>
                <button type="submit" class="primary">{i18n.t_once("survey.next")}</button>
            </div>
        </form>
    }
    .into_any()
}
