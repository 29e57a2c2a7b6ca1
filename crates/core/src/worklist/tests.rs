//! The worklist over a moving clock: each task comes due on its day, and
//! goes once it is done or the participant is recorded as not reached.

use super::*;
use crate::goal::Placing;
use crate::instrument::plan;
use crate::instrument::shipped;
use crate::testing;

const SCHEDULE: Schedule = Schedule { follow_up_weeks: 8, after_exit_months: 6 };

fn participant(code: u8) -> Participant {
    testing::participant([code, 2, 3, 4, 5])
}

fn record(p: &Participant, id: &str, timepoint: Timepoint, day: &str) -> Response {
    testing::response(p, id, timepoint, &format!("{day}T09:05:00.000Z"), &[])
}

fn goal(p: &Participant, day: &str) -> Goal {
    let inst = shipped().iter().find(|i| i.id == goal::INSTRUMENT).unwrap();
    let now = format!("{day}T10:00:00.000Z");
    Goal::set(format!("goal-{day}"), p.id.clone(), inst, "Komma i tid", Placing { timepoint: Timepoint::Intake, step: 1, rater: "AB", now: &now }, 0)
        .unwrap()
}

fn place(g: &mut Goal, timepoint: Timepoint, day: &str) {
    let inst = shipped().iter().find(|i| i.id == goal::INSTRUMENT).unwrap();
    let now = format!("{day}T10:00:00.000Z");
    g.place(inst, Placing { timepoint, step: 2, rater: "AB", now: &now }).unwrap();
}

struct Device {
    participants: Vec<Participant>,
    responses: Vec<Response>,
    goals: Vec<Goal>,
    unsent: usize,
    oldest_unsent: Option<String>,
}

impl Device {
    fn tasks(&self, today: &str) -> Vec<(Kind, String, Vec<String>)> {
        self.list(today).into_iter().map(|t| (t.kind, t.since, t.missing)).collect()
    }

    fn list(&self, today: &str) -> Vec<Task> {
        let records = DeviceRecords {
            participants: &self.participants,
            surveys: &[],
            responses: &self.responses,
            goals: &self.goals,
            unsent: self.unsent,
            oldest_unsent: self.oldest_unsent.as_deref(),
            send_within_days: 7,
        };
        worklist(&records, plan::shipped(), shipped(), SCHEDULE, today)
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The whole intake of a KAA participant, on `day`.
fn intake(p: &Participant, day: &str) -> (Vec<Response>, Goal) {
    let responses = ["bakgrund", "kaa-steg", "maende", "personal-beteende", "utfall"]
        .iter()
        .map(|id| record(p, id, Timepoint::Intake, day))
        .collect();
    (responses, goal(p, day))
}

#[test]
fn a_case_moves_through_intake_follow_ups_exit_and_six_months() {
    let mut p = participant(1);
    let mut d = Device { participants: vec![p.clone()], responses: vec![], goals: vec![], unsent: 0, oldest_unsent: None };

    // Enrolled: the whole intake is due from that day.
    assert_eq!(
        d.tasks("2026-01-10"),
        [(Kind::Intake, "2026-01-10".into(), ids(&["bakgrund", "kaa-steg", "maende", "personal-beteende", "mal-trappan", "utfall"]))]
    );
    assert_eq!(d.list("2026-01-09"), [], "nothing is due before the enrolment");

    let (responses, mut g) = intake(&p, "2026-01-12");
    d.responses = responses;
    d.goals = vec![g.clone()];
    assert_eq!(d.tasks("2026-01-12"), []);

    // Eight weeks after the enrolment, a follow-up is due; not a day before.
    assert_eq!(d.tasks("2026-03-06"), []);
    let due = d.list("2026-03-07");
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].kind, due[0].since.as_str()), (Kind::FollowUp, "2026-03-07"));
    assert_eq!(due[0].missing, ids(&["personal-beteende", "mal-trappan"]));
    assert_eq!(due[0].open, Route::ParticipantCase(p.id.as_str().into()));

    // Rated at the follow-up, goal not placed: the goal is what is left.
    d.responses.push(record(&p, "personal-beteende", Timepoint::FollowUp, "2026-03-10"));
    let left = d.list("2026-03-10");
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].kind, left[0].since.as_str()), (Kind::GoalsNotPlaced, "2026-03-10"));
    assert_eq!(left[0].missing, [g.id.clone()]);
    assert_eq!(left[0].open, Route::Goals(p.id.as_str().into()));

    // Placed three days later: the same round, done.
    place(&mut g, Timepoint::FollowUp, "2026-03-13");
    d.goals = vec![g.clone()];
    assert_eq!(d.tasks("2026-03-13"), []);
    // The next follow-up counts from the last one.
    assert_eq!(d.tasks("2026-05-07"), []);
    assert_eq!(d.tasks("2026-05-08")[0].0, Kind::FollowUp);

    // Closed on 1 June with the outcome, goals placed at exit; the exit
    // survey and rating are still missing and stay until done.
    place(&mut g, Timepoint::Exit, "2026-06-01");
    g.close("2026-06-01T10:00:00.000Z");
    d.goals = vec![g.clone()];
    d.responses.push(record(&p, "utfall", Timepoint::Exit, "2026-06-01"));
    p.closed_on = Some("2026-06-01".into());
    d.participants = vec![p.clone()];
    let exit = d.list("2026-06-01");
    assert_eq!(exit.len(), 1, "a closed case has no follow-up: {exit:?}");
    assert_eq!((exit[0].kind, exit[0].since.as_str()), (Kind::Exit, "2026-06-01"));
    assert_eq!(exit[0].missing, ids(&["kaa-steg", "maende", "personal-beteende"]));
    assert_eq!(exit[0].open, Route::ParticipantCase(p.id.as_str().into()));
    assert_eq!(d.tasks("2026-09-01").len(), 1, "still there months later");

    // The staff rating done: only the participant's survey is left.
    d.responses.push(record(&p, "personal-beteende", Timepoint::Exit, "2026-06-02"));
    assert_eq!(d.tasks("2026-06-02")[0].2, ids(&["kaa-steg", "maende"]));

    // Never reached for the exit survey: recorded, and off the list.
    p.mark_unreached(Timepoint::Exit, "2026-06-20");
    d.participants = vec![p.clone()];
    assert_eq!(d.tasks("2026-06-20"), []);

    // Six months after the exit, the outcome is asked again, on its own screen.
    assert_eq!(d.tasks("2026-11-30"), []);
    let after = d.list("2026-12-01");
    assert_eq!(after.len(), 1);
    assert_eq!((after[0].kind, after[0].since.as_str()), (Kind::After6Months, "2026-12-01"));
    assert_eq!(
        after[0].open,
        Route::Rating { code: p.id.as_str().into(), instrument: "utfall".into(), timepoint: "after-6-months".into() }
    );
    d.responses.push(record(&p, "utfall", Timepoint::After6Months, "2026-12-03"));
    assert_eq!(d.tasks("2026-12-03"), []);
}

