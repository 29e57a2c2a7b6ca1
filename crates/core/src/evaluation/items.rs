//! Paired change per instrument item, from intake to exit: how many have
//! both, the transition table, better/unchanged/worse, the median change,
//! the Wilcoxon signed-rank test, favourable shares at each end, and
//! attrition (intake but no exit) beside it, for every group.
//!
//! A participant's intake is their latest intake response on the
//! instrument, their exit their latest exit response. Follow-ups are not
//! used here. Special answers, skips and missing answers are counted apart
//! and never as steps.

use std::collections::BTreeMap;

use super::disclosure::{lay_out, Family, Splits};
use super::suppression::{Grid, Shown};
use super::{groups, latest, Dataset, Group, Person};
use crate::instrument::{Favourable, Instrument, Item, ItemKind, Timepoint};
use crate::response::{AnswerValue, Response};
use crate::statistics::{holm, median, paired_summary, Wilcoxon};
use crate::step_movement::{self, Change, Counted};

/// Items with a better direction, on an ordered scale or a number, asked at
/// both intake and exit. Goals (mal-trappan) are counted in the outcomes.
pub fn analysed_items(instruments: &[Instrument]) -> Vec<(&Instrument, &Item)> {
    let mut out = Vec::new();
    for inst in instruments.iter().filter(|i| i.id != crate::goal::INSTRUMENT) {
        for item in &inst.items {
            let when = item.timepoints.as_ref().unwrap_or(&inst.timepoints);
            let ordered = match item.kind {
                ItemKind::Scale { .. } => inst.scale_of(item).is_some_and(|s| s.ordered),
                ItemKind::Number { .. } => true,
                _ => false,
            };
            if ordered
                && item.favourable != Favourable::None
                && when.contains(&Timepoint::Intake)
                && when.contains(&Timepoint::Exit)
            {
                out.push((inst, item));
            }
        }
    }
    out
}

/// [`analysed_items`] grouped by instrument, in the order shipped.
pub fn analysed_by_instrument(instruments: &[Instrument]) -> Vec<(&Instrument, Vec<&Item>)> {
    let mut out: Vec<(&Instrument, Vec<&Item>)> = Vec::new();
    for (inst, item) in analysed_items(instruments) {
        match out.last_mut() {
            Some((i, list)) if i.id == inst.id => list.push(item),
            _ => out.push((inst, vec![item])),
        }
    }
    out
}

/// An answer as a row or column of the transition table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Point(i32),
    Special(String),
    /// Skipped, or not in the response.
    NoAnswer,
}

impl Category {
    /// The category in words (Swedish), `no_answer` for [`Category::NoAnswer`].
    pub fn label(&self, inst: &Instrument, item: &Item, no_answer: &str) -> String {
        let scale = inst.scale_of(item);
        match self {
            Category::Point(v) => scale
                .and_then(|s| s.points.iter().find(|p| p.value == *v))
                .map(|p| p.label.swedish().to_string())
                .unwrap_or_else(|| v.to_string()),
            Category::Special(id) => scale
                .and_then(|s| s.special.iter().find(|x| &x.id == id))
                .map(|x| x.label.swedish().to_string())
                .unwrap_or_else(|| id.clone()),
            Category::NoAnswer => no_answer.to_string(),
        }
    }
}

impl Category {
    fn of(value: Option<&AnswerValue>) -> Category {
        match value {
            Some(AnswerValue::Point { value }) | Some(AnswerValue::Number { value }) => Category::Point(*value),
            Some(AnswerValue::Special { id }) => Category::Special(id.clone()),
            _ => Category::NoAnswer,
        }
    }
}

/// Intake answer × exit answer, over everyone with both responses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transitions {
    pub categories: Vec<Category>,
    /// `counts[i][j]`: intake `categories[i]`, exit `categories[j]`.
    pub counts: Vec<Vec<usize>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemFigures {
    /// With an intake response on the instrument.
    pub n_intake: usize,
    /// With both an intake and an exit response.
    pub n_both: usize,
    /// Intake but no exit: attrition.
    pub intake_only: usize,
    /// Both ends answered on the scale (or with a number).
    pub n_paired: usize,
    /// Both responses, but a special answer, skip or gap at either end.
    pub special_pairs: usize,
    pub better: usize,
    pub unchanged: usize,
    pub worse: usize,
    pub median_change: Option<f64>,
    pub wilcoxon: Option<Wilcoxon>,
    /// The Hodges–Lehmann estimate of the change and its 95 % interval.
    pub hodges_lehmann: Option<(f64, Option<(f64, f64)>)>,
    /// Among the paired; `None` without a cut-off.
    pub favourable_intake: Option<usize>,
    pub favourable_exit: Option<usize>,
    /// Intake-only participants with an answer on the scale at intake.
    pub intake_only_points: usize,
    pub intake_only_favourable: Option<usize>,
    /// Median intake answer (value) of intake-only and of paired participants.
    pub intake_only_median: Option<f64>,
    pub paired_intake_median: Option<f64>,
}

