use leptos::prelude::*;

use crate::core::survey::callable_pieces;
use crate::platform::content;
use crate::ui::i18n::use_i18n;
use crate::ui::survey::focus::focus_heading_on_mount;
use crate::ui::survey_page::SurveyAction;

/// The calm support text after an answer such as "Nästan varje dag". It
/// never blocks the survey: "Fortsätt" goes on.
#[component]
pub fn SupportScreen(instrument: String, trigger: String, act: Callback<SurveyAction>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = focus_heading_on_mount();
    // Drawn anew when the language changes: its texts are fixed.
    let lang = i18n.language.get_untracked();
    let found = content::instruments(lang)
        .iter()
        .find(|i| i.id == instrument)
        .and_then(|i| i.triggers.iter().find(|t| t.id == trigger));
    let Some(found) = found else {
        // An unknown trigger (content changed meanwhile): just go on.
        act.run(SurveyAction::ContinueAfterSupport);
        return ().into_any();
    };
    view! {
        <section class="support">
            <h1 tabindex="-1" node_ref=heading>{found.heading.get(lang).to_string()}</h1>
            // 1177 and 112 are tap-to-call links.
            <p>{callable_pieces(found.text.get(lang)).into_iter().map(|(piece, call)| {
                if call {
                    view! { <a href=format!("tel:{piece}") class="call">{piece.to_string()}</a> }.into_any()
                } else {
                    piece.to_string().into_any()
                }
            }).collect_view()}</p>
            <button type="button" class="primary" on:click=move |_| act.run(SurveyAction::ContinueAfterSupport)>
                {i18n.t_once("survey.support.continue")}
            </button>
        </section>
    }
    .into_any()
}
