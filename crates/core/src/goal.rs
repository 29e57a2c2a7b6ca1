//! The goal staircase (mal-trappan): one to three goals a participant sets
//! with staff, each placed on a step at every follow-up. A goal keeps every
//! wording and every placement, so its history can be shown and counted.

use serde::{Deserialize, Serialize};

use super::free_text::{self, FreeTextProblem};
use super::instrument::{Instrument, ItemKind, Scale, Timepoint};
use super::participant_code::ParticipantCode;
use super::response::{AnswerValue, InstrumentRef};
use super::step_movement::{self, Change};

/// The instrument whose wording and step scale goals use.
pub const INSTRUMENT: &str = "mal-trappan";
/// More open goals than this and none gets attention.
pub const MAX_OPEN: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalWording {
    pub text: String,
    pub at: String,
    pub rater: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalPlacement {
    pub timepoint: Timepoint,
    pub step: i32,
    pub at: String,
    pub rater: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: String,
    pub participant: ParticipantCode,
    /// The mal-trappan version the goal was set on.
    pub instrument: InstrumentRef,
    /// Every wording, oldest first; the last is the goal as it stands.
    pub wordings: Vec<GoalWording>,
    /// Every placement on the staircase, oldest first.
    pub placements: Vec<GoalPlacement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoalProblem {
    Text(FreeTextProblem),
    Rater(FreeTextProblem),
    NotAStep,
    TooManyOpen,
    Closed,
}

/// The goal text item and the step scale of mal-trappan.
fn parts(instrument: &Instrument) -> (u32, &Scale) {
    let max = instrument
        .items
        .iter()
        .find_map(|i| match i.kind {
            ItemKind::FreeText { max_length, .. } => Some(max_length),
            _ => None,
        })
        .unwrap_or(200);
    let scale = instrument.items.iter().find_map(|i| instrument.scale_of(i)).expect("mal-trappan has a step scale");
    (max, scale)
}

/// Whether `step` is a step of the staircase: what staff can place a goal
/// on, and what an import accepts.
pub fn is_step(instrument: &Instrument, step: i32) -> bool {
    parts(instrument).1.points.iter().any(|p| p.value == step)
}

/// Who, when and which step, as staff enter it.
pub struct Placing<'a> {
    pub timepoint: Timepoint,
    pub step: i32,
    pub rater: &'a str,
    pub now: &'a str,
}

impl Goal {
    /// Sets a new goal and places it on its first step. `open_goals` is how
    /// many of the participant's goals are open now.
    pub fn set(
        id: String,
        participant: ParticipantCode,
        instrument: &Instrument,
        text: &str,
        placing: Placing,
        open_goals: usize,
    ) -> Result<Goal, GoalProblem> {
        if open_goals >= MAX_OPEN {
            return Err(GoalProblem::TooManyOpen);
        }
        let (max, _) = parts(instrument);
        let text = free_text::check(text, max).map_err(GoalProblem::Text)?;
        let mut goal = Goal {
            id,
            participant,
            instrument: InstrumentRef::from(instrument),
            wordings: Vec::new(),
            placements: Vec::new(),
            closed_at: None,
        };
        goal.place(instrument, placing)?;
        let rater = goal.placements[0].rater.clone();
        goal.wordings.push(GoalWording { text, at: goal.placements[0].at.clone(), rater });
        Ok(goal)
    }

    pub fn text(&self) -> &str {
        self.wordings.last().map_or("", |w| w.text.as_str())
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    pub fn current_step(&self) -> Option<i32> {
        self.placements.last().map(|p| p.step)
    }

    /// Puts the goal on a step of the staircase at a timepoint.
    pub fn place(&mut self, instrument: &Instrument, placing: Placing) -> Result<(), GoalProblem> {
        if !self.is_open() {
            return Err(GoalProblem::Closed);
        }
        let rater = free_text::check_rater(placing.rater).map_err(GoalProblem::Rater)?;
        if !is_step(instrument, placing.step) {
            return Err(GoalProblem::NotAStep);
        }
        self.placements.push(GoalPlacement {
            timepoint: placing.timepoint,
            step: placing.step,
            at: placing.now.to_string(),
            rater,
        });
        Ok(())
    }

    /// Rewords the goal; the earlier wording stays in its history.
    pub fn rephrase(&mut self, instrument: &Instrument, text: &str, rater: &str, now: &str) -> Result<(), GoalProblem> {
        if !self.is_open() {
            return Err(GoalProblem::Closed);
        }
        let (max, _) = parts(instrument);
        let text = free_text::check(text, max).map_err(GoalProblem::Text)?;
        let rater = free_text::check_rater(rater).map_err(GoalProblem::Rater)?;
        if text != self.text() {
            self.wordings.push(GoalWording { text, at: now.to_string(), rater });
        }
        Ok(())
    }

    /// Ends work on the goal, reached or not; its history stays.
    pub fn close(&mut self, now: &str) {
        if self.closed_at.is_none() {
            self.closed_at = Some(now.to_string());
        }
    }

    /// From the first placement to the latest, in steps.
    pub fn movement(&self, instrument: &Instrument) -> Option<Change> {
        let (first, last) = (self.placements.first()?, self.placements.last()?);
        if self.placements.len() < 2 {
            return None;
        }
        let item = instrument.items.iter().find(|i| instrument.scale_of(i).is_some())?;
        let (_, scale) = parts(instrument);
        step_movement::change(
            item,
            scale,
            &AnswerValue::Point { value: first.step },
            &AnswerValue::Point { value: last.step },
        )
    }
}

/// Open goals without a step at exit: a case closes only when this is 0,
/// because a goal's exit step is its result.
pub fn missing_exit_step(goals: &[Goal]) -> usize {
    goals.iter().filter(|g| g.is_open() && !g.placements.iter().any(|p| p.timepoint == Timepoint::Exit)).count()
}

/// The open goals, closed as the case closes.
pub fn close_open(goals: Vec<Goal>, now: &str) -> Vec<Goal> {
    goals
        .into_iter()
        .filter(Goal::is_open)
        .map(|mut g| {
            g.close(now);
            g
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::shipped;

    fn trappan() -> &'static Instrument {
        shipped().iter().find(|i| i.id == INSTRUMENT).unwrap()
    }

    fn placing(timepoint: Timepoint, step: i32, now: &'static str) -> Placing<'static> {
        Placing { timepoint, step, rater: "AB", now }
    }

    fn goal() -> Goal {
        let code = ParticipantCode::from_random([1, 2, 3, 4, 5]);
        Goal::set("g1".into(), code, trappan(), "Gå till skolan varje måndag", placing(Timepoint::Intake, 1, "t1"), 0)
            .unwrap()
    }

    #[test]
    fn a_goal_is_set_on_a_step_and_moves_up_the_staircase() {
        let mut g = goal();
        assert_eq!(g.text(), "Gå till skolan varje måndag");
        assert_eq!(g.current_step(), Some(1));
        assert_eq!(g.movement(trappan()), None, "one placement is no movement");
        g.place(trappan(), placing(Timepoint::FollowUp, 3, "t2")).unwrap();
        g.place(trappan(), placing(Timepoint::FollowUp, 4, "t3")).unwrap();
        assert_eq!(g.movement(trappan()), Some(Change::Better(3)));
        assert_eq!(g.placements.iter().map(|p| p.step).collect::<Vec<_>>(), [1, 3, 4]);
    }

    #[test]
    fn rewording_keeps_the_history_and_closing_freezes_the_goal() {
        let mut g = goal();
        g.rephrase(trappan(), "Gå till skolan måndag och tisdag", "CD", "t2").unwrap();
        g.rephrase(trappan(), "Gå till skolan måndag och tisdag", "CD", "t3").unwrap();
        assert_eq!(g.wordings.len(), 2, "the same words again are no new wording");
        assert_eq!(g.wordings[1].rater, "CD");
        g.close("t4");
        assert!(!g.is_open());
        assert_eq!(g.place(trappan(), placing(Timepoint::Exit, 5, "t5")), Err(GoalProblem::Closed));
        assert_eq!(g.rephrase(trappan(), "x", "CD", "t5"), Err(GoalProblem::Closed));
    }

    #[test]
    fn a_case_closes_only_with_every_open_goal_placed_at_exit() {
        let mut g = goal();
        let done = {
            let mut d = goal();
            d.close("t");
            d
        };
        assert_eq!(missing_exit_step(&[g.clone(), done.clone()]), 1, "a closed goal does not hold closing back");
        g.place(trappan(), placing(Timepoint::Exit, 4, "t2")).unwrap();
        assert_eq!(missing_exit_step(&[g.clone(), done.clone()]), 0);
        let closed = close_open(vec![g, done], "t3");
        assert_eq!(closed.len(), 1, "only open goals are written again");
        assert_eq!(closed[0].closed_at.as_deref(), Some("t3"));
    }

    #[test]
    fn bad_input_is_refused() {
        let code = ParticipantCode::from_random([1, 2, 3, 4, 5]);
        let set = |text: &str, step: i32, open: usize| {
            Goal::set("g".into(), code.clone(), trappan(), text, placing(Timepoint::Intake, step, "t"), open)
        };
        assert_eq!(set("Mål", 1, MAX_OPEN), Err(GoalProblem::TooManyOpen));
        assert_eq!(set("  ", 1, 0), Err(GoalProblem::Text(FreeTextProblem::Empty)));
        assert_eq!(set("Mål", 6, 0), Err(GoalProblem::NotAStep));
        assert_eq!(set("Ring 0701234567", 1, 0), Err(GoalProblem::Text(FreeTextProblem::LooksLikeIdentityNumber)));
        let mut g = goal();
        let nobody = Placing { timepoint: Timepoint::Exit, step: 2, rater: " ", now: "t" };
        assert_eq!(g.place(trappan(), nobody), Err(GoalProblem::Rater(FreeTextProblem::Empty)));
    }
}