/// The columns of an item's split table, in [`ItemAnalysis::shown`].
pub mod column {
    pub const N_INTAKE: usize = 0;
    pub const N_BOTH: usize = 1;
    pub const INTAKE_ONLY: usize = 2;
    pub const N_PAIRED: usize = 3;
    pub const SPECIAL_PAIRS: usize = 4;
    pub const BETTER: usize = 5;
    pub const UNCHANGED: usize = 6;
    pub const WORSE: usize = 7;
    pub const FAVOURABLE_INTAKE: usize = 8;
    pub const UNFAVOURABLE_INTAKE: usize = 9;
    pub const FAVOURABLE_EXIT: usize = 10;
    pub const UNFAVOURABLE_EXIT: usize = 11;
    pub const INTAKE_ONLY_POINTS: usize = 12;
    pub const INTAKE_ONLY_OTHER: usize = 13;
    pub const INTAKE_ONLY_FAVOURABLE: usize = 14;
    pub const INTAKE_ONLY_UNFAVOURABLE: usize = 15;
    pub const COUNT: usize = 16;
}

impl ItemFigures {
    /// Every column's count, for checking the published figures.
    #[cfg(test)]
    pub(crate) fn counts(&self) -> [usize; column::COUNT] {
        let fi = self.favourable_intake.unwrap_or(0);
        let fe = self.favourable_exit.unwrap_or(0);
        let fo = self.intake_only_favourable.unwrap_or(0);
        [
            self.n_intake,
            self.n_both,
            self.intake_only,
            self.n_paired,
            self.special_pairs,
            self.better,
            self.unchanged,
            self.worse,
            fi,
            self.n_paired - fi,
            fe,
            self.n_paired - fe,
            self.intake_only_points,
            self.intake_only - self.intake_only_points,
            fo,
            self.intake_only_points - fo,
        ]
    }
}

#[derive(Clone, Debug)]
pub struct ItemAnalysis<'a> {
    pub instrument: &'a Instrument,
    pub item: &'a Item,
    pub counted: Counted,
    /// The favourable cut-off used (the instrument's unless changed).
    pub cutoff: Option<i32>,
    pub rows: Vec<(Group, ItemFigures)>,
    /// Over everyone in the dataset.
    pub transitions: Transitions,
    /// The rows' counts and the transition table as published: the two are
    /// protected together (see [`super::disclosure`]).
    /// Worked out when first asked for: the reference tests need only the figures.
    published: std::cell::OnceCell<(Vec<Vec<Shown>>, Vec<Vec<Shown>>)>,
    family: Family,
    /// Where each figure of `family` goes: (row, column, figure) in the
    /// split table, and the transition table's figures.
    placed: Vec<(usize, usize, usize)>,
    table: Vec<Vec<usize>>,
}

impl ItemAnalysis<'_> {
    pub fn all(&self) -> &ItemFigures {
        &self.rows[0].1
    }

    /// Every row's counts (see [`column`]) as published: a count under five
    /// is never shown, and more are hidden where the item's figures together
    /// would reveal one. Published are the paired count, better, unchanged
    /// and worse, the favourable counts at intake and exit, and the
    /// intake-only participants with an answer on the item (and how many of
    /// them were favourable); the other columns are for the core and the
    /// exports only and read as hidden here.
    pub fn shown(&self) -> Vec<Vec<Shown>> {
        self.published().0.clone()
    }

    fn published(&self) -> &(Vec<Vec<Shown>>, Vec<Vec<Shown>>) {
        self.published.get_or_init(|| {
            let shown = self.family.shown();
            let rows = lay_out(&shown, &self.placed, self.rows.len(), column::COUNT);
            (rows, self.table.iter().map(|row| row.iter().map(|f| shown[*f]).collect()).collect())
        })
    }

    /// The transition table as published: intake categories then the total
    /// row; exit categories then the total column.
    pub fn transitions_shown(&self) -> Vec<Vec<Shown>> {
        self.published().1.clone()
    }

    /// Everything the item publishes, for the audit.
    pub fn family(&self) -> &Family {
        &self.family
    }
}

