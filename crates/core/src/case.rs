//! One participant's case as staff follow it: what the plan asks for at each
//! timepoint and how far each part has come, and the outcome at exit.

use super::goal::{self, Goal};
use super::instrument::plan::Plan;
use super::instrument::{Instrument, Respondent, Timepoint};
use super::participant::Participant;
use super::response::{AnswerValue, Response};
use super::survey::{Screen, Survey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedInstrument<'a> {
    pub instrument: &'a Instrument,
    pub required: bool,
    pub status: Status,
    /// Staff forms: who has rated at this timepoint, in order (a rater who
    /// rated twice appears twice). Goals: who placed them.
    pub raters: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineStep<'a> {
    pub timepoint: Timepoint,
    pub instruments: Vec<PlannedInstrument<'a>>,
}

impl TimelineStep<'_> {
    /// Every required part is done.
    pub fn complete(&self) -> bool {
        self.instruments.iter().filter(|i| i.required).all(|i| i.status == Status::Done)
    }
}

/// Everything one participant's case holds on this device.
pub struct CaseRecords<'r> {
    pub surveys: &'r [Survey],
    /// The participant's own responses and staff ratings.
    pub responses: &'r [Response],
    pub goals: &'r [Goal],
}

/// Intake, follow-up, exit and after six months, each with the status of
/// every instrument the participant's track plans there.
pub fn timeline<'a>(
    participant: &Participant,
    plan: &Plan,
    instruments: &'a [Instrument],
    records: &CaseRecords,
) -> Vec<TimelineStep<'a>> {
    let mine = |code| code == &participant.id;
    Timepoint::ALL
        .into_iter()
        .map(|timepoint| {
            let step = plan.step(participant.track, timepoint);
            let planned = step.required.iter().map(|id| (id, true)).chain(step.optional.iter().map(|id| (id, false)));
            let instruments = planned
                .filter_map(|(id, required)| instruments.iter().find(|i| &i.id == id).map(|i| (i, required)))
                .map(|(instrument, required)| {
                    let answered: Vec<&Response> = records
                        .responses
                        .iter()
                        .filter(|r| {
                            mine(&r.participant) && r.timepoint == timepoint && r.instrument.id == instrument.id
                        })
                        .collect();
                    let (status, raters) = if instrument.id == goal::INSTRUMENT {
                        let raters: Vec<String> = records
                            .goals
                            .iter()
                            .filter(|g| mine(&g.participant))
                            .flat_map(|g| g.placements.iter().filter(|p| p.timepoint == timepoint))
                            .map(|p| p.rater.clone())
                            .collect();
                        (if raters.is_empty() { Status::NotStarted } else { Status::Done }, raters)
                    } else if instrument.respondent == Respondent::Staff {
                        let raters: Vec<String> = answered.iter().filter_map(|r| r.rater.clone()).collect();
                        (if answered.is_empty() { Status::NotStarted } else { Status::Done }, raters)
                    } else if !answered.is_empty() {
                        (Status::Done, Vec::new())
                    } else if records.surveys.iter().any(|s| {
                        mine(&s.participant)
                            && s.timepoint == timepoint
                            && s.screen != Screen::Done
                            && s.instruments.iter().any(|i| i.id == instrument.id)
                    }) {
                        (Status::InProgress, Vec::new())
                    } else {
                        (Status::NotStarted, Vec::new())
                    };
                    PlannedInstrument { instrument, required, status, raters }
                })
                .collect();
            TimelineStep { timepoint, instruments }
        })
        .collect()
}

/// The tag on utfall's answers that counts as "i studier eller arbete".
pub const STUDIES_OR_WORK: &str = "studier-eller-arbete";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome<'a> {
    pub timepoint: Timepoint,
    /// The main activity as recorded.
    pub activity: &'a str,
    pub in_studies_or_work: bool,
}

