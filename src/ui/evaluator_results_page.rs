//! The evaluator's figures over everything imported: a filter, then per
//! instrument item the paired change, favourable shares and attrition split
//! by gender and track; outcomes and goals; an export of the data package;
//! a print layout. Every count under five is hidden ("dold"; see
//! `core::evaluation::suppression`); the numbers come from the core.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::core::evaluation::export::{self, Options};
use crate::core::evaluation::{cells, chart};
use crate::core::evaluation::format::{decimal, p_equation};
use crate::core::evaluation::items::{self, column, Category, ItemAnalysis, Transitions};
use crate::core::evaluation::outcomes::{self, DEFAULT_TARGET};
use crate::core::evaluation::suppression::{Shown, MIN_COUNT};
use crate::core::evaluation::{Dataset, Filter, GenderGroup, Group};
use crate::core::instrument::plan::Track;
use crate::core::instrument::{shipped, Instrument, Item};
use crate::core::language::Language;
use crate::core::step_movement::Counted;
use crate::platform::{clock, files, imports, storage};
use crate::ui::coverage_table::CoverageTable;
use crate::ui::i18n::{use_i18n, I18n, Tx};
use crate::core::labels::{group_key, track_key};
use crate::ui::storage_message::storage_message_key;

fn group_label(i18n: I18n, g: Group) -> String {
    i18n.t(group_key(g)).into()
}

fn category_label(inst: &Instrument, item: &Item, c: &Category, i18n: I18n) -> String {
    c.label(inst, item, i18n.t("evaluator.results.no_answer"))
}

/// A row of a results table: the group, then the core's cells.
fn row(label: String, cells: Vec<cells::Cell>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            {cells.into_iter().map(|(class, text)| view! { <td class=(!class.is_empty()).then_some(class)>{text}</td> }).collect_view()}
        </tr>
    }
}

/// A table that scrolls inside its own focusable region on a narrow screen.
#[component]
fn Wrap(id: String, children: Children) -> impl IntoView {
    view! { <div class="table-wrap" role="region" tabindex="0" aria-labelledby=id>{children()}</div> }
}

