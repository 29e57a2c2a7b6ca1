//! "Frågor": every instrument with its items and answer labels in a chosen
//! language, with the translation's review status, so a coordinator can check
//! the wording before use.

use leptos::prelude::*;

use crate::core::instrument::{self, Instrument, Item, ItemKind, Respondent, Timepoint};
use crate::core::language::Language;
use crate::core::translation::TranslationStatus;
use crate::ui::i18n::{use_i18n, I18n};
use crate::core::labels::timepoint_key;

fn timepoints(i18n: I18n, list: &[Timepoint]) -> String {
    list.iter().map(|t| i18n.t(timepoint_key(*t))).collect::<Vec<_>>().join(", ")
}

fn status_key(status: TranslationStatus) -> &'static str {
    match status {
        TranslationStatus::Source => "staff.questions.status.source",
        TranslationStatus::Draft => "staff.questions.status.draft",
        TranslationStatus::BackTranslated => "staff.questions.status.back_translated",
        TranslationStatus::Reviewed => "staff.questions.status.reviewed",
    }
}

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    // The language of the questions shown, apart from the language of the page.
    let shown = RwSignal::new(i18n.language.get_untracked());
    let on_change = move |ev| {
        if let Some(l) = Language::from_code(&event_target_value(&ev)) {
            shown.set(l);
        }
    };
    view! {
        <h1>{i18n.text("staff.link.questions")}</h1>
        <p lang=i18n.lang_attr("staff.questions.intro")>{i18n.text("staff.questions.intro")}</p>
        <div class="field">
            <label for="shown-language" lang=i18n.lang_attr("staff.questions.language")>
                {i18n.text("staff.questions.language")}
            </label>
            <select id="shown-language" on:change=on_change prop:value=move || shown.get().code()>
                {Language::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.code() lang=l.code()>{l.endonym()}</option> })
                    .collect_view()}
            </select>
        </div>
        {move || {
            let lang = shown.get();
            instrument::shipped()
                .iter()
                .map(|inst| view! { <InstrumentCard inst=inst lang=lang/> })
                .collect_view()
        }}
    }
}