#[test]
fn an_unreached_six_month_outcome_leaves_the_list_too() {
    let mut p = participant(2);
    p.closed_on = Some("2026-08-31".into());
    let mut d = Device { participants: vec![p.clone()], responses: vec![], goals: vec![], unsent: 0, oldest_unsent: None };
    d.responses = ["kaa-steg", "maende", "personal-beteende", "utfall"]
        .iter()
        .map(|id| record(&p, id, Timepoint::Exit, "2026-08-31"))
        .collect();
    // 31 August + 6 months is the last day of February.
    assert_eq!(d.tasks("2027-02-27"), []);
    assert_eq!(d.tasks("2027-02-28")[0].0, Kind::After6Months);
    p.mark_unreached(Timepoint::After6Months, "2027-03-02");
    p.mark_unreached(Timepoint::After6Months, "2027-03-03");
    assert_eq!(p.unreachable.len(), 1, "recorded once");
    d.participants = vec![p];
    assert_eq!(d.tasks("2027-03-03"), []);
}

#[test]
fn the_longest_overdue_comes_first_and_unsent_answers_wait_their_days() {
    let early = participant(3);
    let mut late = participant(4);
    late.enrolled_on = "2026-02-01".into();
    let d = Device {
        participants: vec![late.clone(), early.clone()],
        responses: vec![],
        goals: vec![],
        unsent: 12,
        oldest_unsent: Some("2026-01-20".into()),
    };
    let list = d.list("2026-02-01");
    let order: Vec<(Kind, Option<&str>)> = list.iter().map(|t| (t.kind, t.participant.as_ref().map(|c| c.as_str()))).collect();
    assert_eq!(
        order,
        [(Kind::Intake, Some(early.id.as_str())), (Kind::NotSent, None), (Kind::Intake, Some(late.id.as_str()))]
    );
    let sent = &list[1];
    assert_eq!((sent.since.as_str(), sent.count, &sent.open), ("2026-01-27", 12, &Route::Export));
    assert_eq!(d.list("2026-01-26").iter().filter(|t| t.kind == Kind::NotSent).count(), 0, "not before its days");
}

#[test]
fn one_missing_staff_instrument_opens_its_own_screen() {
    let p = participant(5);
    let (mut responses, g) = intake(&p, "2026-01-10");
    responses.retain(|r| r.instrument.id != "personal-beteende");
    let d = Device { participants: vec![p.clone()], responses, goals: vec![g], unsent: 0, oldest_unsent: None };
    let list = d.list("2026-01-11");
    assert_eq!(
        list[0].open,
        Route::Rating { code: p.id.as_str().into(), instrument: "personal-beteende".into(), timepoint: "intake".into() }
    );
}