#[component]
pub fn EvaluatorResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Dataset>);
    let problem = RwSignal::new(None::<&'static str>);
    leptos::task::spawn_local(async move {
        let loaded = async { imports::imported_records(&*storage::shared().await?).await }.await;
        match loaded {
            Ok(all) => data.set(Some(Dataset::from_imported(all))),
            Err(e) => problem.set(Some(storage_message_key(&e))),
        }
    });
    let (project, track, gender, language) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let target = RwSignal::new((DEFAULT_TARGET * 100.0).round() as u32);
    let excel = RwSignal::new(false);
    let filter = Memo::new(move |_| {
        let some = |s: String| (!s.is_empty()).then_some(s);
        Filter {
            project_tag: some(project.get()),
            track: Track::from_id(&track.get()),
            gender: GenderGroup::from_id(&gender.get()),
            language: Language::from_code(&language.get()),
            from: some(from.get()),
            to: some(to.get()),
        }
    });
    let filtered = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.filtered(&filter.get()))));
    let options = move |list: Vec<(String, String)>| {
        list.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()
    };
    let select = move |id: &'static str, key: &'static str, signal: RwSignal<String>, list: Vec<(String, String)>| {
        view! {
            <div class="field">
                <label for=id><Tx k=key/></label>
                <select id=id on:change=move |ev| signal.set(event_target_value(&ev))>
                    <option value="">{i18n.t("evaluator.results.filter.any")}</option>
                    {options(list)}
                </select>
            </div>
        }
    };
    let download = move |_| {
        let Some(d) = filtered.get_untracked() else { return };
        let created = clock::now_iso();
        let zip = export::package_zip(&d, shipped(), Options { excel: excel.get_untracked() }, &created);
        if files::download_bytes(&format!("stegvis-data-{}.zip", &created[..10]), &zip, "application/zip").is_err() {
            problem.set(Some("evaluator.results.export.failed"));
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <h1><Tx k="evaluator.results.heading"/></h1>
        <p><Tx k="evaluator.results.intro"/></p>
        <p class="no-print"><a href="#/utvarderare"><Tx k="evaluator.results.back"/></a></p>
        <p class="error" role="alert">{move || problem.get().map(|k| i18n.t(k))}</p>
        <Show when=move || data.with(Option::is_some) fallback=move || view! { <p><Tx k="evaluator.results.loading"/></p> }>
            <section aria-labelledby="filter-heading" class="results-filter">
                <h2 id="filter-heading"><Tx k="evaluator.results.filter.heading"/></h2>
                {move || data.with(|d| {
                    let d = d.as_ref()?;
                    let tags: Vec<(String, String)> = d.project_tags().into_iter().map(|t| (t.clone(), t)).collect();
                    let tracks = d.tracks().into_iter().map(|t| (t.id().to_string(), i18n.t(track_key(t)).to_string())).collect();
                    let genders = GenderGroup::ALL.into_iter().map(|g| (g.id().to_string(), group_label(i18n, Group::Gender(g)))).collect();
                    let langs = d.languages().into_iter().map(|l| (l.code().to_string(), l.endonym().to_string())).collect();
                    Some(view! {
                        <div class="filter-grid">
                            {select("filter-project", "evaluator.results.filter.project", project, tags)}
                            {select("filter-track", "staff.roster.track", track, tracks)}
                            {select("filter-gender", "staff.case.gender", gender, genders)}
                            {select("filter-language", "evaluator.results.filter.language", language, langs)}
                            <div class="field">
                                <label for="filter-from"><Tx k="evaluator.results.filter.from"/></label>
                                <input id="filter-from" type="date" on:change=move |ev| from.set(event_target_value(&ev))/>
                            </div>
                            <div class="field">
                                <label for="filter-to"><Tx k="evaluator.results.filter.to"/></label>
                                <input id="filter-to" type="date" on:change=move |ev| to.set(event_target_value(&ev))/>
                            </div>
                        </div>
                    })
                })}
                <p class="hint"><Tx k="evaluator.results.filter.hint"/></p>
                <p class="selection" aria-live="polite">{move || filtered.with(|f| {
                    let n = f.as_ref().map_or(0, |f| f.people.len());
                    let n = if n < MIN_COUNT { Shown::Hidden } else { Shown::Count(n) };
                    i18n.fill("evaluator.results.selection", &[("n", &n.text())])
                })}</p>
            </section>
            <section aria-labelledby="export-heading" class="no-print">
                <h2 id="export-heading"><Tx k="evaluator.results.export.heading"/></h2>
                <p><Tx k="evaluator.results.export.intro"/></p>
                <div class="check">
                    <input id="export-excel" type="checkbox" on:change=move |ev| excel.set(event_target_checked(&ev))/>
                    <label for="export-excel"><Tx k="evaluator.results.export.excel"/></label>
                </div>
                <div class="actions">
                    <button type="button" on:click=download><Tx k="evaluator.results.export.download"/></button>
                    <button type="button" class="secondary" on:click=print><Tx k="evaluator.results.print"/></button>
                </div>
            </section>
            {move || filtered.get().map(|data| view! { <CoverageTable data=data/> })}
            <OutcomesSection filtered=filtered target=target/>
            {instruments_with_items().into_iter().map(|(inst, list)| view! {
                <InstrumentSection inst=inst items=list filtered=filtered/>
            }).collect_view()}
            <section aria-labelledby="method-heading">
                <h2 id="method-heading"><Tx k="evaluator.results.method.heading"/></h2>
                <p><Tx k="evaluator.results.method.pairs"/></p>
                <p><Tx k="evaluator.results.method.wilcoxon"/></p>
                <p><Tx k="evaluator.results.method.intervals"/></p>
                <p><Tx k="evaluator.results.method.suppression"/></p>
            </section>
        </Show>
    }
}

