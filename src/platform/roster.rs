//! The roster of participants on this device.

use super::random;
use super::storage::{Storage, StorageError, Store};
use crate::core::case::Status as SurveyStatus;
use crate::core::instrument::Timepoint;
use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::core::survey::{Screen, Survey};

/// A new participant code, unlike every code already on the roster.
pub async fn new_code(storage: &Storage) -> Result<ParticipantCode, StorageError> {
    let taken: Vec<Participant> = storage.all_readable(Store::Participants).await?;
    loop {
        let code = ParticipantCode::from_random(random::bytes::<5>());
        if !taken.iter().any(|p| p.id == code) {
            return Ok(code);
        }
    }
}

/// Stores a participant the core has checked.
pub async fn enrol(storage: &Storage, participant: &Participant) -> Result<(), StorageError> {
    storage.put(Store::Participants, participant).await
}

/// Everyone on the roster, latest enrolment first.
pub async fn all(storage: &Storage) -> Result<Vec<Participant>, StorageError> {
    let mut list: Vec<Participant> = storage.all_readable(Store::Participants).await?;
    list.sort_by(|a, b| b.enrolled_on.cmp(&a.enrolled_on).then(a.id.cmp(&b.id)));
    Ok(list)
}

/// Where each participant's own survey stands at a timepoint.
pub async fn survey_status(
    storage: &Storage,
    timepoint: Timepoint,
) -> Result<Vec<(ParticipantCode, SurveyStatus)>, StorageError> {
    let surveys: Vec<Survey> = storage.all_readable(Store::Surveys).await?;
    let mut out: Vec<(ParticipantCode, SurveyStatus)> = Vec::new();
    for s in surveys.into_iter().filter(|s| s.timepoint == timepoint) {
        let status = if s.screen == Screen::Done { SurveyStatus::Done } else { SurveyStatus::InProgress };
        match out.iter_mut().find(|(c, _)| *c == s.participant) {
            Some(entry) if status == SurveyStatus::Done => entry.1 = status,
            Some(_) => {}
            None => out.push((s.participant, status)),
        }
    }
    Ok(out)
}