#[component]
fn InstrumentCard(inst: &'static Instrument, lang: Language) -> impl IntoView {
    let i18n = use_i18n();
    let project = move || i18n.project_name();
    let heading_id = format!("instrument-{}", inst.id);
    let respondent = match inst.respondent {
        Respondent::Participant => "staff.questions.respondent.participant",
        Respondent::Staff => "staff.questions.respondent.staff",
    };
    let status = inst.status(lang);
    let status_class = if status.needs_review_notice() { "status status-draft" } else { "status" };
    view! {
        <section class="instrument" aria-labelledby=heading_id.clone() data-instrument=inst.id.clone()>
            <h2 id=heading_id.clone() lang=lang.code() dir=lang.direction().as_str()>{inst.title.get(lang).to_string()}</h2>
            <p class="respondent" lang=i18n.lang_attr(respondent)>{i18n.text(respondent)}</p>
            <dl class="facts">
                <dt>{i18n.text("staff.questions.when")}</dt>
                <dd>{move || timepoints(i18n, &inst.timepoints)}</dd>
                <dt>{i18n.text("staff.questions.version")}</dt>
                <dd>{inst.version}</dd>
                <dt>{i18n.text("staff.questions.hash")}</dt>
                <dd><code title=inst.hash.clone()>{inst.hash.chars().take(19).collect::<String>()}</code></dd>
                <dt>{i18n.text("staff.questions.sources")}</dt>
                // Provenance notes are written in English for coordinators and evaluators.
                <dd lang="en">{inst.sources.clone()}</dd>
            </dl>
            <p class=status_class lang=move || i18n.lang_of(status_key(status))>{move || i18n.t(status_key(status))}</p>
            <div lang=lang.code() dir=lang.direction().as_str()>
                {inst.intro.as_ref().map(|t| view! { <p class="intro">{instrument::fill_project(t.get(lang), project())}</p> })}
                {inst.stem.as_ref().map(|t| {
                    view! {
                        <p class="stem">
                            <span lang=move || i18n.text_lang("staff.questions.stem") dir="auto">
                                {i18n.text("staff.questions.stem")}
                            </span>
                            ": "
                            <strong>{instrument::fill_project(t.get(lang), project())}</strong>
                        </p>
                    }
                })}
                <ol class="items">
                    {inst.items.iter().map(|item| view! { <ItemEntry inst=inst item=item lang=lang/> }).collect_view()}
                </ol>
                {inst.triggers.iter().map(|t| {
                    view! {
                        <div class="support-preview">
                            <h3 lang=move || i18n.text_lang("staff.questions.support")>{i18n.text("staff.questions.support")}</h3>
                            <p><strong>{t.heading.get(lang).to_string()}</strong></p>
                            <p>{t.text.get(lang).to_string()}</p>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn ItemEntry(inst: &'static Instrument, item: &'static Item, lang: Language) -> impl IntoView {
    let i18n = use_i18n();
    let answers = match &item.kind {
        ItemKind::Scale { .. } => {
            let scale = inst.scale_of(item);
            let points = scale.map(|s| {
                s.points
                    .iter()
                    .map(|p| view! { <li><span class="value">{p.value}</span>" "{p.label.get(lang).to_string()}</li> })
                    .collect_view()
            });
            let special = scale.map(|s| {
                s.special
                    .iter()
                    .map(|x| {
                        view! {
                            <li class="special">
                                {x.label.get(lang).to_string()}" ("
                                <span lang=move || i18n.text_lang("staff.questions.special")>{i18n.text("staff.questions.special")}</span>
                                ")"
                            </li>
                        }
                    })
                    .collect_view()
            });
            view! { <ul class="answers">{points}{special}</ul> }.into_any()
        }
        ItemKind::Number { min, max, unit } => {
            let (min, max) = (min.to_string(), max.to_string());
            let unit = unit.as_ref().map(|u| format!(" ({})", u.get(lang))).unwrap_or_default();
            view! {
                <p class="answers">
                    <span lang=move || i18n.text_lang("staff.questions.kind.number")>
                        {move || i18n.fill("staff.questions.kind.number", &[("min", &min), ("max", &max)])}
                    </span>
                    {unit.clone()}
                </p>
            }.into_any()
        }
        ItemKind::Date => view! { <p class="answers" lang=move || i18n.text_lang("staff.questions.kind.date")>{i18n.text("staff.questions.kind.date")}</p> }.into_any(),
        ItemKind::FreeText { max_length, reminder } => {
            let max = max_length.to_string();
            let reminder = reminder.as_ref().map(|r| view! { <p class="reminder">{r.get(lang).to_string()}</p> });
            view! {
                <p class="answers" lang=move || i18n.text_lang("staff.questions.kind.text")>
                    {move || i18n.fill("staff.questions.kind.text", &[("max", &max)])}
                </p>
                {reminder}
            }.into_any()
        }
    };
    let favourable = inst.favourable_point(item).map(|point| {
        let key = match item.favourable {
            instrument::Favourable::Lower => "staff.questions.favourable.lower",
            _ => "staff.questions.favourable.higher",
        };
        let label = point.label.get(lang).to_string();
        // The label inside is content; the sentence around it is UI text.
        view! { <p class="meta" lang=move || i18n.text_lang(key)>{move || i18n.fill(key, &[("label", &label)])}</p> }
    });
    let only_at = item.timepoints.as_ref().map(|t| {
        let t = t.clone();
        view! { <p class="meta" lang=move || i18n.text_lang("staff.questions.only_at")>{i18n.text("staff.questions.only_at")}" "{move || timepoints(i18n, &t)}</p> }
    });
    let verbatim = item.verbatim.clone().map(|r| {
        view! { <p class="meta" lang=move || i18n.text_lang("staff.questions.verbatim")>{i18n.text("staff.questions.verbatim")}" ("{r.clone()}")"</p> }
    });
    view! {
        <li class="item" data-item=item.id.clone()>
            <p class="question">{inst.question(item, lang, i18n.project_name())}</p>
            {answers}
            {favourable}
            {only_at}
            {verbatim}
        </li>
    }
}