fn instruments_with_items() -> Vec<(&'static Instrument, Vec<&'static Item>)> {
    items::analysed_by_instrument(shipped())
}

#[component]
fn InstrumentSection(
    inst: &'static Instrument,
    items: Vec<&'static Item>,
    filtered: Memo<Option<Dataset>>,
) -> impl IntoView {
    let heading = format!("instrument-{}", inst.id);
    let cutoffs = RwSignal::new(BTreeMap::<String, Option<i32>>::new());
    let holm = Memo::new(move |_| filtered.with(|d| d.as_ref().map(|d| items::holm_adjusted(d, inst)).unwrap_or_default()));
    let chart_items = items.clone();
    let project = use_i18n().project_name();
    let chart = move || {
        let rows: Vec<(String, Option<f64>, Option<f64>)> = filtered.with(|d| {
            let Some(d) = d.as_ref() else { return Vec::new() };
            chart_items
                .iter()
                .filter(|item| item.favourable_cutoff.is_some())
                .map(|item| {
                    let cutoff = cutoffs.with(|c| c.get(&item.id).copied()).unwrap_or(item.favourable_cutoff);
                    let a = items::analyse_item(d, inst, item, cutoff);
                    let shown = &a.shown()[0];
                    (
                        inst.question(item, crate::core::language::Language::Sv, project),
                        shown[column::FAVOURABLE_INTAKE].share(shown[column::N_PAIRED]),
                        shown[column::FAVOURABLE_EXIT].share(shown[column::N_PAIRED]),
                    )
                })
                .collect()
        });
        (!rows.is_empty()).then(|| view! { <ShareChart id=format!("chart-{}", inst.id) rows=rows/> })
    };
    view! {
        <section aria-labelledby=heading.clone() class="results-instrument" data-instrument=inst.id.clone()>
            <h2 id=heading.clone()>{inst.title.swedish().to_string()}</h2>
            {chart}
            {items.into_iter().map(|item| view! { <ItemSection inst=inst item=item filtered=filtered cutoffs=cutoffs holm=holm/> }).collect_view()}
        </section>
    }
}

/// Favourable shares at intake and exit per item, as horizontal bars; the
/// same numbers are in each item's table. Drawn by the core, as in the report.
#[component]
fn ShareChart(id: String, rows: Vec<(String, Option<f64>, Option<f64>)>) -> impl IntoView {
    let i18n = use_i18n();
    let svg = chart::share_chart(&id, &rows, &|k| i18n.t(k).to_string());
    let caption = chart::escape(i18n.t("evaluator.results.chart.caption"));
    view! { <figure class="share-chart" inner_html=format!("{svg}<figcaption>{caption}</figcaption>")></figure> }
}

