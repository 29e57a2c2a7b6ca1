//! Records the core's unit tests build: a KAA participant enrolled on
//! 10 January 2026, and a response of theirs on a shipped instrument.

use crate::instrument::plan::Track;
use crate::instrument::{shipped, Respondent, Timepoint};
use crate::language::Language;
use crate::participant::{Consent, Participant};
use crate::participant_code::ParticipantCode;
use crate::response::{Answer, AnswerValue, InstrumentRef, Response};

/// An adult on the KAA track, enrolled and consenting on 2026-01-10, open.
pub fn participant(seed: [u8; 5]) -> Participant {
    Participant {
        id: ParticipantCode::from_random(seed),
        track: Track::Kaa,
        project_tag: String::new(),
        enrolled_on: "2026-01-10".into(),
        gender: None,
        age: Some(19),
        consent: Consent { participant_on: "2026-01-10".into(), guardian_on: None },
        closed_on: None,
        unreachable: Vec::new(),
    }
}

/// The participant's response (or, on a staff instrument, a rating by AB)
/// on `instrument` at `timepoint`, completed at `completed_at`, with these
/// point answers.
pub fn response(p: &Participant, instrument: &str, timepoint: Timepoint, completed_at: &str, answers: &[(&str, i32)]) -> Response {
    let inst = shipped().iter().find(|i| i.id == instrument).expect("a shipped instrument");
    Response {
        id: format!("{}-{instrument}-{}-{completed_at}", p.id.as_str(), timepoint.id()),
        participant: p.id.clone(),
        track: p.track,
        timepoint,
        instrument: InstrumentRef::from(inst),
        answers: answers
            .iter()
            .map(|(item, v)| Answer {
                item: item.to_string(),
                value: AnswerValue::Point { value: *v },
                language: Language::Sv,
                answered_at: completed_at.into(),
            })
            .collect(),
        language: Language::Sv,
        started_at: completed_at.into(),
        completed_at: completed_at.into(),
        device: "d".into(),
        rater: (inst.respondent == Respondent::Staff).then(|| "AB".to_string()),
    }
}
