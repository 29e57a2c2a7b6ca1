//! Answer coverage: at each timepoint, of the participants it has come due
//! for, how many have answers, how many staff could not reach, and how many
//! are simply missing, for everyone and split by gender and track under the
//! small-cell rules. The staff roster and the evaluator's results show the
//! same table, so the gap is seen before the report.
//!
//! A timepoint is due for a participant: the intake from enrolment; the
//! follow-up once a whole interval passed while the case was open; the exit
//! once the case is closed; the six-month outcome the set months after it.
//! "Answers" are the participant's own at intake and exit, and any record
//! (rating, goal step, outcome) at a follow-up and six months after.
//! Anyone with answers or marked not reached counts as due.

use super::items::add_group_sums;
use super::suppression::{Grid, Shown};
use super::{groups, Dataset, Group, Person};
use crate::instrument::Timepoint;
use crate::worklist::Schedule;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub answered: usize,
    /// Marked "kunde inte nås" by staff, without answers.
    pub unreached: usize,
    pub missing: usize,
}

impl Counts {
    /// Everyone the timepoint has come due for.
    pub fn due(&self) -> usize {
        self.answered + self.unreached + self.missing
    }
}

/// The columns of one timepoint in [`Coverage::shown`].
pub mod column {
    pub const ANSWERED: usize = 0;
    pub const UNREACHED: usize = 1;
    pub const MISSING: usize = 2;
    pub const DUE: usize = 3;
    pub const PER_TIMEPOINT: usize = 4;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Per group, the counts at each timepoint in [`Timepoint::ALL`] order.
    pub rows: Vec<(Group, [Counts; 4])>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    NotDue,
    Answered,
    Unreached,
    Missing,
}

