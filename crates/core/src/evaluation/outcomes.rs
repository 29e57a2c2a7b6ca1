//! Outcomes for every group: the main activity at exit (utfall) and the
//! share in studies or work, support (försörjning) at intake against exit,
//! and how far goals on the staircase got.

use std::collections::BTreeMap;

use super::disclosure::{lay_out, Family, Splits};
use super::items::{Category, Transitions};
use super::suppression::Shown;
use super::{groups, latest, Dataset, Group, Person};
use crate::case::STUDIES_OR_WORK;
use crate::goal::{self, Goal};
use crate::instrument::{Instrument, Scale, Timepoint};
use crate::response::{AnswerValue, Response};
use crate::statistics::median;

pub const OUTCOME_INSTRUMENT: &str = "utfall";
pub const ACTIVITY_ITEM: &str = "huvudsaklig-aktivitet";
pub const SUPPORT_ITEM: &str = "forsorjning";
/// The share in studies or work projects aim for, unless the evaluator changes it.
pub const DEFAULT_TARGET: f64 = 0.6;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutcomeFigures {
    /// With a main activity at exit.
    pub activity_n: usize,
    /// Per point of the activity scale, in its order.
    pub activity: Vec<usize>,
    pub studies_or_work: usize,
    /// The same six months after exit (at the after-6-months timepoint).
    pub later_n: usize,
    pub later_activity: Vec<usize>,
    pub later_studies_or_work: usize,
    /// With support recorded at both intake and exit.
    pub support_n: usize,
    /// Per point of the support scale, at intake and at exit (of `support_n`).
    pub support_intake: Vec<usize>,
    pub support_exit: Vec<usize>,
    pub goals: usize,
    /// Goals by the step of their last placement, per point of the step scale.
    pub goal_last_step: Vec<usize>,
    /// Goals placed at least twice, and their median steps from first to last.
    pub goals_moved: usize,
    pub goal_median_change: Option<f64>,
}

impl OutcomeFigures {
    pub fn share(&self) -> Option<f64> {
        (self.activity_n > 0).then(|| self.studies_or_work as f64 / self.activity_n as f64)
    }
}

pub struct Outcomes<'a> {
    pub activity_scale: &'a Scale,
    pub support_scale: &'a Scale,
    pub goal_scale: &'a Scale,
    pub rows: Vec<(Group, OutcomeFigures)>,
    /// Support at intake × at exit, over everyone.
    pub support_transitions: Transitions,
    /// Each table as published, protected with the figures it is shown
    /// with (see [`super::disclosure`]): activity; support with its
    /// transition table; goals.
    published: Published,
    families: Vec<Family>,
}

/// One participant's outcome answers.
struct Facts {
    activity: Option<i32>,
    later: Option<i32>,
    support: Option<(i32, i32)>,
}

struct Published {
    activity: Vec<Vec<Shown>>,
    later: Vec<Vec<Shown>>,
    support: Vec<Vec<Shown>>,
    support_transitions: Vec<Vec<Shown>>,
    goals: Vec<Vec<Shown>>,
}

fn scale_of<'a>(instruments: &'a [Instrument], inst: &str, item: &str) -> &'a Scale {
    let inst = instruments.iter().find(|i| i.id == inst).expect("shipped instrument");
    inst.item(item).and_then(|i| inst.scale_of(i)).expect("shipped item with a scale")
}

fn point_of(r: Option<&Response>, item: &str) -> Option<i32> {
    r?.answers.iter().find(|a| a.item == item).and_then(|a| match a.value {
        AnswerValue::Point { value } => Some(value),
        _ => None,
    })
}

fn position(scale: &Scale, value: i32) -> Option<usize> {
    scale.points.iter().position(|p| p.value == value)
}

