//! What staff should do next on this device ("Att göra"): intakes not done,
//! follow-ups due, exits and six-month outcomes missing, goals not placed at
//! the last follow-up, answers not yet sent. Worked out from the records and
//! today's date, so a test moves the clock and sees each item come and go.

use super::case::{self, CaseRecords, Status};
use super::date;
use super::deployment::Deployment;
use super::goal::{self, Goal};
use super::instrument::plan::Plan;
use super::instrument::{Instrument, Respondent, Timepoint};
use super::participant::Participant;
use super::participant_code::ParticipantCode;
use super::response::Response;
use super::route::Route;
use super::survey::Survey;

/// Records of one follow-up are made within this many days of each other:
/// a goal placed this long before the latest follow-up record counts as
/// placed at that follow-up.
pub const FOLLOW_UP_ROUND_DAYS: i64 = 14;

/// When follow-ups and the six-month outcome come due (from
/// `content/deployment.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub follow_up_weeks: u32,
    pub after_exit_months: u32,
}

impl Schedule {
    pub fn of(deployment: &Deployment) -> Schedule {
        Schedule { follow_up_weeks: deployment.follow_up_weeks, after_exit_months: deployment.after_exit_months }
    }

    /// The next follow-up after one made on `last` (or an enrolment then).
    pub fn follow_up_after(&self, last: &str) -> Option<String> {
        date::add_days(last, i64::from(self.follow_up_weeks) * 7)
    }

    /// The day the outcome is asked again after a case closed on `closed_on`.
    pub fn after_exit(&self, closed_on: &str) -> Option<String> {
        date::add_months(closed_on, self.after_exit_months)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Part of the intake is not done.
    Intake,
    /// A follow-up is due: the last one (or the enrolment) was a whole
    /// interval ago.
    FollowUp,
    /// Open goals were not placed at the latest follow-up.
    GoalsNotPlaced,
    /// The case is closed without the participant's exit survey or the
    /// staff's exit rating.
    Exit,
    /// Six months (as set) after the exit, the outcome is not recorded.
    After6Months,
    /// Answers on this device not sent for the days staff chose.
    NotSent,
}

impl Kind {
    /// Exit and six-month items end when staff record they could not reach
    /// the participant; that is then counted, not hidden.
    pub fn may_be_unreached(self) -> Option<Timepoint> {
        match self {
            Kind::Exit => Some(Timepoint::Exit),
            Kind::After6Months => Some(Timepoint::After6Months),
            _ => None,
        }
    }
}

/// One row of the worklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub kind: Kind,
    /// `None` for the device's own tasks (sending).
    pub participant: Option<ParticipantCode>,
    /// The day it came due (YYYY-MM-DD).
    pub since: String,
    /// The instruments still missing (ids), in the plan's order; for goals,
    /// one entry per goal not placed; for sending, empty.
    pub missing: Vec<String>,
    /// For sending: how many answers.
    pub count: usize,
    /// The screen that does it.
    pub open: Route,
}

/// Everything on the device the worklist looks at.
pub struct DeviceRecords<'r> {
    pub participants: &'r [Participant],
    pub surveys: &'r [Survey],
    /// Participants' own responses and staff ratings together.
    pub responses: &'r [Response],
    pub goals: &'r [Goal],
    /// Answers not yet in any export, and the day of the oldest.
    pub unsent: usize,
    pub oldest_unsent: Option<&'r str>,
    /// Days unsent answers may wait (the staff's own setting).
    pub send_within_days: u32,
}

