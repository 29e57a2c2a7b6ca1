//! Outcomes for every group: the main activity at exit (utfall) and the
//! share in studies or work, support (försörjning) at intake against exit,
//! and how far goals on the staircase got.

use super::items::{add_group_sums, Category, Transitions};
use super::suppression::{Grid, Shown};
use super::{by_participant, groups, latest, Dataset, Group};
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
    let responses = by_participant(&data.responses);
    let none: Vec<&Response> = Vec::new();
    // Per participant: activity at exit, support at intake and exit.
    let facts: Vec<(Option<i32>, Option<(i32, i32)>)> = data
        .people
        .iter()
        .map(|p| {
            let mine = responses.get(p.code.as_str()).unwrap_or(&none);
            let exit = latest(mine, OUTCOME_INSTRUMENT, Timepoint::Exit);
            let intake = latest(mine, OUTCOME_INSTRUMENT, Timepoint::Intake);
            let support = point_of(intake, SUPPORT_ITEM).zip(point_of(exit, SUPPORT_ITEM));
            (point_of(exit, ACTIVITY_ITEM), support)
        })
        .collect();
    let rows = groups(&data.people)
        .into_iter()
        .map(|g| {
            let mut f = OutcomeFigures {
                activity: vec![0; activity_scale.points.len()],
                support_intake: vec![0; support_scale.points.len()],
                support_exit: vec![0; support_scale.points.len()],
                goal_last_step: vec![0; goal_scale.points.len()],
                ..OutcomeFigures::default()
            };
            for (person, (activity, support)) in data.people.iter().zip(&facts) {
                if !g.contains(person) {
                    continue;
                }
                if let Some(i) = activity.and_then(|v| position(activity_scale, v)) {
                    f.activity_n += 1;
                    f.activity[i] += 1;
                    f.studies_or_work += usize::from(activity_scale.points[i].tags.iter().any(|t| t == STUDIES_OR_WORK));
                }
                if let Some((a, b)) = support {
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
    for (a, b) in facts.iter().filter_map(|(_, s)| *s) {
        if let (Some(i), Some(j)) = (position(support_scale, a), position(support_scale, b)) {
            counts[i][j] += 1;
        }
    }
    Outcomes {
        activity_scale,
        support_scale,
        goal_scale,
        rows,
        support_transitions: Transitions { categories, counts },
    }
}

impl Outcomes<'_> {
    /// A split table: one row of counts per group, the row sums `sums` adds,
    /// and gender and track rows adding up to the all-row.
    fn shown_with(&self, row: impl Fn(&OutcomeFigures) -> Vec<usize>, sums: impl FnOnce(&mut Grid)) -> Vec<Vec<Shown>> {
        let rows: Vec<Vec<usize>> = self.rows.iter().map(|(_, f)| row(f)).collect();
        let mut grid = Grid::new(&rows);
        sums(&mut grid);
        add_group_sums(&mut grid, self.rows.iter().map(|(g, _)| *g));
        grid.shown()
    }

    /// Activity per point, then with an activity, in studies or work, and not.
    pub fn activity_shown(&self) -> Vec<Vec<Shown>> {
        let k = self.activity_scale.points.len();
        let tagged: Vec<usize> = (0..k)
            .filter(|i| self.activity_scale.points[*i].tags.iter().any(|t| t == STUDIES_OR_WORK))
            .collect();
        let untagged: Vec<usize> = (0..k).filter(|i| !tagged.contains(i)).collect();
        self.shown_with(
            |f| f.activity.iter().copied().chain([f.activity_n, f.studies_or_work, f.activity_n - f.studies_or_work]).collect(),
            |grid| {
                grid.row_sum(&(0..k).collect::<Vec<_>>(), k);
                grid.row_sum(&tagged, k + 1);
                grid.row_sum(&untagged, k + 2);
                grid.row_sum(&[k + 1, k + 2], k);
            },
        )
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

    /// Support at intake per point, at exit per point, then how many.
    pub fn support_shown(&self) -> Vec<Vec<Shown>> {
        let k = self.support_scale.points.len();
        self.shown_with(
            |f| f.support_intake.iter().chain(&f.support_exit).copied().chain([f.support_n]).collect(),
            |grid| {
                grid.row_sum(&(0..k).collect::<Vec<_>>(), 2 * k);
                grid.row_sum(&(k..2 * k).collect::<Vec<_>>(), 2 * k);
            },
        )
    }

    /// Goals per last step, then how many goals, then how many moved and not.
    pub fn goals_shown(&self) -> Vec<Vec<Shown>> {
        let k = self.goal_scale.points.len();
        self.shown_with(
            |f| f.goal_last_step.iter().copied().chain([f.goals, f.goals_moved, f.goals - f.goals_moved]).collect(),
            |grid| {
                grid.row_sum(&(0..k).collect::<Vec<_>>(), k);
                grid.row_sum(&[k + 1, k + 2], k);
            },
        )
    }
}
