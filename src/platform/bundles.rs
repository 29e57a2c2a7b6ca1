//! Bundles in IndexedDB: what this staff device has exported (so the next
//! export knows its sequence, chain and what is new), and what an evaluator
//! has imported, with the trust given to each device key. An import writes
//! all it keeps in one transaction, and a rejected file writes nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::device_key::{self, DeviceKey};
use super::storage::{Storage, StorageError, Store, Write};
use super::transport_key::{self, OpenProblem};
use super::{clock, surveys};
use crate::core::bundle::export::{self, DeviceRecords, Selection};
use crate::core::bundle::import::{self, Flag, KeyTrust, KnownBundle, KnownRecord, Outcome};
use crate::core::bundle::jws::{self, FlattenedJws};
use crate::core::bundle::{self, Contents, DeviceRef, Payload, Rejection, Verified};
use crate::core::goal::Goal;
use crate::core::instrument;
use crate::core::participant::Participant;
use crate::core::response::Response;

const EXPORT: &str = "export:";
const IMPORTED: &str = "imported:";
const TRUST: &str = "trust:";
const RECEIVED: &str = "received:";

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
    all.sort_by_key(|r| r.sequence);
    Ok(all)
}

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Stored: this many answers.
    Stored(usize),
    AlreadyReceived,
    Rejected(Rejection),
}

/// On a staff device: checks a participant's bundle and keeps it, with its
/// answers, in one write. Only answers are taken from a phone.
pub async fn receive(storage: &Storage, bytes: &[u8]) -> Result<Received, StorageError> {
    let verified = match bundle::verify(bytes) {
        Ok(v) => v,
        Err(r) => return Ok(Received::Rejected(r)),
    };
    let p = &verified.payload;
    if !p.participants.is_empty() || !p.assessments.is_empty() || !p.goals.is_empty() || !p.forwarded.is_empty() {
        return Ok(Received::Rejected(Rejection::UnknownFormat));
    }
    let id = format!("{RECEIVED}{}", verified.hash);
    if storage.get::<ReceivedRecord>(Store::Bundles, &id).await?.is_some() {
        return Ok(Received::AlreadyReceived);
    }
    let jws: FlattenedJws = serde_json::from_slice(bytes).map_err(|e| StorageError {
        kind: crate::platform::storage::StorageErrorKind::InvalidRecord,
        detail: e.to_string(),
    })?;
    let record = ReceivedRecord {
        id,
        hash: verified.hash.clone(),
        jws,
        responses: p.responses.iter().map(|r| r.id.clone()).collect(),
    };
    let mut writes = vec![Write::put(Store::Bundles, &record)?];
    for r in &p.responses {
        writes.push(Write::put(Store::Responses, r)?);
    }
    storage.commit(&writes).await?;
    Ok(Received::Stored(p.responses.len()))
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
        instrument::shipped(),
    );
    let signed = sign(key, &payload).await?;
    let recipient = transport_key::recipient(storage).await?;
    let text = match &recipient {
        Some(r) => transport_key::encrypt(r, signed.as_bytes()).await?,
        None => signed,
    };
    let record = ExportRecord {
        id: format!("{EXPORT}{sequence}"),
        sequence,
        hash: bundle::payload_hash(payload.canonical().as_bytes()),
        file_name: export::file_name(&key.label, &created[..10], sequence),
        created,
        keys,
        participants,
        answers,
        encrypted: recipient.is_some(),
    };
    storage.put(Store::Bundles, &record).await?;
    Ok(Some(Exported { record, text }))
}

/// The bundle file's text: the flattened JWS as JSON.
pub async fn sign(key: &DeviceKey, payload: &Payload) -> Result<String, StorageError> {
    let (protected, body) = bundle::to_sign(payload, &key.jwk);
    let signature = key.sign(jws::signing_input(&protected, &body).as_bytes()).await?;
    Ok(serde_json::to_string(&jws::assemble(protected, body, &signature)).unwrap_or_default())
}

/// A bundle an evaluator imported, kept as the file was, so it can be checked again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedRecord {
    pub id: String,
    pub hash: String,
    pub kid: String,
    pub label: String,
    pub sequence: u64,
    pub previous: Option<String>,
    pub created: String,
    pub imported_at: String,
    pub file_name: String,
    pub flags: Vec<Flag>,
    pub file: String,
}

/// What the evaluator has said about one device key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    pub id: String,
    pub kid: String,
    pub label: String,
    pub trust: KeyTrust,
}

/// The result of importing one file, for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportReport {
    pub file_name: String,
    pub result: Result<(Outcome, Verified), Rejection>,
}

pub async fn imported(storage: &Storage) -> Result<Vec<ImportedRecord>, StorageError> {
    let mut all: Vec<ImportedRecord> = storage.all_readable_prefixed(Store::Bundles, IMPORTED).await?;
    all.sort_by(|a, b| (&a.label, a.sequence).cmp(&(&b.label, b.sequence)));
    Ok(all)
}

/// Every imported bundle, checked again as it is read.
pub async fn imported_bundles(storage: &Storage) -> Result<Vec<Verified>, StorageError> {
    Ok(imported(storage).await?.iter().filter_map(|r| bundle::verify(r.file.as_bytes()).ok()).collect())
}

pub async fn keys(storage: &Storage) -> Result<Vec<KeyRecord>, StorageError> {
    storage.all_readable_prefixed(Store::Keys, TRUST).await
}