/// Per participant code, the timepoints with a participant's own answers
/// and those with any record: one pass over the records.
struct Answered<'d> {
    own: std::collections::BTreeSet<(&'d str, Timepoint)>,
    any: std::collections::BTreeSet<(&'d str, Timepoint)>,
}

impl<'d> Answered<'d> {
    fn of(data: &'d Dataset) -> Answered<'d> {
        let mut own = std::collections::BTreeSet::new();
        let mut any = std::collections::BTreeSet::new();
        for r in &data.responses {
            any.insert((r.participant.as_str(), r.timepoint));
            if r.rater.is_none() {
                own.insert((r.participant.as_str(), r.timepoint));
            }
        }
        for g in &data.goals {
            for p in &g.placements {
                any.insert((g.participant.as_str(), p.timepoint));
            }
        }
        Answered { own, any }
    }
}

fn state(answered: &Answered, person: &Person, t: Timepoint, schedule: Schedule, today: &str) -> State {
    // At intake and exit the participant's own answers count; at a
    // follow-up and after six months, any record.
    let key = (person.code.as_str(), t);
    let answered = match t {
        Timepoint::Intake | Timepoint::Exit => answered.own.contains(&key),
        Timepoint::FollowUp | Timepoint::After6Months => answered.any.contains(&key),
    };
    if answered {
        return State::Answered;
    }
    if person.unreachable.contains(&t) {
        return State::Unreached;
    }
    let closed = person.closed_on.as_deref();
    let due = match t {
        Timepoint::Intake => true,
        Timepoint::FollowUp => {
            let until = closed.map_or(today, |c| c.min(today));
            person.start.as_deref().and_then(|s| schedule.follow_up_after(s)).is_some_and(|d| d.as_str() <= until)
        }
        Timepoint::Exit => closed.is_some(),
        Timepoint::After6Months => {
            closed.and_then(|c| schedule.after_exit(c)).is_some_and(|d| d.as_str() <= today)
        }
    };
    if due {
        State::Missing
    } else {
        State::NotDue
    }
}

/// Coverage of everyone in `data` on `today`.
pub fn coverage(data: &Dataset, schedule: Schedule, today: &str) -> Coverage {
    let answered = Answered::of(data);
    let states: Vec<(&Person, [State; 4])> = data
        .people
        .iter()
        .map(|p| (p, Timepoint::ALL.map(|t| state(&answered, p, t, schedule, today))))
        .collect();
    let rows = groups(&data.people)
        .into_iter()
        .map(|g| {
            let mut counts = [Counts::default(); 4];
            for (_, s) in states.iter().filter(|(p, _)| g.contains(p)) {
                for (c, s) in counts.iter_mut().zip(s) {
                    match s {
                        State::Answered => c.answered += 1,
                        State::Unreached => c.unreached += 1,
                        State::Missing => c.missing += 1,
                        State::NotDue => {}
                    }
                }
            }
            (g, counts)
        })
        .collect();
    Coverage { rows }
}

impl Coverage {
    pub fn all(&self) -> &[Counts; 4] {
        &self.rows[0].1
    }

    /// Every row's counts as they may be shown: per timepoint the columns in
    /// [`column`]. Answered, unreached and missing add up to the due count;
    /// gender rows and track rows add up to the all-row.
    pub fn shown(&self) -> Vec<Vec<Shown>> {
        self.grid().shown()
    }

    /// The counts, row by row, with the sums published along them.
    fn grid(&self) -> Grid {
        use column::*;
        let rows: Vec<Vec<usize>> = self
            .rows
            .iter()
            .map(|(_, counts)| counts.iter().flat_map(|c| [c.answered, c.unreached, c.missing, c.due()]).collect())
            .collect();
        let mut grid = Grid::new(&rows);
        for t in 0..Timepoint::ALL.len() {
            let at = |c: usize| t * PER_TIMEPOINT + c;
            grid.row_sum(&[at(ANSWERED), at(UNREACHED), at(MISSING)], at(DUE));
        }
        add_group_sums(&mut grid, self.rows.iter().map(|(g, _)| *g));
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::GenderGroup;
    use crate::participant::{Gender, Participant};
    use crate::response::Response;
    use crate::testing;

    const SCHEDULE: Schedule = Schedule { follow_up_weeks: 8, after_exit_months: 6 };

    fn participant(n: u8, gender: Gender, closed_on: Option<&str>) -> Participant {
        Participant {
            gender: Some(gender),
            closed_on: closed_on.map(str::to_string),
            ..testing::participant([n, n, 3, 4, 5])
        }
    }

    fn record(p: &Participant, id: &str, timepoint: Timepoint, rater: Option<&str>) -> Response {
        Response { rater: rater.map(str::to_string), ..testing::response(p, id, timepoint, "2026-01-10T09:05:00.000Z", &[]) }
    }

    /// Ten girls and two boys: eight girls answered at intake, one did not,
    /// one only has a staff rating. Six girls are closed: three answered the
    /// exit survey, two were not reached, one is missing.
    fn dataset() -> Dataset {
        let mut participants = Vec::new();
        let mut responses = Vec::new();
        for n in 0..10u8 {
            let mut p = participant(n, Gender::Girl, (n < 6).then_some("2026-05-01"));
            if n < 8 {
                responses.push(record(&p, "maende", Timepoint::Intake, None));
            } else if n == 8 {
                responses.push(record(&p, "personal-beteende", Timepoint::Intake, Some("AB")));
            }
            match n {
                0..=2 => responses.push(record(&p, "maende", Timepoint::Exit, None)),
                3 | 4 => p.mark_unreached(Timepoint::Exit, "2026-05-20"),
                _ => {}
            }
            participants.push(p);
        }
        for n in 10..12u8 {
            let p = participant(n, Gender::Boy, None);
            responses.push(record(&p, "maende", Timepoint::Intake, None));
            participants.push(p);
        }
        Dataset::from_records(&participants, &responses, &[])
    }

    #[test]
    fn each_timepoint_counts_whom_it_came_due_for() {
        let c = coverage(&dataset(), SCHEDULE, "2026-02-01");
        let [intake, follow_up, exit, after] = *c.all();
        assert_eq!(intake, Counts { answered: 10, unreached: 0, missing: 2 }, "a staff rating is not the participant's answer");
        assert_eq!(follow_up.due(), 0, "eight weeks have not passed");
        assert_eq!(exit, Counts { answered: 3, unreached: 2, missing: 1 });
        assert_eq!(after.due(), 0);

        let c = coverage(&dataset(), SCHEDULE, "2026-11-01");
        let [_, follow_up, _, after] = *c.all();
        assert_eq!(follow_up, Counts { answered: 0, unreached: 0, missing: 12 }, "due on 7 March, closed cases too");
        assert_eq!(after, Counts { answered: 0, unreached: 0, missing: 6 }, "due on 1 November");
        let girls = &c.rows.iter().find(|(g, _)| *g == Group::Gender(GenderGroup::Girl)).unwrap().1;
        assert_eq!(girls[0], Counts { answered: 8, unreached: 0, missing: 2 });
    }

    #[test]
    fn small_counts_are_hidden_and_cannot_be_worked_out() {
        let c = coverage(&dataset(), SCHEDULE, "2026-02-01");
        let shown = c.shown();
        let boys = c.rows.iter().position(|(g, _)| *g == Group::Gender(GenderGroup::Boy)).unwrap();
        let girls = c.rows.iter().position(|(g, _)| *g == Group::Gender(GenderGroup::Girl)).unwrap();
        // Two boys answered at intake: hidden, and with them the empty
        // "other" and "not given" rows, so the 2 cannot be worked out.
        assert_eq!(shown[boys][column::ANSWERED], Shown::Hidden);
        assert_eq!(shown[girls][column::ANSWERED], Shown::Count(8));
        assert_eq!(shown[0][column::ANSWERED], Shown::Count(10));
        // No published sum has exactly one hidden member.
        let flat: Vec<&Shown> = shown.iter().flatten().collect();
        let grid = c.grid();
        for sum in &grid.sums {
            let hidden = sum.parts.iter().chain([&sum.total]).filter(|i| *flat[**i] == Shown::Hidden).count();
            assert_ne!(hidden, 1, "{sum:?}");
        }
        // The exit's 3 answered, 2 unreached and 1 missing are all under five.
        let exit = 2 * column::PER_TIMEPOINT;
        assert_eq!(shown[0][exit + column::ANSWERED], Shown::Hidden);
        assert_eq!(shown[0][exit + column::DUE], Shown::Count(6));
    }
}
