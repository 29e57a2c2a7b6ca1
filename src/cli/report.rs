//! `stegvis report`: *Se resultaten* for everything imported, as one
//! printable HTML file with its style inside. The figures, the small-cell
//! rule, the words and the charts are the core's, as on the page; this
//! writes the same tables as HTML text.

use std::fmt::Write as _;
use std::path::Path;

use stegvis::core::deployment;
use stegvis::core::evaluation::cells;
use stegvis::core::evaluation::chart::{self, escape};
use stegvis::core::evaluation::coverage::{self, column as coverage_column};
use stegvis::core::evaluation::format::{decimal, p_equation};
use stegvis::core::evaluation::items::{self, column, Category, ItemAnalysis, Transitions};
use stegvis::core::evaluation::outcomes::{self, DEFAULT_TARGET};
use stegvis::core::evaluation::suppression::{Shown, MIN_COUNT};
use stegvis::core::evaluation::{Dataset, Group};
use stegvis::core::instrument::{shipped, Instrument, Item, Timepoint};
use stegvis::core::labels::{group_key, timepoint_key};
use stegvis::core::language::Language;
use stegvis::core::step_movement::Counted;
use stegvis::core::worklist::Schedule;

use super::import::{self, Verdict, Words};
use super::{status, Fatal, Input, Progress};

pub fn run(input: &Input, out: &Path, today: Option<String>) -> Result<u8, Fatal> {
    let today = today.unwrap_or_else(|| super::package::now_iso()[..10].to_string());
    if today.len() != 10 || stegvis::core::date::add_days(&today, 0).is_none() {
        return Err(Fatal(format!("--today {today:?}: write a day such as 2026-11-30")));
    }
    let files = input.files()?;
    let (key, trust) = (input.key()?, input.trust()?);
    let progress = Progress::new(files.len());
    let words = Words::new();
    let mut kept = Vec::new();
    let mut done = 0;
    let totals = import::run(&files, key.as_ref(), trust.as_ref(), |v| {
        if let (Verdict::Imported(_), Some(ready)) = (&v.verdict, v.ready) {
            kept.push((ready.index.bundle.hash, ready.records));
        }
        done += 1;
        progress.show(done);
    });
    let data = Dataset::from_imported(import::in_stored_order(kept));
    let html = Report { words: &words, html: String::new() }.write(&data, &today);
    std::fs::write(out, html).map_err(|e| Fatal(format!("{}: {e}", out.display())))?;
    eprintln!(
        "stegvis report: {} av {} filer i {} ({} svar); {} avvisade, {} redan inlästa.",
        totals.imported,
        totals.files,
        out.display(),
        totals.answers,
        totals.refused,
        totals.already
    );
    Ok(status(&totals))
}

struct Report<'a> {
    words: &'a Words,
    html: String,
}