pub fn outcomes<'a>(data: &Dataset, instruments: &'a [Instrument]) -> Outcomes<'a> {
    let activity_scale = scale_of(instruments, OUTCOME_INSTRUMENT, ACTIVITY_ITEM);
    let support_scale = scale_of(instruments, OUTCOME_INSTRUMENT, SUPPORT_ITEM);
    let goal_scale = scale_of(instruments, goal::INSTRUMENT, "steg");
    // Per participant: activity at exit and six months later, support at intake and exit.
    let facts: Vec<Facts> = data
        .people_with_responses()
        .map(|(_, mine)| {
            let exit = latest(mine, OUTCOME_INSTRUMENT, Timepoint::Exit);
            let intake = latest(mine, OUTCOME_INSTRUMENT, Timepoint::Intake);
            let later = latest(mine, OUTCOME_INSTRUMENT, Timepoint::After6Months);
            Facts {
                activity: point_of(exit, ACTIVITY_ITEM),
                later: point_of(later, ACTIVITY_ITEM),
                support: point_of(intake, SUPPORT_ITEM).zip(point_of(exit, SUPPORT_ITEM)),
            }
        })
        .collect();
    let groups = groups(&data.people);
    let rows: Vec<(Group, OutcomeFigures)> = groups
        .iter()
        .copied()
        .map(|g| {
            let mut f = OutcomeFigures {
                activity: vec![0; activity_scale.points.len()],
                later_activity: vec![0; activity_scale.points.len()],
                support_intake: vec![0; support_scale.points.len()],
                support_exit: vec![0; support_scale.points.len()],
                goal_last_step: vec![0; goal_scale.points.len()],
                ..OutcomeFigures::default()
            };
            let in_studies_or_work = |i: usize| usize::from(activity_scale.points[i].tags.iter().any(|t| t == STUDIES_OR_WORK));
            for (person, facts) in data.people.iter().zip(&facts) {
                if !g.contains(person) {
                    continue;
                }
                if let Some(i) = facts.activity.and_then(|v| position(activity_scale, v)) {
                    f.activity_n += 1;
                    f.activity[i] += 1;
                    f.studies_or_work += in_studies_or_work(i);
                }
                if let Some(i) = facts.later.and_then(|v| position(activity_scale, v)) {
                    f.later_n += 1;
                    f.later_activity[i] += 1;
                    f.later_studies_or_work += in_studies_or_work(i);
                }
                if let Some((a, b)) = &facts.support {
                    if let (Some(i), Some(j)) = (position(support_scale, *a), position(support_scale, *b)) {
                        f.support_n += 1;
                        f.support_intake[i] += 1;
                        f.support_exit[j] += 1;
                    }
                }
            }
            let codes: Vec<&str> = data.people.iter().filter(|p| g.contains(p)).map(|p| p.code.as_str()).collect();
            let mine: Vec<&Goal> = data.goals.iter().filter(|x| codes.contains(&x.participant.as_str())).collect();
            let mut changes = Vec::new();
            for x in &mine {
                let (Some(first), Some(last)) = (x.placements.first(), x.placements.last()) else { continue };
                f.goals += 1;
                if let Some(i) = position(goal_scale, last.step) {
                    f.goal_last_step[i] += 1;
                }
                if x.placements.len() >= 2 {
                    changes.push((last.step - first.step) as f64);
                }
            }
            f.goals_moved = changes.len();
            f.goal_median_change = median(&mut changes);
            (g, f)
        })
        .collect();
    let categories: Vec<Category> = support_scale.points.iter().map(|p| Category::Point(p.value)).collect();
    let mut counts = vec![vec![0; categories.len()]; categories.len()];
    for (a, b) in facts.iter().filter_map(|f| f.support) {
        if let (Some(i), Some(j)) = (position(support_scale, a), position(support_scale, b)) {
            counts[i][j] += 1;
        }
    }
    let splits = Splits::new(&groups);
    let (published, families) = publish(data, &splits, &groups, &facts, [activity_scale, support_scale, goal_scale]);
    Outcomes {
        activity_scale,
        support_scale,
        goal_scale,
        rows,
        support_transitions: Transitions { categories, counts },
        published,
        families,
    }
}