#[component]
fn ItemSection(
    inst: &'static Instrument,
    item: &'static Item,
    filtered: Memo<Option<Dataset>>,
    cutoffs: RwSignal<BTreeMap<String, Option<i32>>>,
    holm: Memo<BTreeMap<String, Vec<Option<f64>>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("item-{}-{}", inst.id, item.id);
    let cutoff_id = format!("{id}-cutoff");
    let cutoff = move || cutoffs.with(|c| c.get(&item.id).copied()).unwrap_or(item.favourable_cutoff);
    let scale_points: Vec<(i32, String)> = inst
        .scale_of(item)
        .filter(|_| item.favourable_cutoff.is_some())
        .map(|s| s.points.iter().map(|p| (p.value, p.label.swedish().to_string())).collect())
        .unwrap_or_default();
    let cutoff_field = (!scale_points.is_empty()).then(|| {
        let default = item.favourable_cutoff;
        view! {
            <div class="field cutoff">
                <label for=cutoff_id.clone()><Tx k="evaluator.results.cutoff"/></label>
                <select id=cutoff_id.clone() on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<i32>().ok();
                    cutoffs.update(|c| { c.insert(item.id.clone(), v); });
                }>
                    {scale_points.into_iter().map(|(v, label)| view! {
                        <option value=v.to_string() selected=Some(v) == default>{label}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    });
    let tables = {
        let id = id.clone();
        move || {
            filtered.with(|d| {
                let d = d.as_ref()?;
                let a = items::analyse_item(d, inst, item, cutoff());
                Some(if a.all().n_intake == 0 {
                    view! { <p class="hint"><Tx k="evaluator.results.none"/></p> }.into_any()
                } else {
                    let holm = holm.with(|h| h.get(&item.id).cloned().unwrap_or_default());
                    view! { <ItemTables a=a id=id.clone() holm=holm/> }.into_any()
                })
            })
        }
    };
    view! {
        <section aria-labelledby=id.clone() class="results-item" data-item=format!("{}/{}", inst.id, item.id)>
            <h3 id=id.clone()>{inst.question(item, Language::Sv, i18n.project_name())}</h3>
            {cutoff_field}
            {tables}
        </section>
    }
}

#[component]
fn ItemTables(a: ItemAnalysis<'static>, id: String, holm: Vec<Option<f64>>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = a.shown();
    let unit_key = if a.counted == Counted::Amount { "evaluator.results.median.units" } else { "evaluator.results.median.steps" };
    let change_id = format!("{id}-change");
    let share_id = format!("{id}-share");
    let transition_id = format!("{id}-transitions");
    let with_cutoff = a.cutoff.is_some();
    let rows: Vec<(String, Vec<Shown>, &items::ItemFigures)> =
        a.rows.iter().zip(&shown).map(|((g, f), s)| (group_label(i18n, *g), s.clone(), f)).collect();
    let change_rows = rows
        .iter()
        .enumerate()
        .map(|(r, (label, s, f))| row(label.clone(), cells::change(s, f, holm.get(r).copied().flatten())))
        .collect_view();
    let share_rows = rows.iter().map(|(label, s, f)| row(label.clone(), cells::share(s, f, with_cutoff))).collect_view();
    let all = a.all();
    let summary = all.wilcoxon.as_ref().filter(|_| shown[0][column::N_PAIRED].count().is_some()).map(|t| {
        i18n.fill(
            "evaluator.results.wilcoxon",
            &[
                ("w", &decimal(t.statistic, 1)),
                // Signed so that a positive z means a change for the better.
                ("z", &decimal(t.z.abs().copysign(t.rank_biserial), 2)),
                ("p", &p_equation(t.p_value)),
                ("r", &decimal(t.rank_biserial, 2)),
                ("n", &t.n.to_string()),
                ("zeros", &t.zeros.to_string()),
            ],
        )
    });
    view! {
        <h4 id=change_id.clone()><Tx k="evaluator.results.change.heading"/></h4>
        <Wrap id=change_id.clone()>
            <table class="movement-table results-change">
                <thead><tr>
                    <th scope="col"><Tx k="evaluator.results.group"/></th>
                    <th scope="col"><Tx k="evaluator.results.n_paired"/></th>
                    <th scope="col"><Tx k="evaluator.results.better"/></th>
                    <th scope="col"><Tx k="evaluator.results.unchanged"/></th>
                    <th scope="col"><Tx k="evaluator.results.worse"/></th>
                    <th scope="col"><Tx k=unit_key/></th>
                    <th scope="col"><Tx k="evaluator.results.hodges_lehmann"/></th>
                    <th scope="col">"p"</th>
                    <th scope="col"><Tx k="evaluator.results.p_holm"/></th>
                    <th scope="col">"r"</th>
                </tr></thead>
                <tbody>{change_rows}</tbody>
            </table>
        </Wrap>
        {summary.map(|s| view! { <p class="wilcoxon" lang="sv">{s}</p> })}
        <h4 id=share_id.clone()><Tx k="evaluator.results.share.heading"/></h4>
        <Wrap id=share_id.clone()>
            <table class="movement-table results-share">
                <thead><tr>
                    <th scope="col"><Tx k="evaluator.results.group"/></th>
                    {with_cutoff.then(|| view! {
                        <th scope="col"><Tx k="evaluator.results.favourable_intake"/></th>
                        <th scope="col"><Tx k="evaluator.results.favourable_exit"/></th>
                    })}
                    <th scope="col"><Tx k="evaluator.results.intake_only"/></th>
                    {with_cutoff.then(|| view! { <th scope="col"><Tx k="evaluator.results.intake_only_favourable"/></th> })}
                    <th scope="col"><Tx k="evaluator.results.intake_medians"/></th>
                </tr></thead>
                <tbody>{share_rows}</tbody>
            </table>
        </Wrap>
        <h4 id=transition_id.clone()><Tx k="evaluator.results.transitions.heading"/></h4>
        <TransitionTable id=transition_id t=a.transitions.clone() shown=a.transitions_shown() label=move |c: &Category| category_label(a.instrument, a.item, c, i18n)/>
    }
}

/// Intake (rows) × exit (columns), with totals; counts under five hidden.
#[component]
fn TransitionTable(id: String, t: Transitions, shown: Vec<Vec<Shown>>, label: impl Fn(&Category) -> String + 'static) -> impl IntoView {
    let k = t.categories.len();
    let labels: Vec<String> = t.categories.iter().map(&label).collect();
    view! {
        <Wrap id=id>
            <table class="movement-table transitions">
                <thead><tr>
                    <th scope="col"><Tx k="evaluator.results.transitions.corner"/></th>
                    {labels.iter().map(|l| view! { <th scope="col">{l.clone()}</th> }).collect_view()}
                    <th scope="col"><Tx k="evaluator.results.total"/></th>
                </tr></thead>
                <tbody>
                    {shown.into_iter().enumerate().map(|(i, row)| view! {
                        <tr>
                            <th scope="row">{if i < k { labels[i].clone() } else { use_i18n().t("evaluator.results.total").to_string() }}</th>
                            {row.into_iter().map(|c| view! { <td>{c.text()}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Wrap>
    }
}

#[component]
fn OutcomesSection(filtered: Memo<Option<Dataset>>, target: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        filtered.with(|d| {
            let d = d.as_ref()?;
            let out = outcomes::outcomes(d, shipped());
            let target_share = f64::from(target.get()) / 100.0;
            let activity = out.activity_shown();
            let against_target = out.against_target(target_share);
            let k = out.activity_scale.points.len();
            let activity_rows = out
                .rows
                .iter()
                .zip(&activity)
                .zip(&against_target)
                .map(|(((g, _), s), (_, met))| row(group_label(i18n, *g), cells::activity(s, k, *met, &|k| i18n.t(k).to_string())))
                .collect_view();
            let later_rows = out
                .rows
                .iter()
                .zip(out.later_activity_shown().iter().zip(&activity))
                .map(|((g, _), (later, exit))| row(group_label(i18n, *g), cells::later_activity(later, exit, k)))
                .collect_view();
            let support = out.support_shown();
            let ks = out.support_scale.points.len();
            let support_rows = out
                .rows
                .iter()
                .zip(&support)
                .map(|((g, _), s)| row(group_label(i18n, *g), cells::support(s, ks)))
                .collect_view();
            let goals = out.goals_shown();
            let kg = out.goal_scale.points.len();
            let goal_rows = out
                .rows
                .iter()
                .zip(&goals)
                .map(|((g, f), s)| row(group_label(i18n, *g), cells::goals(s, kg, f)))
                .collect_view();
            let chart_rows: Vec<(String, Option<f64>)> =
                out.rows.iter().zip(&against_target).map(|((g, _), (share, _))| (group_label(i18n, *g), *share)).collect();
            let support_scale = out.support_scale;
            let head = |last| {
                cells::activity_head(out.activity_scale, last, &|k| i18n.t(k).to_string())
                    .into_iter()
                    .map(|h| view! { <th scope="col">{h}</th> })
                    .collect_view()
            };
            let (activity_head, later_head) = (head("evaluator.results.target"), head("evaluator.results.at_exit"));
            Some(view! {
                <TargetChart rows=chart_rows target=target_share/>
                <h3 id="activity-heading"><Tx k="evaluator.results.activity.heading"/></h3>
                <Wrap id="activity-heading".to_string()>
                    <table class="movement-table results-activity">
                        <thead><tr>{activity_head}</tr></thead>
                        <tbody>{activity_rows}</tbody>
                    </table>
                </Wrap>
                <h3 id="later-heading"><Tx k="evaluator.results.later.heading"/></h3>
                <p class="hint"><Tx k="evaluator.results.later.hint"/></p>
                <Wrap id="later-heading".to_string()>
                    <table class="movement-table results-later">
                        <thead><tr>{later_head}</tr></thead>
                        <tbody>{later_rows}</tbody>
                    </table>
                </Wrap>
                <h3 id="support-heading"><Tx k="evaluator.results.support.heading"/></h3>
                <p class="hint"><Tx k="evaluator.results.support.hint"/></p>
                <Wrap id="support-heading".to_string()>
                    <table class="movement-table results-support">
                        <thead><tr>
                            <th scope="col"><Tx k="evaluator.results.group"/></th>
                            <th scope="col"><Tx k="evaluator.results.with_answer"/></th>
                            {out.support_scale.points.iter().map(|p| view! { <th scope="col">{p.label.swedish().to_string()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{support_rows}</tbody>
                    </table>
                </Wrap>
                <h4 id="support-transitions"><Tx k="evaluator.results.transitions.heading"/></h4>
                <TransitionTable id="support-transitions".to_string() t=out.support_transitions.clone() shown=out.support_transitions_shown()
                    label=move |c: &Category| match c {
                        Category::Point(v) => support_scale.points.iter().find(|p| p.value == *v).map(|p| p.label.swedish().to_string()).unwrap_or_default(),
                        _ => String::new(),
                    }/>
                <h3 id="goals-heading"><Tx k="evaluator.results.goals.heading"/></h3>
                <p class="hint"><Tx k="evaluator.results.goals.hint"/></p>
                <Wrap id="goals-heading".to_string()>
                    <table class="movement-table results-goals">
                        <thead><tr>
                            <th scope="col"><Tx k="evaluator.results.group"/></th>
                            <th scope="col"><Tx k="evaluator.results.goals.n"/></th>
                            {out.goal_scale.points.iter().map(|p| view! { <th scope="col">{p.label.swedish().to_string()}</th> }).collect_view()}
                            <th scope="col"><Tx k="evaluator.results.goals.moved"/></th>
                            <th scope="col"><Tx k="evaluator.results.median.steps"/></th>
                        </tr></thead>
                        <tbody>{goal_rows}</tbody>
                    </table>
                </Wrap>
            })
        })
    };
    view! {
        <section aria-labelledby="outcomes-heading" class="results-outcomes">
            <h2 id="outcomes-heading"><Tx k="evaluator.results.outcomes.heading"/></h2>
            <div class="field target-field no-print">
                <label for="target"><Tx k="evaluator.results.target.label"/></label>
                <input id="target" type="number" min="0" max="100" step="5" inputmode="numeric"
                    prop:value=move || target.get().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            target.set(v.min(100));
                        }
                    }/>
            </div>
            {body}
        </section>
    }
}

/// The share in studies or work per group, against the target line.
#[component]
fn TargetChart(rows: Vec<(String, Option<f64>)>, target: f64) -> impl IntoView {
    let i18n = use_i18n();
    let svg = chart::target_chart(&rows, target, &|k| i18n.t(k).to_string());
    let caption = chart::escape(i18n.t("evaluator.results.target.caption"));
    view! { <figure class="share-chart target-chart" inner_html=format!("{svg}<figcaption>{caption}</figcaption>")></figure> }
}
