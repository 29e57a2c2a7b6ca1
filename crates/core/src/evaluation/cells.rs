//! The cells of the results' tables, after the group's heading cell: each a
//! CSS class (empty for none) and its text. *Se resultaten* and the command
//! line's report both lay their rows out from these, so a figure is written
//! one way. `t` gives a text of the UI catalogue by its key.

use crate::instrument::Scale;

use super::format::{count_and_share, count_share_interval, decimal, interval, p_value};
use super::items::{column, ItemFigures};
use super::outcomes::OutcomeFigures;
use super::suppression::Shown;

pub type Cell = (&'static str, String);

/// An item's paired change: n, better, unchanged, worse, median, the
/// Hodges–Lehmann estimate with its 95 % interval, p, p adjusted by Holm
/// within the instrument (`holm`), r.
pub fn change(s: &[Shown], f: &ItemFigures, holm: Option<f64>) -> Vec<Cell> {
    let n = s[column::N_PAIRED];
    let visible = n.count().is_some();
    let median = f.median_change.filter(|_| visible).map(|m| decimal(m, 1)).unwrap_or_else(|| "–".into());
    let test = f.wilcoxon.as_ref().filter(|_| visible);
    let hl = f
        .hodges_lehmann
        .filter(|_| visible)
        .map(|(estimate, ci)| match ci {
            Some(_) => format!("{} ({})", decimal(estimate, 1), interval(ci, 1)),
            None => decimal(estimate, 1),
        })
        .unwrap_or_else(|| "–".into());
    vec![
        ("n-paired", n.text()),
        ("better", count_and_share(s[column::BETTER], n)),
        ("unchanged", count_and_share(s[column::UNCHANGED], n)),
        ("worse", count_and_share(s[column::WORSE], n)),
        ("median", median),
        ("hodges-lehmann", hl),
        ("p", test.map(|t| p_value(t.p_value)).unwrap_or_else(|| "–".into())),
        ("p-holm", holm.filter(|_| test.is_some()).map(p_value).unwrap_or_else(|| "–".into())),
        ("r", test.map(|t| decimal(t.rank_biserial, 2)).unwrap_or_else(|| "–".into())),
    ]
}

/// An item's favourable shares (with a cut-off), attrition and start medians.
pub fn share(s: &[Shown], f: &ItemFigures, with_cutoff: bool) -> Vec<Cell> {
    let n = s[column::N_PAIRED];
    let only = f
        .intake_only_median
        .filter(|_| s[column::INTAKE_ONLY_POINTS].count().is_some())
        .map(|m| decimal(m, 1))
        .unwrap_or_else(|| "–".into());
    let paired = f.paired_intake_median.filter(|_| n.count().is_some()).map(|m| decimal(m, 1)).unwrap_or_else(|| "–".into());
    let mut cells = Vec::new();
    if with_cutoff {
        cells.push(("favourable-intake", count_share_interval(s[column::FAVOURABLE_INTAKE], n)));
        cells.push(("favourable-exit", count_share_interval(s[column::FAVOURABLE_EXIT], n)));
    }
    cells.push(("intake-only", s[column::INTAKE_ONLY_POINTS].text()));
    if with_cutoff {
        cells.push(("intake-only-favourable", count_and_share(s[column::INTAKE_ONLY_FAVOURABLE], s[column::INTAKE_ONLY_POINTS])));
    }
    cells.push(("medians", format!("{paired} / {only}")));
    cells
}

/// The column headings of the activity tables (at exit, and six months
/// after): the group, each point of the activity scale, those with an
/// answer, in studies or work, and the table's `last` column.
pub fn activity_head(scale: &Scale, last: &'static str, t: &dyn Fn(&'static str) -> String) -> Vec<String> {
    std::iter::once(t("evaluator.results.group"))
        .chain(scale.points.iter().map(|p| p.label.swedish().to_string()))
        .chain(["evaluator.results.with_answer", "evaluator.results.studies_or_work", last].map(t))
        .collect()
}

/// Main activity at exit: a count per point of its `k` points, those with an
/// answer, in studies or work, and whether the target is met.
pub fn activity(s: &[Shown], k: usize, met: Option<bool>, t: &dyn Fn(&'static str) -> String) -> Vec<Cell> {
    let verdict = match met {
        Some(true) => t("evaluator.results.target.met"),
        Some(false) => t("evaluator.results.target.not_met"),
        None => "–".into(),
    };
    let mut cells: Vec<Cell> = s[..k].iter().map(|c| ("", c.text())).collect();
    cells.extend([("n", s[k].text()), ("studies-or-work", count_share_interval(s[k + 1], s[k])), ("target", verdict)]);
    cells
}

/// Main activity six months after exit (`later`), per point, those with an
/// answer, in studies or work then, and in studies or work at exit (`exit`,
/// the exit table's row) beside it.
pub fn later_activity(later: &[Shown], exit: &[Shown], k: usize) -> Vec<Cell> {
    let mut cells: Vec<Cell> = later[..k].iter().map(|c| ("", c.text())).collect();
    cells.extend([
        ("n", later[k].text()),
        ("studies-or-work", count_share_interval(later[k + 1], later[k])),
        ("at-exit", count_and_share(exit[k + 1], exit[k])),
    ]);
    cells
}

/// Support at intake → exit, per point of its `ks` points, after those with an answer.
pub fn support(s: &[Shown], ks: usize) -> Vec<Cell> {
    std::iter::once(("n", s[2 * ks].text()))
        .chain((0..ks).map(|i| ("", format!("{} → {}", s[i].text(), s[ks + i].text()))))
        .collect()
}

/// Goals: how many, by their last step (of `kg`), how many moved, and the median steps.
pub fn goals(s: &[Shown], kg: usize, f: &OutcomeFigures) -> Vec<Cell> {
    let median = f.goal_median_change.filter(|_| s[kg + 1].count().is_some()).map(|m| decimal(m, 1)).unwrap_or_else(|| "–".into());
    let mut cells: Vec<Cell> = vec![("n", s[kg].text())];
    cells.extend(s[..kg].iter().map(|c| ("", count_and_share(*c, s[kg]))));
    cells.extend([("", s[kg + 1].text()), ("median", median)]);
    cells
}