/// The latest recorded main activity (at exit or six months after), and
/// whether it counts as studies or work.
pub fn outcome<'a>(responses: &[Response], instruments: &'a [Instrument]) -> Option<Outcome<'a>> {
    let utfall = instruments.iter().find(|i| i.id == "utfall")?;
    let item = utfall.items.iter().find(|i| i.id == "huvudsaklig-aktivitet")?;
    let scale = utfall.scale_of(item)?;
    let latest = responses
        .iter()
        .filter(|r| r.instrument.id == utfall.id)
        .filter_map(|r| {
            r.answers.iter().find(|a| a.item == item.id).and_then(|a| match a.value {
                AnswerValue::Point { value } => Some((r.timepoint, r.completed_at.as_str(), value)),
                _ => None,
            })
        })
        .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)))?;
    let point = scale.points.iter().find(|p| p.value == latest.2)?;
    Some(Outcome {
        timepoint: latest.0,
        activity: point.label.swedish(),
        in_studies_or_work: point.tags.iter().any(|t| t == STUDIES_OR_WORK),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::Placing;
    use crate::instrument::plan::{self, Track};
    use crate::instrument::shipped;
    use crate::participant_code::ParticipantCode;
    use crate::survey::SurveyStart;
    use crate::testing;

    fn inst(id: &str) -> &'static Instrument {
        shipped().iter().find(|i| i.id == id).unwrap()
    }

    fn participant(track: Track) -> Participant {
        Participant { track, ..testing::participant([1, 2, 3, 4, 5]) }
    }

    fn rating(
        p: &Participant,
        id: &str,
        timepoint: Timepoint,
        rater: Option<&str>,
        answers: &[(&str, i32)],
    ) -> Response {
        let completed = format!("2026-0{}", timepoint as u8 + 1);
        Response { rater: rater.map(str::to_string), ..testing::response(p, id, timepoint, &completed, answers) }
    }

    fn status_at<'a>(steps: &'a [TimelineStep], t: Timepoint) -> Vec<(&'a str, Status, Vec<String>)> {
        steps
            .iter()
            .find(|s| s.timepoint == t)
            .unwrap()
            .instruments
            .iter()
            .map(|i| (i.instrument.id.as_str(), i.status, i.raters.clone()))
            .collect()
    }

    #[test]
    fn the_timeline_follows_the_plan_and_what_has_been_done() {
        let p = participant(Track::Kaa);
        let other = ParticipantCode::from_random([5, 4, 3, 2, 1]);
        let mut someone_else = rating(&p, "maende", Timepoint::Intake, None, &[("oro", 2)]);
        someone_else.participant = other;
        let responses = vec![
            rating(&p, "personal-beteende", Timepoint::Intake, Some("AB"), &[("soker", 2)]),
            rating(&p, "personal-beteende", Timepoint::Intake, Some("CD"), &[("soker", 3)]),
            rating(&p, "bakgrund", Timepoint::Intake, None, &[]),
            someone_else,
        ];
        let survey = Survey::start(
            SurveyStart {
                id: "s".into(),
                participant: p.id.clone(),
                track: p.track,
                timepoint: Timepoint::Exit,
                kiosk: true,
                device: "d".into(),
                now: "t".into(),
            },
            &plan::shipped().participant_instruments(shipped(), p.track, Timepoint::Exit),
        );
        let mut goal = Goal::set(
            "g".into(),
            p.id.clone(),
            inst(goal::INSTRUMENT),
            "Mål",
            Placing { timepoint: Timepoint::Intake, step: 1, rater: "AB", now: "t" },
            0,
        )
        .unwrap();
        goal.place(inst(goal::INSTRUMENT), Placing { timepoint: Timepoint::FollowUp, step: 2, rater: "EF", now: "t2" })
            .unwrap();
        let surveys = [survey];
        let goals = [goal];
        let records = CaseRecords { surveys: &surveys, responses: &responses, goals: &goals };
        let steps = timeline(&p, plan::shipped(), shipped(), &records);
        assert_eq!(steps.len(), 4);
        use Status::*;
        assert_eq!(
            status_at(&steps, Timepoint::Intake),
            [
                ("bakgrund", Done, vec![]),
                ("kaa-steg", NotStarted, vec![]),
                ("maende", NotStarted, vec![]),
                ("personal-beteende", Done, vec!["AB".to_string(), "CD".to_string()]),
                ("mal-trappan", Done, vec!["AB".to_string()]),
                ("utfall", NotStarted, vec![]),
            ]
        );
        assert_eq!(
            status_at(&steps, Timepoint::FollowUp),
            [("personal-beteende", NotStarted, vec![]), ("mal-trappan", Done, vec!["EF".to_string()])]
        );
        let exit = status_at(&steps, Timepoint::Exit);
        assert_eq!(exit[0], ("kaa-steg", InProgress, vec![]));
        assert_eq!(exit[1], ("maende", InProgress, vec![]));
        assert!(!steps[0].complete());
    }

    #[test]
    fn optional_instruments_are_listed_but_do_not_hold_a_timepoint_back() {
        let p = participant(Track::Grundskola);
        let steps = timeline(&p, plan::shipped(), shipped(), &CaseRecords { surveys: &[], responses: &[], goals: &[] });
        let follow_up = &steps[1];
        let narvaro = follow_up.instruments.iter().find(|i| i.instrument.id == "narvarotrappan").unwrap();
        assert!(!narvaro.required);
        assert!(!follow_up.complete());
    }

    #[test]
    fn studies_or_work_comes_from_the_latest_main_activity() {
        let p = participant(Track::Kaa);
        assert_eq!(outcome(&[], shipped()), None);
        let exit = rating(&p, "utfall", Timepoint::Exit, Some("AB"), &[("huvudsaklig-aktivitet", 3)]);
        let o = outcome(std::slice::from_ref(&exit), shipped()).unwrap();
        assert_eq!((o.activity, o.in_studies_or_work), ("Praktik eller arbetsträning", false));
        let later = rating(&p, "utfall", Timepoint::After6Months, Some("AB"), &[("huvudsaklig-aktivitet", 2)]);
        let o = outcome(&[later, exit], shipped()).unwrap();
        assert_eq!((o.timepoint, o.activity, o.in_studies_or_work), (Timepoint::After6Months, "Arbetar", true));
    }
}
