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

/// Every case on this device: the worklist and the roster's coverage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllCases {
    pub participants: Vec<Participant>,
    pub surveys: Vec<Survey>,
    /// Participants' responses and the staff's ratings together.
    pub responses: Vec<Response>,
    pub goals: Vec<Goal>,
}

pub async fn all(storage: &Storage) -> Result<AllCases, StorageError> {
    let mut responses = storage.all_readable::<Response>(Store::Responses).await?;
    responses.extend(storage.all_readable::<Response>(Store::Assessments).await?);
    Ok(AllCases {
        participants: storage.all_readable::<Participant>(Store::Participants).await?,
        surveys: storage.all_readable::<Survey>(Store::Surveys).await?,
        responses,
        goals: storage.all_readable::<Goal>(Store::Goals).await?,
    })
}

pub async fn load(storage: &Storage, code: &ParticipantCode) -> Result<CaseData, StorageError> {
    let all = all(storage).await?;
    let mut responses = all.responses;
    let mut goals = all.goals;
    responses.retain(|r| &r.participant == code);
    responses.sort_by(|a, b| a.completed_at.cmp(&b.completed_at));
    goals.retain(|g| &g.participant == code);
    goals.sort_by(|a, b| a.wordings.first().map(|w| &w.at).cmp(&b.wordings.first().map(|w| &w.at)));
    Ok(CaseData {
        participant: all.participants.into_iter().find(|p| &p.id == code),
        surveys: all.surveys.into_iter().filter(|s| &s.participant == code).collect(),
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