/// Reads, verifies and stores one file; a rejected or repeated file writes nothing.
pub async fn import(storage: &Storage, file_name: &str, bytes: &[u8]) -> Result<ImportReport, StorageError> {
    let reject = |r| Ok(ImportReport { file_name: file_name.into(), result: Err(r) });
    // An encrypted file is opened first; what is kept is the signed bundle inside.
    let opened;
    let bytes = if bytes.len() as u64 <= bundle::MAX_BYTES && crate::core::bundle::jwe::parse(bytes).is_some() {
        opened = match transport_key::decrypt(storage, bytes).await? {
            Ok(plain) => plain,
            Err(OpenProblem::NoKey) => return reject(Rejection::NoKeyToOpen),
            Err(OpenProblem::CannotOpen) => return reject(Rejection::CannotOpen),
        };
        opened.as_slice()
    } else {
        bytes
    };
    let verified = match bundle::verify(bytes) {
        Ok(v) => v,
        Err(rejection) => return Ok(ImportReport { file_name: file_name.into(), result: Err(rejection) }),
    };
    ensure_index(storage).await?;
    let trust = storage.get::<KeyRecord>(Store::Keys, &format!("{TRUST}{}", verified.header.kid)).await?;
    // Only what this bundle touches is read: its device's chain and its records' ids.
    let ids: Vec<String> = import::records(&verified).into_iter().map(|(id, _, _)| id).collect();
    let looked_up: Vec<String> = ids.iter().map(|id| format!("{RECORD}{id}")).collect();
    let found: Vec<Option<RecordIndex>> = storage.get_many(Store::Bundles, &looked_up).await?;
    let existing: BTreeMap<String, KnownRecord> =
        ids.into_iter().zip(found).filter_map(|(id, r)| Some((id, r?.record))).collect();
    let same_device: Vec<BundleIndex> =
        storage.all_readable_prefixed(Store::Bundles, &format!("{KNOWN}{}:", verified.header.kid)).await?;
    let chain: Vec<KnownBundle> = same_device.into_iter().map(|k| k.bundle).collect();
    let outcome = import::classify(&verified, &chain, trust.as_ref().map(|t| t.trust), &existing);
    if let Outcome::Imported(flags) = &outcome {
        let p = &verified.payload;
        let record = ImportedRecord {
            id: format!("{IMPORTED}{}", verified.hash),
            hash: verified.hash.clone(),
            kid: verified.header.kid.clone(),
            label: p.device.label.clone(),
            sequence: p.sequence,
            previous: p.previous.clone(),
            created: p.created.clone(),
            imported_at: clock::now_iso(),
            file_name: file_name.into(),
            flags: flags.clone(),
            file: String::from_utf8_lossy(bytes).into_owned(),
        };
        let mut writes = vec![Write::put(Store::Bundles, &record)?];
        writes.extend(index_writes(&verified)?);
        if trust.is_none() {
            let key = KeyRecord {
                id: format!("{TRUST}{}", record.kid),
                kid: record.kid.clone(),
                label: record.label.clone(),
                trust: KeyTrust::Unconfirmed,
            };
            writes.push(Write::put(Store::Keys, &key)?);
        }
        storage.commit(&writes).await?;
    }
    Ok(ImportReport { file_name: file_name.into(), result: Ok((outcome, verified)) })
}

const RECORD: &str = "record:";
const KNOWN: &str = "known:";
/// Present once every imported bundle has its index records.
const INDEXED: &str = "index:v1";

/// A record id of an imported bundle and what the conflict check needs of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RecordIndex {
    id: String,
    #[serde(flatten)]
    record: KnownRecord,
}

/// An imported bundle's place in its device's chain.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct BundleIndex {
    id: String,
    #[serde(flatten)]
    bundle: KnownBundle,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Marker {
    id: String,
}

/// The small records an import adds beside the bundle, so the next import
/// checks chains and conflicts without reading and verifying every file again.
fn index_writes(v: &Verified) -> Result<Vec<Write>, StorageError> {
    let kid = &v.header.kid;
    let p = &v.payload;
    let mut writes = vec![Write::put(
        Store::Bundles,
        &BundleIndex {
            id: format!("{KNOWN}{kid}:{}", v.hash),
            bundle: KnownBundle { hash: v.hash.clone(), kid: kid.clone(), sequence: p.sequence, previous: p.previous.clone() },
        },
    )?];
    for (id, digest, mutable) in import::records(v) {
        let record = RecordIndex { id: format!("{RECORD}{id}"), record: KnownRecord { kid: kid.clone(), digest, mutable } };
        writes.push(Write::put(Store::Bundles, &record)?);
    }
    Ok(writes)
}

/// Builds the import index once from the stored files where an older
/// version of the app imported them without one.
async fn ensure_index(storage: &Storage) -> Result<(), StorageError> {
    if storage.get::<Marker>(Store::Bundles, INDEXED).await?.is_some() {
        return Ok(());
    }
    let mut known = imported(storage).await?;
    known.sort_by(|a, b| a.imported_at.cmp(&b.imported_at));
    let mut writes = vec![Write::put(Store::Bundles, &Marker { id: INDEXED.into() })?];
    for k in &known {
        if let Ok(v) = bundle::verify(k.file.as_bytes()) {
            writes.extend(index_writes(&v)?);
        }
    }
    storage.commit(&writes).await
}

/// The evaluator confirms (or revokes) a device key after comparing its fingerprint.
pub async fn set_trust(storage: &Storage, kid: &str, trust: KeyTrust) -> Result<(), StorageError> {
    let id = format!("{TRUST}{kid}");
    if let Some(mut key) = storage.get::<KeyRecord>(Store::Keys, &id).await? {
        key.trust = trust;
        storage.put(Store::Keys, &key).await?;
    }
    Ok(())
}

/// This device's key, for the screens (made on first use).
pub async fn device(storage: &Storage) -> Result<DeviceKey, StorageError> {
    // The device id and the key are made together on a device's first export.
    surveys::device_id(storage).await?;
    device_key::ensure(storage).await
}
