//! One participant's case in IndexedDB: their own responses, staff ratings
//! (the assessments store) and goals. Closing a case writes the exit outcome
//! and the closed participant in one transaction.

use super::storage::{Storage, StorageError, Store, Write};
use crate::core::goal::Goal;
use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::core::response::Response;
use crate::core::survey::Survey;

/// Everything stored about one participant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseData {
    pub participant: Option<Participant>,
    pub surveys: Vec<Survey>,
    /// The participant's responses and the staff's ratings together.
    pub responses: Vec<Response>,
    pub goals: Vec<Goal>,
}

pub async fn load(storage: &Storage, code: &ParticipantCode) -> Result<CaseData, StorageError> {
    let participant = storage.get::<Participant>(Store::Participants, code.as_str()).await?;
    let surveys = storage.all_readable::<Survey>(Store::Surveys).await?;
    let mut responses = storage.all_readable::<Response>(Store::Responses).await?;
    responses.extend(storage.all_readable::<Response>(Store::Assessments).await?);
    let mut goals = storage.all_readable::<Goal>(Store::Goals).await?;
    responses.retain(|r| &r.participant == code);
    responses.sort_by(|a, b| a.completed_at.cmp(&b.completed_at));
    goals.retain(|g| &g.participant == code);
    goals.sort_by(|a, b| a.wordings.first().map(|w| &w.at).cmp(&b.wordings.first().map(|w| &w.at)));
    Ok(CaseData {
        participant,
        surveys: surveys.into_iter().filter(|s| &s.participant == code).collect(),
        responses,
        goals,
    })
}

/// Stores a staff rating made with [`crate::core::assessment::rate`].
pub async fn save_rating(storage: &Storage, rating: &Response) -> Result<(), StorageError> {
    storage.put(Store::Assessments, rating).await
}

pub async fn save_goal(storage: &Storage, goal: &Goal) -> Result<(), StorageError> {
    storage.put(Store::Goals, goal).await
}

/// Stores the exit outcome, the participant marked closed and their goals
/// closed, all together: a failure leaves the case open as it was.
pub async fn close(
    storage: &Storage,
    participant: &Participant,
    outcome: &Response,
    goals: &[Goal],
) -> Result<(), StorageError> {
    let mut writes = vec![Write::put(Store::Assessments, outcome)?, Write::put(Store::Participants, participant)?];
    for goal in goals {
        writes.push(Write::put(Store::Goals, goal)?);
    }
    storage.commit(&writes).await
}