/// Gender rows add up to the all-row, and so do track rows and age rows.
pub fn add_group_sums(grid: &mut Grid, groups: impl Iterator<Item = Group>) {
    let groups: Vec<Group> = groups.collect();
    let Some(all) = groups.iter().position(|g| *g == Group::All) else { return };
    let gender: Vec<usize> = (0..groups.len()).filter(|i| matches!(groups[*i], Group::Gender(_))).collect();
    let track: Vec<usize> = (0..groups.len()).filter(|i| matches!(groups[*i], Group::Track(_))).collect();
    let age: Vec<usize> = (0..groups.len()).filter(|i| matches!(groups[*i], Group::Age(_))).collect();
    for rows in [gender, track, age] {
        if !rows.is_empty() {
            grid.column_sum(&rows, all);
        }
    }
}

/// The Wilcoxon p-values of an instrument's items adjusted by Holm's method
/// within the instrument, for each group row: by item id, a value per row
/// of [`groups`]. Several items are tested on the same participants, so one
/// of them reaching p < 0,05 by chance grows likelier with each item; Holm's
/// adjustment keeps that chance at 5 % for the instrument as a whole.
pub fn holm_adjusted(data: &Dataset, inst: &Instrument) -> BTreeMap<String, Vec<Option<f64>>> {
    holm_of(&analyse_instrument(data, inst, |item| item.favourable_cutoff))
}

/// [`holm_adjusted`] for an instrument's items already analysed (all of
/// them, with the instrument's cut-offs: the test does not use them).
pub fn holm_of(analyses: &[ItemAnalysis]) -> BTreeMap<String, Vec<Option<f64>>> {
    let rows = analyses.first().map_or(0, |a| a.rows.len());
    let mut out: BTreeMap<String, Vec<Option<f64>>> = analyses.iter().map(|a| (a.item.id.clone(), vec![None; rows])).collect();
    for r in 0..rows {
        let p: Vec<Option<f64>> = analyses.iter().map(|a| a.rows[r].1.wilcoxon.as_ref().map(|w| w.p_value)).collect();
        for (a, adjusted) in analyses.iter().zip(holm(&p)) {
            out.get_mut(&a.item.id).expect("listed")[r] = adjusted;
        }
    }
    out
}

/// Whether a value counts as favourable: at or past the cut-off in the
/// item's better direction.
pub fn is_favourable(item: &Item, cutoff: i32, value: i32) -> bool {
    match item.favourable {
        Favourable::Higher => value >= cutoff,
        Favourable::Lower => value <= cutoff,
        Favourable::None => false,
    }
}

/// One participant's two ends on an item.
struct Ends<'p> {
    person: &'p Person,
    intake: Option<Option<AnswerValue>>,
    exit: Option<Option<AnswerValue>>,
}

/// Each participant's latest intake and exit response on one instrument,
/// found once for all its items.
struct Responses<'d> {
    ends: Vec<(&'d Person, Option<&'d Response>, Option<&'d Response>)>,
    groups: Vec<Group>,
}

