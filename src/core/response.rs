//! What a participant's answers become once submitted: one response per
//! instrument, bound to the exact instrument version it was answered on.

use serde::{Deserialize, Serialize};

use super::instrument::plan::Track;
use super::instrument::{Instrument, Timepoint};
use super::language::Language;
use super::participant_code::ParticipantCode;

/// The exact instrument an answer was given on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentRef {
    pub id: String,
    pub version: u32,
    pub hash: String,
}

impl From<&Instrument> for InstrumentRef {
    fn from(i: &Instrument) -> Self {
        InstrumentRef { id: i.id.clone(), version: i.version, hash: i.hash.clone() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AnswerValue {
    /// A point of the item's scale, by value.
    Point { value: i32 },
    /// "ej relevant", "vet ej" and the like: kept, never counted as a step.
    Special { id: String },
    /// The participant chose not to answer.
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub item: String,
    pub value: AnswerValue,
    /// The language the question was shown in when this answer was given.
    pub language: Language,
    pub answered_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub id: String,
    pub participant: ParticipantCode,
    pub track: Track,
    pub timepoint: Timepoint,
    pub instrument: InstrumentRef,
    pub answers: Vec<Answer>,
    /// The language shown when the participant submitted.
    pub language: Language,
    pub started_at: String,
    pub completed_at: String,
    /// The id of the device the answers were given on.
    pub device: String,
}
