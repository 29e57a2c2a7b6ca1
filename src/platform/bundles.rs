//! Bundles this device signs, in IndexedDB: what it has exported (so the
//! next export knows its sequence, chain and what is new), on a staff
//! tablet and on a participant's phone alike. Reading bundles in is
//! `imports`, in the staff and evaluator app only.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::device_key::{self, DeviceKey};
use super::storage::{Storage, StorageError, Store, Write};
use super::storage::StorageErrorKind;
use super::{clock, content, surveys};
use crate::core::bundle::export::{self, DeviceRecords, Selection};
use crate::core::bundle::jws::{self, FlattenedJws};
use crate::core::bundle::{self, Contents, DeviceRef, Payload};
#[cfg(feature = "staff")]
use crate::core::{goal::Goal, participant::Participant};
use crate::core::response::Response;

const EXPORT: &str = "export:";
/// Phones' bundles that staff received (see `imports::receive`).
pub(super) const RECEIVED: &str = "received:";

/// A bundle from a participant's phone, kept as signed so the next export
/// carries it unchanged; its responses are stored too, for the case pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedRecord {
    pub id: String,
    pub hash: String,
    pub jws: FlattenedJws,
    pub responses: Vec<String>,
}

/// One bundle this device made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub id: String,
    pub sequence: u64,
    pub hash: String,
    pub created: String,
    pub file_name: String,
    /// What went in: a key per record (kind, id, content hash).
    pub keys: Vec<String>,
    pub participants: usize,
    pub answers: usize,
    /// Encrypted to the evaluator's key for transport.
    #[serde(default)]
    pub encrypted: bool,
}

/// A bundle made and recorded, ready to save or share.
pub struct Exported {
    pub record: ExportRecord,
    pub text: String,
}

/// The device's exports, oldest first.
pub async fn exports(storage: &Storage) -> Result<Vec<ExportRecord>, StorageError> {
    let mut all: Vec<ExportRecord> = storage.all_readable_prefixed(Store::Bundles, EXPORT).await?;
    all.sort_unstable_by_key(|r| r.sequence);
    Ok(all)
}

/// What the device holds that a bundle carries. The participant's app holds
/// only the participant's own answers: a phone never enrols, rates, sets goals
/// or receives files, so its app does not carry the code to read those.
#[cfg(not(feature = "staff"))]
async fn device_records(storage: &Storage) -> Result<DeviceRecords, StorageError> {
    Ok(DeviceRecords { responses: storage.all_readable::<Response>(Store::Responses).await?, ..Default::default() })
}

#[cfg(feature = "staff")]
async fn device_records(storage: &Storage) -> Result<DeviceRecords, StorageError> {
    let received: Vec<ReceivedRecord> = storage.all_readable_prefixed(Store::Bundles, RECEIVED).await?;
    let forwarded: BTreeSet<&str> = received.iter().flat_map(|r| r.responses.iter().map(String::as_str)).collect();
    let mut responses = storage.all_readable::<Response>(Store::Responses).await?;
    // Answers from a phone travel inside the phone's own signed bundle.
    responses.retain(|r| !forwarded.contains(r.id.as_str()));
    Ok(DeviceRecords {
        participants: storage.all_readable::<Participant>(Store::Participants).await?,
        responses,
        assessments: storage.all_readable::<Response>(Store::Assessments).await?,
        goals: storage.all_readable::<Goal>(Store::Goals).await?,
        received: received.into_iter().map(|r| (r.hash, r.jws)).collect(),
    })
}

/// What on this device is not yet sent (see [`export::backlog`]).
pub async fn backlog(storage: &Storage) -> Result<export::Backlog, StorageError> {
    let exported: BTreeSet<String> = exports(storage).await?.into_iter().flat_map(|e| e.keys).collect();
    Ok(export::backlog(&device_records(storage).await?, &exported))
}

/// Closed cases that are exported as they are now (see [`export::removable`]).
pub async fn removable(storage: &Storage) -> Result<export::Removable, StorageError> {
    let exported: BTreeSet<String> = exports(storage).await?.into_iter().flat_map(|e| e.keys).collect();
    Ok(export::removable(&device_records(storage).await?, &exported))
}

/// Removes what [`removable`] finds, with the cases' surveys, in one
/// transaction: all of it goes, or nothing does. Returns how many cases.
pub async fn remove_exported(storage: &Storage) -> Result<usize, StorageError> {
    let r = removable(storage).await?;
    let surveys = storage.all_readable::<crate::core::survey::Survey>(Store::Surveys).await?;
    let mut writes: Vec<Write> = Vec::new();
    writes.extend(r.participants.iter().map(|id| Write::delete(Store::Participants, id)));
    writes.extend(r.responses.iter().map(|id| Write::delete(Store::Responses, id)));
    writes.extend(r.assessments.iter().map(|id| Write::delete(Store::Assessments, id)));
    writes.extend(r.goals.iter().map(|id| Write::delete(Store::Goals, id)));
    writes.extend(r.received.iter().map(|hash| Write::delete(Store::Bundles, &format!("{RECEIVED}{hash}"))));
    writes.extend(
        surveys
            .iter()
            .filter(|s| r.participants.iter().any(|p| p == s.participant.as_str()))
            .map(|s| Write::delete(Store::Surveys, &s.id)),
    );
    storage.commit(&writes).await?;
    Ok(r.participants.len())
}

