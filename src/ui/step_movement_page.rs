//! One participant's step movement: for every instrument answered at intake
//! and later, each item's intake and latest answer in words, a chart of the
//! steps with the same numbers in a table, and the goal staircase history.

use leptos::prelude::*;

use crate::core::goal::{self, Goal};
use crate::core::instrument::{self, Favourable, Instrument};
use crate::core::language::Language;
use crate::core::response::AnswerValue;
use crate::core::step_movement::{participant_movements, Change, Counted, ItemMovement};
use crate::ui::case_frame::{with_case, CaseNav};
use crate::ui::i18n::{use_i18n, I18n, Tx};
use crate::core::labels::timepoint_key;

#[component]
pub fn StepMovementPage(code: String) -> impl IntoView {
    with_case(code, |participant, data, _reload| {
        let moves = participant_movements(&data.responses, instrument::shipped());
        let mut by_instrument: Vec<(&'static Instrument, Vec<ItemMovement<'static>>)> = Vec::new();
        for m in moves {
            match by_instrument.iter_mut().find(|(i, _)| i.id == m.instrument.id) {
                Some((_, list)) => list.push(m),
                None => by_instrument.push((m.instrument, vec![m])),
            }
        }
        let empty = by_instrument.is_empty();
        view! {
            <CaseNav participant=participant.id.clone() here="staff.movement.heading"/>
            <h1><Tx k="staff.movement.heading"/></h1>
            <p><Tx k="staff.movement.intro"/></p>
            {empty.then(|| view! { <p class="note"><Tx k="staff.movement.none"/></p> })}
            {by_instrument.into_iter().map(|(inst, moves)| view! { <InstrumentMovement inst=inst moves=moves/> }).collect_view()}
            <GoalHistory goals=data.goals/>
        }
    })
}

/// "ett steg", "två steg", … as people say it.
fn steps_words(i18n: I18n, n: u32) -> String {
    const KEYS: [&str; 6] = [
        "staff.movement.steps.1",
        "staff.movement.steps.2",
        "staff.movement.steps.3",
        "staff.movement.steps.4",
        "staff.movement.steps.5",
        "staff.movement.steps.6",
    ];
    match KEYS.get((n as usize).wrapping_sub(1)) {
        Some(key) => i18n.t(key).to_string(),
        None => i18n.fill("staff.movement.steps.n", &[("n", &n.to_string())]),
    }
}

/// The change in words: "två steg bättre", "12 lägre, bättre", "räknas inte".
fn change_words(i18n: I18n, m: &ItemMovement) -> String {
    let Some(change) = m.change else {
        return i18n
            .t(if m.counted == Counted::Amount { "staff.movement.not_compared" } else { "staff.movement.not_counted" })
            .to_string();
    };
    match (m.counted, change) {
        (Counted::Amount, Change::Same) => i18n.t("staff.movement.no_difference").to_string(),
        (_, Change::Same) => i18n.t("staff.movement.same").to_string(),
        (Counted::Steps, Change::Better(n)) => i18n.fill("staff.movement.better", &[("steps", &steps_words(i18n, n))]),
        (Counted::Steps, Change::Worse(n)) => i18n.fill("staff.movement.worse", &[("steps", &steps_words(i18n, n))]),
        (Counted::Amount, Change::Better(n) | Change::Worse(n)) => {
            let lower = (m.item.favourable == Favourable::Lower) == matches!(change, Change::Better(_));
            let key = match (lower, matches!(change, Change::Better(_))) {
                (true, true) => "staff.movement.lower_better",
                (true, false) => "staff.movement.lower_worse",
                (false, true) => "staff.movement.higher_better",
                (false, false) => "staff.movement.higher_worse",
            };
            i18n.fill(key, &[("n", &n.to_string())])
        }
    }
}

fn answer_words(i18n: I18n, m: &ItemMovement, value: &AnswerValue) -> String {
    value.display(m.instrument, m.item, Language::Sv).unwrap_or_else(|| i18n.t("staff.movement.no_answer").to_string())
}

/// Signed steps for the chart and table: +2 better, −1 worse.
fn signed(change: Change) -> i32 {
    match change {
        Change::Better(n) => n as i32,
        Change::Same => 0,
        Change::Worse(n) => -(n as i32),
    }
}

fn signed_text(n: i32) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        0 => "0".to_string(),
        // A real minus sign reads better than a hyphen.
        n => format!("\u{2212}{}", -n),
    }
}