/// The worklist: the longest overdue first.
pub fn worklist(
    device: &DeviceRecords,
    plan: &Plan,
    instruments: &[Instrument],
    schedule: Schedule,
    today: &str,
) -> Vec<Task> {
    let mut out = Vec::new();
    for p in device.participants {
        out.extend(participant_tasks(p, device, plan, instruments, schedule, today));
    }
    if device.unsent > 0 {
        if let Some(since) = device.oldest_unsent.and_then(|d| date::add_days(d, i64::from(device.send_within_days))) {
            if since.as_str() <= today {
                out.push(Task {
                    kind: Kind::NotSent,
                    participant: None,
                    since,
                    missing: Vec::new(),
                    count: device.unsent,
                    open: Route::Export,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.since, a.kind, &a.participant).cmp(&(&b.since, b.kind, &b.participant)));
    out
}

/// One participant's tasks due today.
pub fn participant_tasks(
    p: &Participant,
    device: &DeviceRecords,
    plan: &Plan,
    instruments: &[Instrument],
    schedule: Schedule,
    today: &str,
) -> Vec<Task> {
    let mine = |code: &ParticipantCode| code == &p.id;
    let responses: Vec<Response> = device.responses.iter().filter(|r| mine(&r.participant)).cloned().collect();
    let goals: Vec<Goal> = device.goals.iter().filter(|g| mine(&g.participant)).cloned().collect();
    let surveys: Vec<Survey> = device.surveys.iter().filter(|s| mine(&s.participant)).cloned().collect();
    let records = CaseRecords { surveys: &surveys, responses: &responses, goals: &goals };
    let steps = case::timeline(p, plan, instruments, &records);
    let not_done = |t: Timepoint, leave_out: &[&str]| -> Vec<&Instrument> {
        steps
            .iter()
            .filter(|s| s.timepoint == t)
            .flat_map(|s| &s.instruments)
            .filter(|i| i.required && i.status != Status::Done && !leave_out.contains(&i.instrument.id.as_str()))
            .map(|i| i.instrument)
            .collect()
    };
    let task = |kind, since: &str, timepoint, missing: Vec<&Instrument>| Task {
        kind,
        participant: Some(p.id.clone()),
        since: since.to_string(),
        open: screen_for(&p.id, timepoint, &missing),
        missing: missing.iter().map(|i| i.id.clone()).collect(),
        count: 0,
    };
    let mut out = Vec::new();
    match &p.closed_on {
        None => {
            let intake = not_done(Timepoint::Intake, &[]);
            if !intake.is_empty() && p.enrolled_on.as_str() <= today {
                out.push(task(Kind::Intake, &p.enrolled_on, Timepoint::Intake, intake));
            }
            let last = last_follow_up(&responses, &goals);
            let anchor = last.clone().unwrap_or_else(|| p.enrolled_on.clone());
            let due = schedule.follow_up_after(&anchor);
            if let Some(due) = due.filter(|d| d.as_str() <= today) {
                let all = plan.required(p.track, Timepoint::FollowUp);
                let planned: Vec<&Instrument> =
                    all.iter().filter_map(|id| instruments.iter().find(|i| &i.id == id)).collect();
                out.push(task(Kind::FollowUp, &due, Timepoint::FollowUp, planned));
            } else if let Some(last) = last {
                let unplaced = goals_not_placed(&goals, &last);
                if !unplaced.is_empty() {
                    out.push(Task {
                        kind: Kind::GoalsNotPlaced,
                        participant: Some(p.id.clone()),
                        since: last,
                        missing: unplaced,
                        count: 0,
                        open: Route::Goals(p.id.as_str().to_string()),
                    });
                }
            }
        }
        Some(closed_on) => {
            // The outcome is recorded when the case is closed, and goals
            // must be placed before it; the rest of the exit may be missing.
            let exit = not_done(Timepoint::Exit, &["utfall", goal::INSTRUMENT]);
            if !exit.is_empty() && !p.unreached(Timepoint::Exit) {
                out.push(task(Kind::Exit, closed_on, Timepoint::Exit, exit));
            }
            let after = not_done(Timepoint::After6Months, &[]);
            if let Some(due) = schedule.after_exit(closed_on).filter(|d| d.as_str() <= today) {
                if !after.is_empty() && !p.unreached(Timepoint::After6Months) {
                    out.push(task(Kind::After6Months, &due, Timepoint::After6Months, after));
                }
            }
        }
    }
    out
}

/// The day of the participant's latest follow-up record, if any.
fn last_follow_up(responses: &[Response], goals: &[Goal]) -> Option<String> {
    let rated = responses.iter().filter(|r| r.timepoint == Timepoint::FollowUp).filter_map(|r| date::day(&r.completed_at));
    let placed = goals
        .iter()
        .flat_map(|g| &g.placements)
        .filter(|p| p.timepoint == Timepoint::FollowUp)
        .filter_map(|p| date::day(&p.at));
    rated.chain(placed).max().map(str::to_string)
}

/// Open goals, set before the follow-up round that ended on `last`, without
/// a step placed in that round.
fn goals_not_placed(goals: &[Goal], last: &str) -> Vec<String> {
    let in_round = |at: &str| date::days_between(at, last).is_some_and(|d| d <= FOLLOW_UP_ROUND_DAYS);
    goals
        .iter()
        .filter(|g| g.is_open())
        .filter(|g| g.wordings.first().is_some_and(|w| !in_round(&w.at)))
        .filter(|g| !g.placements.iter().any(|p| p.timepoint == Timepoint::FollowUp && in_round(&p.at)))
        .map(|g| g.id.clone())
        .collect()
}

/// One staff instrument missing: its own screen. Anything else (the
/// participant's survey, several parts): the case, which offers them all.
fn screen_for(code: &ParticipantCode, timepoint: Timepoint, missing: &[&Instrument]) -> Route {
    let code = code.as_str().to_string();
    match missing {
        [one] if one.id == goal::INSTRUMENT => Route::Goals(code),
        [one] if one.respondent == Respondent::Staff => {
            Route::Rating { code, instrument: one.id.clone(), timepoint: timepoint.id().to_string() }
        }
        _ => Route::ParticipantCase(code),
    }
}

#[cfg(test)]
mod tests;