/// The three outcome tables as [`Family`]s: a person's state is their
/// activity at exit, their support at intake and exit; a goal's is its last
/// step and whether it moved.
fn publish(
    data: &Dataset,
    splits: &Splits,
    groups: &[Group],
    facts: &[Facts],
    [activity_scale, support_scale, goal_scale]: [&Scale; 3],
) -> (Published, Vec<Family>) {
    let lay_out = |family: &Family, placed: Vec<(usize, usize, usize)>, width: usize| {
        let shown = family.shown();
        (lay_out(&shown, &placed, groups.len(), width), shown)
    };
    // Activity at exit, and six months later: a state per point.
    let k = activity_scale.points.len();
    let tagged: Vec<usize> = (0..k).filter(|i| activity_scale.points[*i].tags.iter().any(|t| t == STUDIES_OR_WORK)).collect();
    let activity_table = |when: fn(&Facts) -> Option<i32>| {
        let mut family = splits.family(k);
        for (person, f) in data.people.iter().zip(facts) {
            if let Some(i) = when(f).and_then(|v| position(activity_scale, v)) {
                family.count(splits.place(person), i);
            }
        }
        let mut columns: Vec<(usize, Vec<usize>, bool)> = (0..k).map(|i| (i, vec![i], false)).collect();
        columns.extend([(k, (0..k).collect(), true), (k + 1, tagged.clone(), true)]);
        let placed = splits.add_rows(&mut family, groups, &columns);
        let (rows, _) = lay_out(&family, placed, k + 3);
        (family, rows)
    };
    let (activity, activity_rows) = activity_table(|f| f.activity);
    let (later, later_rows) = activity_table(|f| f.later);
    // Support at intake × exit: a state per pair, with the transition table.
    let ks = support_scale.points.len();
    let mut support = splits.family(ks * ks);
    for (person, f) in data.people.iter().zip(facts) {
        if let Some((i, j)) = f.support.and_then(|(a, b)| position(support_scale, a).zip(position(support_scale, b))) {
            support.count(splits.place(person), i * ks + j);
        }
    }
    let mut columns: Vec<(usize, Vec<usize>, bool)> = Vec::new();
    for i in 0..ks {
        columns.push((i, (0..ks).map(|j| i * ks + j).collect(), false));
        columns.push((ks + i, (0..ks).map(|j| j * ks + i).collect(), false));
    }
    columns.push((2 * ks, (0..ks * ks).collect(), true));
    let placed = splits.add_rows(&mut support, groups, &columns);
    let table = support.table(ks, |i, j| i * ks + j);
    let (support_rows, shown) = lay_out(&support, placed, 2 * ks + 1);
    let support_table = table.iter().map(|row| row.iter().map(|f| shown[*f]).collect()).collect();
    // Goals: a state per last step (or none on the scale) and moved or not.
    let kg = goal_scale.points.len();
    let mut goals = splits.family(2 * (kg + 1));
    let owner: BTreeMap<&str, &Person> = data.people.iter().map(|p| (p.code.as_str(), p)).collect();
    for x in &data.goals {
        let (Some(person), Some(last)) = (owner.get(x.participant.as_str()), x.placements.last()) else { continue };
        let step = position(goal_scale, last.step).unwrap_or(kg);
        goals.count(splits.place(person), 2 * step + usize::from(x.placements.len() >= 2));
    }
    let mut columns: Vec<(usize, Vec<usize>, bool)> = (0..kg).map(|i| (i, vec![2 * i, 2 * i + 1], false)).collect();
    columns.push((kg, (0..2 * (kg + 1)).collect(), true));
    columns.push((kg + 1, (0..=kg).map(|i| 2 * i + 1).collect(), true));
    let placed = splits.add_rows(&mut goals, groups, &columns);
    let (goal_rows, _) = lay_out(&goals, placed, kg + 3);
    (
        Published {
            activity: activity_rows,
            later: later_rows,
            support: support_rows,
            support_transitions: support_table,
            goals: goal_rows,
        },
        vec![activity, support, goals, later],
    )
}

impl Outcomes<'_> {
    /// Activity per point, then with an activity, in studies or work, and
    /// (not published) not in studies or work.
    pub fn activity_shown(&self) -> Vec<Vec<Shown>> {
        self.published.activity.clone()
    }

    /// Per group row: the share in studies or work as published (none where a
    /// count it rests on is hidden), and whether it reaches `target`.
    pub fn against_target(&self, target: f64) -> Vec<(Option<f64>, Option<bool>)> {
        let k = self.activity_scale.points.len();
        self.activity_shown()
            .iter()
            .map(|s| {
                let share = s[k + 1].share(s[k]);
                (share, share.map(|x| x >= target))
            })
            .collect()
    }

    /// The same as [`Outcomes::activity_shown`], six months after exit.
    pub fn later_activity_shown(&self) -> Vec<Vec<Shown>> {
        self.published.later.clone()
    }

    /// Support at intake per point, at exit per point, then how many.
    pub fn support_shown(&self) -> Vec<Vec<Shown>> {
        self.published.support.clone()
    }

    /// Support at intake (rows) × exit (columns), with totals, as published.
    pub fn support_transitions_shown(&self) -> Vec<Vec<Shown>> {
        self.published.support_transitions.clone()
    }

    /// Goals per last step, then how many goals, then how many moved (and,
    /// not published, not moved).
    pub fn goals_shown(&self) -> Vec<Vec<Shown>> {
        self.published.goals.clone()
    }

    /// Everything the outcome tables publish, for the audit.
    pub fn families(&self) -> &[Family] {
        &self.families
    }
}