impl<'d> Responses<'d> {
    fn of(data: &'d Dataset, inst: &Instrument) -> Responses<'d> {
        let ends = data
            .people_with_responses()
            .map(|(p, mine)| (p, latest(mine, &inst.id, Timepoint::Intake), latest(mine, &inst.id, Timepoint::Exit)))
            .collect();
        Responses { ends, groups: groups(&data.people) }
    }
}

/// Every analysed item for the dataset. `cutoffs` overrides an item's
/// cut-off, keyed `instrument/item`.
pub fn analyse<'a>(
    data: &Dataset,
    instruments: &'a [Instrument],
    cutoffs: &BTreeMap<String, i32>,
) -> Vec<ItemAnalysis<'a>> {
    analysed_by_instrument(instruments)
        .into_iter()
        .flat_map(|(inst, items)| {
            let responses = Responses::of(data, inst);
            items
                .into_iter()
                .map(|item| {
                    let cutoff = cutoffs.get(&format!("{}/{}", inst.id, item.id)).copied().or(item.favourable_cutoff);
                    analyse_with(&responses, inst, item, cutoff)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every analysed item of one instrument (as [`analysed_by_instrument`]
/// lists them), with `cutoff` giving each item's.
pub fn analyse_instrument<'a>(
    data: &Dataset,
    inst: &'a Instrument,
    cutoff: impl Fn(&Item) -> Option<i32>,
) -> Vec<ItemAnalysis<'a>> {
    let responses = Responses::of(data, inst);
    analysed_items(std::slice::from_ref(inst))
        .into_iter()
        .map(|(inst, item)| analyse_with(&responses, inst, item, cutoff(item)))
        .collect()
}

/// One item, with the cut-off given (ignored for numbers).
pub fn analyse_item<'a>(data: &Dataset, inst: &'a Instrument, item: &'a Item, cutoff: Option<i32>) -> ItemAnalysis<'a> {
    analyse_with(&Responses::of(data, inst), inst, item, cutoff)
}

/// One item of the instrument `responses` were found for.
fn analyse_with<'a>(responses: &Responses, inst: &'a Instrument, item: &'a Item, cutoff: Option<i32>) -> ItemAnalysis<'a> {
    let answer = |r: Option<&Response>| r.map(|r| r.answers.iter().find(|a| a.item == item.id).map(|a| a.value.clone()));
    let ends: Vec<Ends> =
        responses.ends.iter().map(|(person, intake, exit)| Ends { person, intake: answer(*intake), exit: answer(*exit) }).collect();
    let counted = match item.kind {
        ItemKind::Number { .. } => Counted::Amount,
        _ => Counted::Steps,
    };
    let cutoff = if counted == Counted::Amount { None } else { cutoff };
    let groups = &responses.groups;
    let transitions = transitions(inst, item, &ends);
    let (family, placed, table) = publish(inst, item, cutoff, &ends, groups, &transitions.categories);

    ItemAnalysis {
        instrument: inst,
        item,
        counted,
        cutoff,
        rows: groups
            .iter()
            .map(|g| {
                let mine: Vec<&Ends> = ends.iter().filter(|e| g.contains(e.person)).collect();
                (*g, figures(inst, item, cutoff, &mine))
            })
            .collect(),
        transitions,
        published: std::cell::OnceCell::new(),
        family,
        placed,
        table,
    }
}

/// The item's published figures as one [`Family`]: a participant's state is
/// their intake and exit category, or their intake category alone.
fn publish(
    inst: &Instrument,
    item: &Item,
    cutoff: Option<i32>,
    ends: &[Ends],
    groups: &[Group],
    shown_categories: &[Category],
) -> (Family, Vec<(usize, usize, usize)>, Vec<Vec<usize>>) {
    use column::*;
    let k_shown = shown_categories.len();
    let mut categories = shown_categories.to_vec();
    for e in ends {
        if let (Some(intake), None) = (&e.intake, &e.exit) {
            let c = Category::of(intake.as_ref());
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
    }
    let k = categories.len();
    let index = |c: &Category| categories.iter().position(|x| x == c).expect("every category listed");
    let pair = |i: usize, j: usize| i * k + j;
    let only = |i: usize| k * k + i;
    let splits = Splits::new(groups);
    let mut family = splits.family(k * k + k);
    for e in ends {
        let Some(intake) = &e.intake else { continue };
        let place = splits.place(e.person);
        let i = index(&Category::of(intake.as_ref()));
        let state = match &e.exit {
            Some(exit) => pair(i, index(&Category::of(exit.as_ref()))),
            None => only(i),
        };
        family.count(place, state);
    }
    // What each state stands for.
    let value = |c: &Category| match (c, &item.kind) {
        (Category::Point(v), ItemKind::Number { .. }) => Some(AnswerValue::Number { value: *v }),
        (Category::Point(v), _) => Some(AnswerValue::Point { value: *v }),
        _ => None,
    };
    let favourable = |c: &Category| match c {
        Category::Point(v) => cutoff.is_some_and(|x| is_favourable(item, x, *v)),
        _ => false,
    };
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..k {
        for j in 0..k {
            let (Some(a), Some(b)) = (value(&categories[i]), value(&categories[j])) else { continue };
            let Some(c) = change(inst, item, &a, &b) else { continue };
            let s = pair(i, j);
            sets.entry(N_PAIRED).or_default().push(s);
            sets.entry(match c.signum() {
                1 => BETTER,
                0 => UNCHANGED,
                _ => WORSE,
            })
            .or_default()
            .push(s);
            if favourable(&categories[i]) {
                sets.entry(FAVOURABLE_INTAKE).or_default().push(s);
            }
            if favourable(&categories[j]) {
                sets.entry(FAVOURABLE_EXIT).or_default().push(s);
            }
        }
        if value(&categories[i]).is_some() {
            sets.entry(INTAKE_ONLY_POINTS).or_default().push(only(i));
            if favourable(&categories[i]) {
                sets.entry(INTAKE_ONLY_FAVOURABLE).or_default().push(only(i));
            }
        }
    }
    let mut columns = vec![N_PAIRED, BETTER, UNCHANGED, WORSE, INTAKE_ONLY_POINTS];
    if cutoff.is_some() {
        columns.extend([FAVOURABLE_INTAKE, FAVOURABLE_EXIT, INTAKE_ONLY_FAVOURABLE]);
    }
    let columns: Vec<(usize, Vec<usize>, bool)> = columns
        .into_iter()
        .map(|c| (c, sets.get(&c).cloned().unwrap_or_default(), matches!(c, N_PAIRED | BETTER | UNCHANGED | WORSE)))
        .collect();
    let placed = splits.add_rows(&mut family, groups, &columns);
    // The transition table: its cells, row and column totals, and the total.
    let table = family.table(k_shown, pair);
    (family, placed, table)
}

fn point(v: &Option<AnswerValue>) -> Option<i32> {
    match v {
        Some(AnswerValue::Point { value }) | Some(AnswerValue::Number { value }) => Some(*value),
        _ => None,
    }
}

fn change(inst: &Instrument, item: &Item, a: &AnswerValue, b: &AnswerValue) -> Option<i32> {
    let c = match inst.scale_of(item) {
        Some(scale) if matches!(item.kind, ItemKind::Scale { .. }) => step_movement::change(item, scale, a, b),
        _ => step_movement::amount_change(item, a, b),
    }?;
    Some(match c {
        Change::Better(n) => n as i32,
        Change::Same => 0,
        Change::Worse(n) => -(n as i32),
    })
}

fn figures(inst: &Instrument, item: &Item, cutoff: Option<i32>, ends: &[&Ends]) -> ItemFigures {
    let mut f = ItemFigures::default();
    let mut changes = Vec::new();
    let (mut fav_in, mut fav_out, mut fav_only) = (0, 0, 0);
    let (mut paired_intake, mut only_intake) = (Vec::new(), Vec::new());
    let favourable = |v: i32| cutoff.is_some_and(|c| is_favourable(item, c, v));
    for e in ends {
        let Some(intake) = &e.intake else { continue };
        f.n_intake += 1;
        let Some(exit) = &e.exit else {
            f.intake_only += 1;
            if let Some(v) = point(intake) {
                f.intake_only_points += 1;
                only_intake.push(v as f64);
                fav_only += usize::from(favourable(v));
            }
            continue;
        };
        f.n_both += 1;
        match (point(intake), point(exit), intake, exit) {
            (Some(a), Some(b), Some(va), Some(vb)) => match change(inst, item, va, vb) {
                Some(c) => {
                    f.n_paired += 1;
                    changes.push(c);
                    paired_intake.push(a as f64);
                    fav_in += usize::from(favourable(a));
                    fav_out += usize::from(favourable(b));
                }
                None => f.special_pairs += 1,
            },
            _ => f.special_pairs += 1,
        }
    }
    let summary = paired_summary(&changes);
    f.better = summary.better;
    f.unchanged = summary.unchanged;
    f.worse = summary.worse;
    f.median_change = summary.median_change;
    f.wilcoxon = summary.wilcoxon;
    f.hodges_lehmann = summary.hodges_lehmann;
    if cutoff.is_some() {
        f.favourable_intake = Some(fav_in);
        f.favourable_exit = Some(fav_out);
        f.intake_only_favourable = Some(fav_only);
    }
    f.intake_only_median = median(&mut only_intake);
    f.paired_intake_median = median(&mut paired_intake);
    f
}

fn transitions(inst: &Instrument, item: &Item, ends: &[Ends]) -> Transitions {
    let mut categories: Vec<Category> = match inst.scale_of(item) {
        Some(scale) if matches!(item.kind, ItemKind::Scale { .. }) => {
            let mut points: Vec<i32> = scale.points.iter().map(|p| p.value).collect();
            points.sort_unstable();
            points.into_iter().map(Category::Point).chain(scale.special.iter().map(|s| Category::Special(s.id.clone()))).collect()
        }
        _ => Vec::new(),
    };
    let pairs: Vec<(Category, Category)> = ends
        .iter()
        .filter_map(|e| Some((Category::of(e.intake.as_ref()?.as_ref()), Category::of(e.exit.as_ref()?.as_ref()))))
        .collect();
    // Numbers have no fixed categories: the values seen, in order.
    for (a, b) in &pairs {
        for c in [a, b] {
            if !categories.contains(c) && matches!(c, Category::Point(_)) {
                categories.push(c.clone());
            }
        }
    }
    categories.sort();
    categories.push(Category::NoAnswer);
    let index = |c: &Category| categories.iter().position(|x| x == c).expect("every category listed");
    let mut counts = vec![vec![0; categories.len()]; categories.len()];
    for (a, b) in &pairs {
        counts[index(a)][index(b)] += 1;
    }
    Transitions { categories, counts }
}