/// A table's cell: its class (empty for none) and its HTML.
type Cell = (&'static str, String);

/// Cells of text, escaped.
fn text_cells(cells: Vec<cells::Cell>) -> Vec<Cell> {
    cells.into_iter().map(|(class, text)| (class, escape(&text))).collect()
}

impl Report<'_> {
    fn t(&self, key: &'static str) -> String {
        self.words.get(key).to_string()
    }

    fn text(&mut self, tag: &str, attributes: &str, text: &str) {
        let _ = write!(self.html, "<{tag}{attributes}>{}</{tag}>", escape(text));
    }

    /// A table as on the page: a header row, then rows headed by their first cell.
    fn table(&mut self, labelled_by: &str, class: &str, head: &[String], rows: &[(String, Vec<Cell>)]) {
        let _ = write!(self.html, r#"<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{labelled_by}"><table class="{class}"><thead><tr>"#);
        for h in head {
            self.text("th", r#" scope="col""#, h);
        }
        self.html += "</tr></thead><tbody>";
        for (label, cells) in rows {
            self.html += "<tr>";
            self.text("th", r#" scope="row""#, label);
            for (class, html) in cells {
                let attributes = if class.is_empty() { String::new() } else { format!(r#" class="{class}""#) };
                let _ = write!(self.html, "<td{attributes}>{html}</td>");
            }
            self.html += "</tr>";
        }
        self.html += "</tbody></table></div>";
    }

    fn group(&self, g: Group) -> String {
        self.t(group_key(g))
    }

    fn write(mut self, data: &Dataset, today: &str) -> String {
        let n = data.people.len();
        let n = if n < MIN_COUNT { Shown::Hidden } else { Shown::Count(n) };
        let title = self.t("evaluator.results.heading");
        let _ = write!(
            self.html,
            r#"<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{}</style></head><body><main id="main">"#,
            escape(&format!("Stegvis: {title} {today}")),
            include_str!("../../style/main.css"),
        );
        self.text("h1", "", &title);
        let selection = stegvis::core::ui_text::fill(&self.t("evaluator.results.selection"), &[("n", n.text())]);
        self.text("p", r#" class="selection""#, &selection);
        self.coverage(data, today);
        self.outcomes(data);
        for (inst, list) in items::analysed_by_instrument(shipped()) {
            self.instrument(data, inst, &list);
        }
        self.html += r#"<section aria-labelledby="method-heading">"#;
        self.text("h2", r#" id="method-heading""#, &self.t("evaluator.results.method.heading"));
        for key in ["evaluator.results.method.pairs", "evaluator.results.method.wilcoxon", "evaluator.results.method.intervals", "evaluator.results.method.suppression"] {
            self.text("p", "", &self.t(key));
        }
        self.html += "</section></main></body></html>\n";
        self.html
    }

    fn coverage(&mut self, data: &Dataset, today: &str) {
        let table = coverage::coverage(data, Schedule::of(deployment::shipped()), today);
        let shown = table.shown();
        self.html += r#"<section class="coverage" aria-labelledby="coverage-heading">"#;
        self.text("h2", r#" id="coverage-heading""#, &self.t("staff.coverage.heading"));
        self.text("p", "", &self.t("staff.coverage.intro"));
        let head: Vec<String> = std::iter::once(self.t("staff.coverage.group"))
            .chain(Timepoint::ALL.map(|t| self.t(timepoint_key(t))))
            .collect();
        let rows: Vec<(String, Vec<Cell>)> = table
            .rows
            .iter()
            .zip(shown)
            .map(|((g, _), cells)| {
                let row = Timepoint::ALL
                    .iter()
                    .enumerate()
                    .map(|(t, timepoint)| {
                        let at = |c: usize| cells[t * coverage_column::PER_TIMEPOINT + c];
                        let (answered, unreached, due) =
                            (at(coverage_column::ANSWERED), at(coverage_column::UNREACHED), at(coverage_column::DUE));
                        let text = if due.count() == Some(0) {
                            "–".to_string()
                        } else {
                            let share = answered.share(due).map(|s| format!(" ({} %)", (s * 100.0).round())).unwrap_or_default();
                            stegvis::core::ui_text::fill(&self.t("staff.coverage.of"), &[("answered", answered.text()), ("due", due.text())])
                                + &share
                        };
                        // Only an exit or a six-month outcome is marked "kunde inte nås".
                        let markable = matches!(timepoint, Timepoint::Exit | Timepoint::After6Months);
                        let unreached = (markable && unreached.count() != Some(0))
                            .then(|| stegvis::core::ui_text::fill(&self.t("staff.coverage.unreached"), &[("n", unreached.text())]));
                        let mut html = format!(r#"<span class="coverage-answered">{}</span>"#, escape(&text));
                        if let Some(u) = unreached {
                            html += &format!(r#"<span class="coverage-unreached">{}</span>"#, escape(&u));
                        }
                        ("", html)
                    })
                    .collect();
                (self.group(*g), row)
            })
            .collect();
        self.table("coverage-heading", "coverage-table", &head, &rows);
        self.html += "</section>";
    }

    fn outcomes(&mut self, data: &Dataset) {
        let out = outcomes::outcomes(data, shipped());
        let activity = out.activity_shown();
        let against_target = out.against_target(DEFAULT_TARGET);
        let k = out.activity_scale.points.len();
        self.html += r#"<section aria-labelledby="outcomes-heading" class="results-outcomes">"#;
        self.text("h2", r#" id="outcomes-heading""#, &self.t("evaluator.results.outcomes.heading"));
        let chart_rows: Vec<(String, Option<f64>)> =
            out.rows.iter().zip(&against_target).map(|((g, _), (share, _))| (self.group(*g), *share)).collect();
        self.figure("share-chart target-chart", &chart::target_chart(&chart_rows, DEFAULT_TARGET, &|k| self.t(k)), "evaluator.results.target.caption");
        self.text("h3", r#" id="activity-heading""#, &self.t("evaluator.results.activity.heading"));
        let head = cells::activity_head(out.activity_scale, "evaluator.results.target", &|k| self.t(k));
        let rows: Vec<(String, Vec<Cell>)> = out
            .rows
            .iter()
            .zip(&activity)
            .zip(&against_target)
            .map(|(((g, _), s), (_, met))| (self.group(*g), text_cells(cells::activity(s, k, *met, &|k| self.t(k)))))
            .collect();
        self.table("activity-heading", "movement-table results-activity", &head, &rows);
        self.text("h3", r#" id="later-heading""#, &self.t("evaluator.results.later.heading"));
        self.text("p", r#" class="hint""#, &self.t("evaluator.results.later.hint"));
        let head = cells::activity_head(out.activity_scale, "evaluator.results.at_exit", &|k| self.t(k));
        let rows: Vec<(String, Vec<Cell>)> = out
            .rows
            .iter()
            .zip(out.later_activity_shown().iter().zip(&activity))
            .map(|((g, _), (later, exit))| (self.group(*g), text_cells(cells::later_activity(later, exit, k))))
            .collect();
        self.table("later-heading", "movement-table results-later", &head, &rows);

        self.text("h3", r#" id="support-heading""#, &self.t("evaluator.results.support.heading"));
        self.text("p", r#" class="hint""#, &self.t("evaluator.results.support.hint"));
        let support = out.support_shown();
        let ks = out.support_scale.points.len();
        let mut head = vec![self.t("evaluator.results.group"), self.t("evaluator.results.with_answer")];
        head.extend(out.support_scale.points.iter().map(|p| p.label.swedish().to_string()));
        let rows: Vec<(String, Vec<Cell>)> = out
            .rows
            .iter()
            .zip(&support)
            .map(|((g, _), s)| (self.group(*g), text_cells(cells::support(s, ks))))
            .collect();
        self.table("support-heading", "movement-table results-support", &head, &rows);
        self.text("h4", r#" id="support-transitions""#, &self.t("evaluator.results.transitions.heading"));
        let scale = out.support_scale;
        self.transitions("support-transitions", &out.support_transitions, out.support_transitions_shown(), &|c| match c {
            Category::Point(v) => scale.points.iter().find(|p| p.value == *v).map(|p| p.label.swedish().to_string()).unwrap_or_default(),
            _ => String::new(),
        });

        self.text("h3", r#" id="goals-heading""#, &self.t("evaluator.results.goals.heading"));
        self.text("p", r#" class="hint""#, &self.t("evaluator.results.goals.hint"));
        let goals = out.goals_shown();
        let kg = out.goal_scale.points.len();
        let mut head = vec![self.t("evaluator.results.group"), self.t("evaluator.results.goals.n")];
        head.extend(out.goal_scale.points.iter().map(|p| p.label.swedish().to_string()));
        head.extend(["evaluator.results.goals.moved", "evaluator.results.median.steps"].map(|k| self.t(k)));
        let rows: Vec<(String, Vec<Cell>)> = out
            .rows
            .iter()
            .zip(&goals)
            .map(|((g, f), s)| (self.group(*g), text_cells(cells::goals(s, kg, f))))
            .collect();
        self.table("goals-heading", "movement-table results-goals", &head, &rows);
        self.html += "</section>";
    }

    fn figure(&mut self, class: &str, svg: &str, caption: &'static str) {
        let _ = write!(self.html, r#"<figure class="{class}">{svg}<figcaption>{}</figcaption></figure>"#, escape(&self.t(caption)));
    }

    fn transitions(&mut self, id: &str, t: &Transitions, shown: Vec<Vec<Shown>>, label: &dyn Fn(&Category) -> String) {
        let k = t.categories.len();
        let labels: Vec<String> = t.categories.iter().map(label).collect();
        let mut head = vec![self.t("evaluator.results.transitions.corner")];
        head.extend(labels.iter().cloned());
        head.push(self.t("evaluator.results.total"));
        let rows: Vec<(String, Vec<Cell>)> = shown
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let label = if i < k { labels[i].clone() } else { self.t("evaluator.results.total") };
                (label, row.into_iter().map(|c| ("", escape(&c.text()))).collect())
            })
            .collect();
        self.table(id, "movement-table transitions", &head, &rows);
    }

    fn instrument(&mut self, data: &Dataset, inst: &Instrument, list: &[&Item]) {
        let project = deployment::shipped().project_name.clone().unwrap_or_else(|| self.t("project.default_name"));
        let heading = format!("instrument-{}", inst.id);
        let _ = write!(self.html, r#"<section aria-labelledby="{heading}" class="results-instrument" data-instrument="{}">"#, escape(&inst.id));
        self.text("h2", &format!(r#" id="{heading}""#), inst.title.swedish());
        // Each item analysed once, for the chart, Holm's p and its tables.
        let analyses = items::analyse_instrument(data, inst, |item| item.favourable_cutoff);
        let chart_rows: Vec<(String, Option<f64>, Option<f64>)> = analyses
            .iter()
            .filter(|a| a.item.favourable_cutoff.is_some())
            .map(|a| {
                let item = a.item;
                let shown = &a.shown()[0];
                (
                    inst.question(item, Language::Sv, &project),
                    shown[column::FAVOURABLE_INTAKE].share(shown[column::N_PAIRED]),
                    shown[column::FAVOURABLE_EXIT].share(shown[column::N_PAIRED]),
                )
            })
            .collect();
        if !chart_rows.is_empty() {
            let svg = chart::share_chart(&format!("chart-{}", inst.id), &chart_rows, &|k| self.t(k));
            self.figure("share-chart", &svg, "evaluator.results.chart.caption");
        }
        let holm = items::holm_of(&analyses);
        for (item, a) in list.iter().zip(&analyses) {
            let id = format!("item-{}-{}", inst.id, item.id);
            let _ = write!(self.html, r#"<section aria-labelledby="{id}" class="results-item" data-item="{}/{}">"#, escape(&inst.id), escape(&item.id));
            self.text("h3", &format!(r#" id="{id}""#), &inst.question(item, Language::Sv, &project));
            if a.all().n_intake == 0 {
                self.text("p", r#" class="hint""#, &self.t("evaluator.results.none"));
            } else {
                self.item_tables(a, &id, holm.get(&item.id).map(Vec::as_slice).unwrap_or_default());
            }
            self.html += "</section>";
        }
        self.html += "</section>";
    }

    fn item_tables(&mut self, a: &ItemAnalysis, id: &str, holm: &[Option<f64>]) {
        let shown = a.shown();
        let unit_key = if a.counted == Counted::Amount { "evaluator.results.median.units" } else { "evaluator.results.median.steps" };
        let with_cutoff = a.cutoff.is_some();
        let groups: Vec<String> = a.rows.iter().map(|(g, _)| self.group(*g)).collect();
        let change_id = format!("{id}-change");
        self.text("h4", &format!(r#" id="{change_id}""#), &self.t("evaluator.results.change.heading"));
        let mut head: Vec<String> = ["evaluator.results.group", "evaluator.results.n_paired", "evaluator.results.better", "evaluator.results.unchanged", "evaluator.results.worse", unit_key]
            .map(|k| self.t(k))
            .to_vec();
        head.extend([self.t("evaluator.results.hodges_lehmann"), "p".to_string(), self.t("evaluator.results.p_holm"), "r".to_string()]);
        let rows: Vec<(String, Vec<Cell>)> = a
            .rows
            .iter()
            .zip(&shown)
            .zip(&groups)
            .enumerate()
            .map(|(r, (((_, f), s), label))| (label.clone(), text_cells(cells::change(s, f, holm.get(r).copied().flatten()))))
            .collect();
        self.table(&change_id, "movement-table results-change", &head, &rows);
        if let Some(t) = a.all().wilcoxon.as_ref().filter(|_| shown[0][column::N_PAIRED].count().is_some()) {
            let values: [(&str, String); 6] = [
                ("w", decimal(t.statistic, 1)),
                // Signed so that a positive z means a change for the better.
                ("z", decimal(t.z.abs().copysign(t.rank_biserial), 2)),
                ("p", p_equation(t.p_value)),
                ("r", decimal(t.rank_biserial, 2)),
                ("n", t.n.to_string()),
                ("zeros", t.zeros.to_string()),
            ];
            let sentence = stegvis::core::ui_text::fill(&self.t("evaluator.results.wilcoxon"), &values);
            self.text("p", r#" class="wilcoxon" lang="sv""#, &sentence);
        }
        let share_id = format!("{id}-share");
        self.text("h4", &format!(r#" id="{share_id}""#), &self.t("evaluator.results.share.heading"));
        let mut head = vec![self.t("evaluator.results.group")];
        if with_cutoff {
            head.extend(["evaluator.results.favourable_intake", "evaluator.results.favourable_exit"].map(|k| self.t(k)));
        }
        head.push(self.t("evaluator.results.intake_only"));
        if with_cutoff {
            head.push(self.t("evaluator.results.intake_only_favourable"));
        }
        head.push(self.t("evaluator.results.intake_medians"));
        let rows: Vec<(String, Vec<Cell>)> = a
            .rows
            .iter()
            .zip(&shown)
            .zip(&groups)
            .map(|(((_, f), s), label)| (label.clone(), text_cells(cells::share(s, f, with_cutoff))))
            .collect();
        self.table(&share_id, "movement-table results-share", &head, &rows);
        let transition_id = format!("{id}-transitions");
        self.text("h4", &format!(r#" id="{transition_id}""#), &self.t("evaluator.results.transitions.heading"));
        let (inst, item) = (a.instrument, a.item);
        let no_answer = self.t("evaluator.results.no_answer");
        self.transitions(&transition_id, &a.transitions, a.transitions_shown(), &|c| c.label(inst, item, &no_answer));
    }
}
