//! What an evaluator (and, for phones' files, staff) reads in: a received
//! or imported bundle is verified, and all that is kept of it is written in
//! one transaction; a rejected or repeated file writes nothing. Only the
//! staff and evaluator app has this: it needs signature verification.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bundles::{ReceivedRecord, RECEIVED};
use super::clock;
use super::storage::{Storage, StorageError, Store, Write};
use super::transport_key::{self, OpenProblem};
use crate::core::bundle::import::{self, Flag, KeyTrust, KnownBundle, KnownRecord, Outcome};
use crate::core::bundle::jws::FlattenedJws;
use crate::core::bundle::{self, Rejection, Verified};

const IMPORTED: &str = "imported:";
const TRUST: &str = "trust:";

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