/// On a participant's phone: every answer on it, signed by the phone, to
/// hand to the staff. The phone is named after the participant's code.
pub async fn phone_bundle(storage: &Storage, code: &str) -> Result<Option<Exported>, StorageError> {
    let mut key = device(storage).await?;
    if key.label.is_empty() {
        key.label = format!("Telefon {code}");
        device_key::set_label(storage, &key, &key.label).await?;
    }
    export(storage, &key, &Selection::Everything).await
}


/// Signs a bundle of the selected records and records what went into it;
/// `None` when nothing is selected (no empty bundle uses up a number).
pub async fn export(
    storage: &Storage,
    key: &DeviceKey,
    selection: &Selection,
) -> Result<Option<Exported>, StorageError> {
    let earlier = exports(storage).await?;
    let exported: BTreeSet<String> = earlier.iter().flat_map(|e| e.keys.iter().cloned()).collect();
    let (chosen, keys) = export::select(&device_records(storage).await?, &exported, selection);
    if chosen == DeviceRecords::default() {
        return Ok(None);
    }
    let sequence = earlier.last().map_or(1, |e| e.sequence + 1);
    let created = clock::now_iso();
    let project = crate::core::deployment::shipped()
        .project_name
        .clone()
        .or_else(|| chosen.participants.iter().map(|p| p.project_tag.clone()).find(|t| !t.is_empty()))
        .unwrap_or_default();
    let answers = chosen.responses.len() + chosen.assessments.len();
    let participants = chosen.participants.len();
    // The participant's app fetches the definitions it signs with (the
    // service worker keeps them offline); the staff app has them built in.
    let mut used: Vec<(String, u32)> = (chosen.responses.iter().chain(&chosen.assessments).map(|r| &r.instrument))
        .chain(chosen.goals.iter().map(|g| &g.instrument))
        .map(|r| (r.id.clone(), r.version))
        .collect();
    used.sort_unstable();
    used.dedup();
    let definitions = content::definitions(&used)
        .await
        .map_err(|e| StorageError { kind: StorageErrorKind::Other, detail: e.0 })?;
    let payload = Payload::new(
        Contents {
            device: DeviceRef { kid: key.kid.clone(), label: key.label.clone() },
            project,
            sequence,
            previous: earlier.last().map(|e| e.hash.clone()),
            created: created.clone(),
            participants: chosen.participants,
            responses: chosen.responses,
            assessments: chosen.assessments,
            goals: chosen.goals,
            forwarded: chosen.received.into_iter().map(|(_, jws)| jws).collect(),
        },
        &definitions,
    );
    let (text, encrypted) = for_transport(storage, sign(key, &payload).await?).await?;
    let record = ExportRecord {
        id: format!("{EXPORT}{sequence}"),
        sequence,
        hash: bundle::payload_hash(payload.canonical().as_bytes()),
        file_name: export::file_name(&key.label, &created[..10], sequence),
        created,
        keys,
        participants,
        answers,
        encrypted,
    };
    storage.put(Store::Bundles, &record).await?;
    Ok(Some(Exported { record, text }))
}

/// The file's text: encrypted to the evaluator's key when staff loaded one.
#[cfg(feature = "staff")]
async fn for_transport(storage: &Storage, signed: String) -> Result<(String, bool), StorageError> {
    Ok(match super::transport_key::recipient(storage).await? {
        Some(r) => (super::transport_key::encrypt(&r, signed.as_bytes()).await?, true),
        None => (signed, false),
    })
}

/// Only staff load the evaluator's key: a phone's file is signed, not encrypted.
#[cfg(not(feature = "staff"))]
async fn for_transport(_: &Storage, signed: String) -> Result<(String, bool), StorageError> {
    Ok((signed, false))
}

/// The bundle file's text: the flattened JWS as JSON.
pub async fn sign(key: &DeviceKey, payload: &Payload) -> Result<String, StorageError> {
    let (protected, body) = bundle::to_sign(payload, &key.jwk);
    let signature = key.sign(jws::signing_input(&protected, &body).as_bytes()).await?;
    Ok(serde_json::to_string(&jws::assemble(protected, body, &signature)).unwrap_or_default())
}


/// This device's key, for the screens (made on first use).
pub async fn device(storage: &Storage) -> Result<DeviceKey, StorageError> {
    // The device id and the key are made together on a device's first export.
    surveys::device_id(storage).await?;
    device_key::ensure(storage).await
}
