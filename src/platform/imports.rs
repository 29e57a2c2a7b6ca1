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
use crate::core::bundle::import::{BundleRecords, FileIndex, Flag, KeyTrust, Outcome, Session};
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
    /// The file as it was signed. Imports before records were kept
    /// (`records:`) held it here; now it is kept apart, under `file:`, so
    /// listing the imports never reads the files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
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

/// What every import kept of its bundle, for results: read without
/// verifying or parsing a single file again. Older imports are brought over
/// once first.
pub async fn imported_records(storage: &Storage) -> Result<Vec<BundleRecords>, StorageError> {
    ensure_index(storage).await?;
    let mut out = Vec::new();
    for (n, value) in storage.all_stored(Store::Bundles, RECORDS).await?.into_iter().enumerate() {
        // The page answers taps between slices of the reading.
        if n % 100 == 99 {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        let json = js_sys::Reflect::get(&value, &"json".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        match serde_json::from_str::<Vec<BundleRecords>>(&json) {
            Ok(records) => out.extend(records),
            Err(e) => web_sys::console::warn_1(&format!("bundles: unreadable records passed over: {e}").into()),
        }
    }
    Ok(out)
}

pub async fn keys(storage: &Storage) -> Result<Vec<KeyRecord>, StorageError> {
    storage.all_readable_prefixed(Store::Keys, TRUST).await
}

/// Reads, verifies and stores one file; a rejected or repeated file writes nothing.
pub async fn import(storage: &Storage, file_name: &str, bytes: &[u8]) -> Result<ImportReport, StorageError> {
    let mut session = ImportSession::start(storage).await?;
    let report = session.add(storage, file_name, bytes).await?;
    session.flush(storage).await?;
    Ok(report)
}

/// Many files read in one go: each is verified once and checked against what
/// is stored and what this session took in before it, both held in memory
/// (read once, from one index entry per file); what files add is written
/// together by [`ImportSession::flush`], in one transaction, so a failure or
/// a closed tab leaves whole files imported or none of a batch.
#[derive(Default)]
pub struct ImportSession {
    /// What is stored and what this session took in.
    known: Session,
    trust: BTreeMap<String, Option<KeyTrust>>,
    /// Whether the maps above are read; after a failed write they are read again.
    loaded: bool,
    writes: Vec<Write>,
    files: usize,
    /// Counts the files this session imports, for the index's order.
    taken: usize,
}

impl ImportSession {
    pub async fn start(storage: &Storage) -> Result<ImportSession, StorageError> {
        ensure_index(storage).await?;
        Ok(ImportSession::default())
    }

    /// Files taken in and not yet written.
    pub fn unwritten(&self) -> usize {
        self.files
    }

    async fn load(&mut self, storage: &Storage) -> Result<(), StorageError> {
        let mut entries: Vec<FileIndex> = Vec::new();
        for value in storage.all_stored(Store::Bundles, FILE_INDEX).await? {
            let json = js_sys::Reflect::get(&value, &"json".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            if let Ok(entry) = serde_json::from_str::<FileIndex>(&json) {
                entries.push(entry);
            }
        }
        self.known = Session::from_index(entries);
        self.trust.clear();
        self.loaded = true;
        Ok(())
    }

    /// Verifies one file and, when it is to be imported, adds its writes.
    pub async fn add(&mut self, storage: &Storage, file_name: &str, bytes: &[u8]) -> Result<ImportReport, StorageError> {
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
            Err(rejection) => return reject(rejection),
        };
        if !self.loaded {
            self.load(storage).await?;
        }
        let kid = verified.header.kid.clone();
        let trust = match self.trust.get(&kid) {
            Some(t) => *t,
            None => {
                let t = storage.get::<KeyRecord>(Store::Keys, &format!("{TRUST}{kid}")).await?.map(|k| k.trust);
                self.trust.insert(kid.clone(), t);
                t
            }
        };
        let imported_at = clock::now_iso();
        let entry = FileIndex::of(&verified, format!("{imported_at}#{:08}", self.taken));
        let outcome = self.known.add(&entry, trust);
        if let Outcome::Imported(flags) = &outcome {
            let p = &verified.payload;
            let record = ImportedRecord {
                id: format!("{IMPORTED}{}", verified.hash),
                hash: verified.hash.clone(),
                kid: kid.clone(),
                label: p.device.label.clone(),
                sequence: p.sequence,
                previous: p.previous.clone(),
                created: p.created.clone(),
                imported_at: imported_at.clone(),
                file_name: file_name.into(),
                flags: flags.clone(),
                file: String::new(),
            };
            self.writes.push(Write::put(Store::Bundles, &record)?);
            let file = String::from_utf8_lossy(bytes);
            self.writes.push(Write::put_texts(Store::Bundles, &[("id", &format!("{FILE}{}", verified.hash)), ("file", &file)]));
            self.writes.push(records_write(&verified)?);
            self.taken += 1;
            self.writes.push(index_write(&entry)?);
            if trust.is_none() {
                let key = KeyRecord {
                    id: format!("{TRUST}{kid}"),
                    kid: kid.clone(),
                    label: record.label.clone(),
                    trust: KeyTrust::Unconfirmed,
                };
                self.writes.push(Write::put(Store::Keys, &key)?);
                self.trust.insert(kid.clone(), Some(KeyTrust::Unconfirmed));
            }
            self.files += 1;
        }
        Ok(ImportReport { file_name: file_name.into(), result: Ok((outcome, verified)) })
    }

    /// Writes every file taken in since the last flush, in one transaction.
    pub async fn flush(&mut self, storage: &Storage) -> Result<(), StorageError> {
        let mut writes = std::mem::take(&mut self.writes);
        self.files = 0;
        if !writes.is_empty() {
            // What this version writes needs no bringing over later.
            writes.push(Write::put(Store::Bundles, &Marker { id: FILE_INDEXED.into() })?);
            writes.push(Write::put(Store::Bundles, &Marker { id: RECORDS_KEPT.into() })?);
        }
        let stored = storage.commit(&writes).await;
        if stored.is_err() {
            // Nothing of the batch is stored: what is known is read again.
            self.loaded = false;
        }
        stored
    }
}

const RECORDS: &str = "records:";
const FILE: &str = "file:";
const FILE_INDEX: &str = "fileindex:";
/// Present once every imported bundle has its index entry (`fileindex:`).
/// Versions before kept one record per record id (`record:`) and per
/// bundle (`known:`); those are no longer read.
const FILE_INDEXED: &str = "index:files-v1";
/// Present once every imported bundle has its records kept (`records:`).
const RECORDS_KEPT: &str = "index:records-v1";

/// An imported file as it was signed: the evidence, never read for results.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct FileEntry {
    id: String,
    file: String,
}

/// What the evaluation reads of one imported file is kept as JSON text,
/// `{id, json}`: read back with one parse, not walked as a JavaScript object.
fn index_write(entry: &FileIndex) -> Result<Write, StorageError> {
    let json = serde_json::to_string(entry).map_err(invalid)?;
    Ok(Write::put_texts(Store::Bundles, &[("id", &format!("{FILE_INDEX}{}", entry.bundle.hash)), ("json", &json)]))
}

fn invalid(e: serde_json::Error) -> StorageError {
    StorageError { kind: crate::platform::storage::StorageErrorKind::InvalidRecord, detail: e.to_string() }
}

fn records_write(v: &Verified) -> Result<Write, StorageError> {
    let json = serde_json::to_string(&BundleRecords::of(v)).map_err(invalid)?;
    Ok(Write::put_texts(Store::Bundles, &[("id", &format!("{RECORDS}{}", v.hash)), ("json", &json)]))
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Marker {
    id: String,
}

/// Brings imports of older versions over once: each file's index entry
/// and its records, verifying every stored file one last time.
async fn ensure_index(storage: &Storage) -> Result<(), StorageError> {
    let indexed = storage.get::<Marker>(Store::Bundles, FILE_INDEXED).await?.is_some();
    let kept = storage.get::<Marker>(Store::Bundles, RECORDS_KEPT).await?.is_some();
    if indexed && kept {
        return Ok(());
    }
    let mut known = imported(storage).await?;
    if known.is_empty() {
        // Nothing to bring over; a rejected first file still writes nothing.
        return Ok(());
    }
    known.sort_by(|a, b| a.imported_at.cmp(&b.imported_at));
    let mut writes = vec![
        Write::put(Store::Bundles, &Marker { id: FILE_INDEXED.into() })?,
        Write::put(Store::Bundles, &Marker { id: RECORDS_KEPT.into() })?,
    ];
    for (n, k) in known.iter().enumerate() {
        let file = match k.file.is_empty() {
            false => k.file.clone(),
            true => storage.get::<FileEntry>(Store::Bundles, &format!("{FILE}{}", k.hash)).await?.map(|f| f.file).unwrap_or_default(),
        };
        if let Ok(v) = bundle::verify(file.as_bytes()) {
            if !indexed {
                writes.push(index_write(&FileIndex::of(&v, format!("{}#{n:08}", k.imported_at)))?);
            }
            if !kept {
                writes.push(records_write(&v)?);
            }
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