#[component]
fn InstrumentMovement(inst: &'static Instrument, moves: Vec<ItemMovement<'static>>) -> impl IntoView {
    let i18n = use_i18n();
    let project = i18n.project_name();
    let heading_id = format!("movement-{}", inst.id);
    // The whole question, its stem included ("Hur ofta har du under den
    // senaste månaden känt oro eller ångest?"), as the participant read it.
    let label = move |m: &ItemMovement| inst.question(m.item, Language::Sv, project);
    let charted: Vec<(String, i32)> = moves
        .iter()
        .filter(|m| m.counted == Counted::Steps)
        .filter_map(|m| m.change.map(|c| (label(m), signed(c))))
        .collect();
    let rows: Vec<_> = moves
        .iter()
        .map(|m| {
            let raters = match (&m.first_rater, &m.last_rater) {
                (Some(a), Some(b)) => Some(format!("{a} → {b}")),
                _ => None,
            };
            (
                m.item.id.clone(),
                label(m),
                answer_words(i18n, m, &m.first),
                answer_words(i18n, m, &m.last),
                change_words(i18n, m),
                m.change.filter(|_| m.counted == Counted::Steps).map(signed),
                m.last_timepoint,
                raters,
            )
        })
        .collect();
    let sentences = rows.clone();
    view! {
        <section class="movement" aria-labelledby=heading_id.clone() data-instrument=inst.id.clone()>
            <h2 id=heading_id.clone() lang="sv">{inst.title.swedish().to_string()}</h2>
            <ul class="movement-sentences">
                {sentences.into_iter().map(|(item, text, from, to, change, _, _, _)| view! {
                    <li data-item=item lang="sv">
                        {format!("{text}: ")}
                        <span lang=i18n.lang_attr("staff.movement.from_to")>{
                            move || i18n.fill("staff.movement.from_to", &[("from", &from), ("to", &to)])
                        }</span>
                        ", "<span class="change">{change}</span>
                    </li>
                }).collect_view()}
            </ul>
            {(!charted.is_empty()).then(|| view! { <StepChart id=inst.id.clone() rows=charted/> })}
            <div class="table-wrap" role="region" tabindex="0" aria-labelledby=format!("table-{}", inst.id)>
                <table class="movement-table">
                    <caption id=format!("table-{}", inst.id) lang="sv">{inst.title.swedish().to_string()}</caption>
                    <thead>
                        <tr>
                            <th scope="col"><Tx k="staff.movement.item"/></th>
                            <th scope="col"><Tx k="staff.timepoint.intake"/></th>
                            <th scope="col"><Tx k="staff.movement.latest"/></th>
                            <th scope="col"><Tx k="staff.movement.steps"/></th>
                            <th scope="col"><Tx k="staff.movement.raters"/></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(item, text, from, to, change, steps, at, raters)| view! {
                            <tr data-item=item>
                                <th scope="row" lang="sv">{text}</th>
                                <td lang="sv">{from}</td>
                                <td><span lang="sv">{to}</span>" ("<Tx k=timepoint_key(at)/>")"</td>
                                <td>{match steps {
                                    Some(n) => signed_text(n).into_any(),
                                    None => view! { <span>{change}</span> }.into_any(),
                                }}</td>
                                <td>{raters.unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A bar a row: to the right for steps better, to the left for steps worse.
#[component]
fn StepChart(id: String, rows: Vec<(String, i32)>) -> impl IntoView {
    let i18n = use_i18n();
    const LABEL_W: f64 = 250.0;
    const STEP_W: f64 = 28.0;
    const ROW_H: f64 = 34.0;
    const LINE_H: f64 = 18.0;
    let reach = rows.iter().map(|(_, n)| n.abs()).max().unwrap_or(1).max(3) as f64;
    let zero = LABEL_W + 30.0 + reach * STEP_W;
    let width = zero + reach * STEP_W + 40.0;
    // Each label whole, on as many lines as it needs: two items may start
    // with the same words ("Hur nöjd eller missnöjd är du med …").
    let laid_out: Vec<(Vec<String>, f64, f64, i32)> = rows
        .iter()
        .scan(5.0, |y, (label, n)| {
            let lines = wrap(label, 34);
            let row_h = ROW_H.max(LINE_H * lines.len() as f64 + 16.0);
            let top = *y;
            *y += row_h;
            Some((lines, top, row_h, *n))
        })
        .collect();
    let height = laid_out.last().map_or(10.0, |(_, top, h, _)| top + h + 5.0);
    let title_id = format!("chart-{id}-title");
    let desc_id = format!("chart-{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="step-chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby=labelled_by
                preserveAspectRatio="xMinYMin meet" lang="sv">
                <title id=title_id.clone()>{i18n.text("staff.movement.chart.title")}</title>
                <desc id=desc_id>{rows.iter().map(|(l, n)| format!("{l}: {}. ", signed_text(*n))).collect::<String>()}</desc>
                <line x1=zero y1="0" x2=zero y2=height class="axis"/>
                {laid_out.into_iter().map(|(lines, y, row_h, n)| {
                    let w = n.abs() as f64 * STEP_W;
                    let x = if n >= 0 { zero } else { zero - w };
                    let text_x = if n >= 0 { zero + w + 6.0 } else { zero - w - 6.0 };
                    let class = if n > 0 { "better" } else if n < 0 { "worse" } else { "same" };
                    let anchor = if n >= 0 { "start" } else { "end" };
                    let mid = y + row_h / 2.0;
                    let first_line = mid - LINE_H * (lines.len() as f64 - 1.0) / 2.0;
                    view! {
                        <g class=class>
                            <text x="0" y=first_line class="label" dominant-baseline="middle">
                                {lines.into_iter().enumerate().map(|(i, line)| view! {
                                    <tspan x="0" dy=if i == 0 { 0.0 } else { LINE_H }>{line}</tspan>
                                }).collect_view()}
                            </text>
                            <rect x=x y=mid - (ROW_H - 14.0) / 2.0 width=w.max(2.0) height=ROW_H - 14.0/>
                            <text x=text_x y=mid dominant-baseline="middle"
                                text-anchor=anchor class="value">{signed_text(n)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption><Tx k="staff.movement.chart.caption"/></figcaption>
        </figure>
    }
}

#[component]
fn GoalHistory(goals: Vec<Goal>) -> impl IntoView {
    let i18n = use_i18n();
    let trappan = instrument::shipped().iter().find(|i| i.id == goal::INSTRUMENT).expect("mal-trappan ships");
    let scale = trappan.items.iter().find_map(|i| trappan.scale_of(i)).expect("mal-trappan has steps");
    let step_label = move |step: i32| {
        scale
            .points
            .iter()
            .find(|p| p.value == step)
            .map_or(String::new(), |p| format!("{step}. {}", p.label.swedish()))
    };
    view! {
        <section class="goal-history" aria-labelledby="goal-history-heading">
            <h2 id="goal-history-heading"><Tx k="staff.goals.heading"/></h2>
            {goals.is_empty().then(|| view! { <p class="note"><Tx k="staff.goals.none"/></p> })}
            {goals.into_iter().map(|g| {
                let movement = g.movement(trappan).map(|c| match c {
                    Change::Better(n) => i18n.fill("staff.movement.better", &[("steps", &steps_words(i18n, n))]),
                    Change::Worse(n) => i18n.fill("staff.movement.worse", &[("steps", &steps_words(i18n, n))]),
                    Change::Same => i18n.t("staff.movement.same").to_string(),
                });
                let earlier: Vec<String> = g.wordings.iter().rev().skip(1).map(|w| w.text.clone()).collect();
                view! {
                    <article class="goal-record" data-goal=g.text().to_string()>
                        <h3 lang="sv">{g.text().to_string()}</h3>
                        {(!earlier.is_empty()).then(|| view! {
                            <p class="meta"><Tx k="staff.goals.earlier"/>": "<span lang="sv">{earlier.join(" · ")}</span></p>
                        })}
                        <ol class="placements">
                            {g.placements.iter().map(|p| view! {
                                <li>
                                    <Tx k=timepoint_key(p.timepoint)/>" "{p.at.chars().take(10).collect::<String>()}": "
                                    <span lang="sv">{step_label(p.step)}</span>" ("{p.rater.clone()}")"
                                </li>
                            }).collect_view()}
                        </ol>
                        {movement.map(|m| view! { <p class="change">{m}</p> })}
                        {(!g.is_open()).then(|| view! { <p class="meta"><Tx k="staff.goals.closed_one"/></p> })}
                    </article>
                }
            }).collect_view()}
        </section>
    }
}
