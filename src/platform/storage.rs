//! IndexedDB, opened through indexed_db_futures.
//!
//! The schema has a version and one migration function per version: opening
//! at version N runs the migrations from the stored version up to N, inside
//! the browser's upgrade transaction, so a failed upgrade changes nothing.
//! Every record is a serde value keyed by its `id` field. On a device with an
//! at-rest key, participant records are sealed on their way in and opened on
//! their way out (`vault`), outside the transaction: WebCrypto's promises would
//! let an IndexedDB transaction commit early.

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::save_worker::{self, Outcome};
use super::vault::{self, Vault, VaultError};
use super::clock;
use crate::core::at_rest;

pub const DATABASE_NAME: &str = "stegvis";

/// Every record's primary key lives in this field.
pub const KEY_FIELD: &str = "id";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Participants,
    Responses,
    Assessments,
    Keys,
    Bundles,
    Settings,
    /// Participant surveys in progress (and done), saved after every answer.
    Surveys,
    /// Goals on the goal staircase, each with its whole history.
    Goals,
}

impl Store {
    /// The stores of schema version 1.
    pub const V1: [Store; 6] =
        [Store::Participants, Store::Responses, Store::Assessments, Store::Keys, Store::Bundles, Store::Settings];

    /// The stores added after version 1, in the order of their versions.
    pub const ADDED: [Store; 2] = [Store::Surveys, Store::Goals];

    /// Every store of the current schema: version 1's and those added since.
    pub const ALL: [Store; 8] = {
        let mut all = [Store::Surveys; 8];
        let mut i = 0;
        while i < Store::V1.len() {
            all[i] = Store::V1[i];
            i += 1;
        }
        while i < all.len() {
            all[i] = Store::ADDED[i - Store::V1.len()];
            i += 1;
        }
        all
    };

    pub fn name(self) -> &'static str {
        match self {
            Store::Participants => "participants",
            Store::Responses => "responses",
            Store::Assessments => "assessments",
            Store::Keys => "keys",
            Store::Bundles => "bundles",
            Store::Settings => "settings",
            Store::Surveys => "surveys",
            Store::Goals => "goals",
        }
    }
}

/// Upgrades the schema by one version. Runs inside the upgrade transaction.
pub type Migration = fn(&Database) -> indexed_db_futures::Result<()>;

/// The app's schema: entry `i` upgrades version `i` to `i + 1`. Append, never
/// edit: devices in the field hold data written under every earlier version.
pub const MIGRATIONS: &[Migration] = &[create_v1_stores, create_v2_surveys, create_v3_goals];

fn create_v1_stores(db: &Database) -> indexed_db_futures::Result<()> {
    for store in Store::V1 {
        db.create_object_store(store.name()).with_key_path(KEY_FIELD.into()).build()?;
    }
    Ok(())
}

fn create_v2_surveys(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(Store::Surveys.name()).with_key_path(KEY_FIELD.into()).build()?;
    Ok(())
}

fn create_v3_goals(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(Store::Goals.name()).with_key_path(KEY_FIELD.into()).build()?;
    Ok(())
}

/// What went wrong, in terms the UI can explain to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageErrorKind {
    /// No IndexedDB (some private modes, blocked storage in an iframe).
    Unavailable,
    /// The device or the browser's share for this site is full.
    QuotaExceeded,
    /// The stored schema is newer than this app (an older copy is running).
    VersionTooNew,
    /// A record could not be written or read as it is (a defect, not user error).
    InvalidRecord,
    /// The record is encrypted and staff have not unlocked the device.
    Locked,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageError {
    pub kind: StorageErrorKind,
    /// Technical detail for the console and bug reports, never shown as the message.
    pub detail: String,
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        use indexed_db_futures::error::{DomException, Error};
        use wasm_bindgen::JsCast;
        let kind = match &e {
            Error::DomException(DomException::DataError(_)) | Error::Serialisation(_) => {
                StorageErrorKind::InvalidRecord
            }
            // Quota and version errors have no variant of their own in the crate.
            Error::DomException(ex) => {
                let js: &JsValue = ex.as_ref();
                kind_of(&js.unchecked_ref::<web_sys::DomException>().name())
            }
            _ => StorageErrorKind::Other,
        };
        StorageError { kind, detail: e.to_string() }
    }
}

/// Whether the browser refuses this page any site data (localStorage throws).
fn site_data_blocked() -> bool {
    web_sys::window().is_some_and(|w| w.local_storage().is_err())
}

/// What a DOMException's name says about storage, as browsers name them.
pub(super) fn kind_of(name: &str) -> StorageErrorKind {
    match name {
        "QuotaExceededError" => StorageErrorKind::QuotaExceeded,
        "VersionError" => StorageErrorKind::VersionTooNew,
        // Site data blocked in the browser's settings, a sandboxed iframe, or
        // (older Firefox) private mode: IndexedDB refused outright.
        "SecurityError" | "InvalidStateError" => StorageErrorKind::Unavailable,
        _ => StorageErrorKind::Other,
    }
}

/// A transaction's commit failed. When the browser aborted it (a full disk
/// surfaces this way: the writes are accepted, then the transaction aborts
/// with a `QuotaExceededError`), the reason is on the transaction itself,
/// not in the error the commit returns.
fn commit_error(e: indexed_db_futures::error::Error, tx: &JsValue) -> StorageError {
    use wasm_bindgen::JsCast;
    let reason = js_sys::Reflect::get(tx, &"error".into()).ok().and_then(|e| e.dyn_into::<web_sys::DomException>().ok());
    match reason {
        Some(reason) => StorageError { kind: kind_of(&reason.name()), detail: format!("{e}: {}", reason.message()) },
        None => e.into(),
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match e {
            OpenDbError::Base(e) => e.into(),
            // The crate reports any exception `indexedDB.open` throws as
            // `VersionZero`; the version here is never zero, so it is the one
            // other throw the standard allows: a SecurityError (an opaque or
            // sandboxed origin, storage refused).
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory | OpenDbError::VersionZero => {
                StorageError { kind: StorageErrorKind::Unavailable, detail: e.to_string() }
            }
        }
    }
}

/// One record to write (or remove) as part of an all-or-nothing [`Storage::commit`].
pub struct Write {
    store: Store,
    value: JsValue,
    delete: bool,
    /// The key is already the one in storage (not to be hidden again).
    stored_key: bool,
}

impl Write {
    /// Records go through JSON both ways: the same plain objects as before
    /// (sealing already stored them as JSON text), and one serde format in
    /// the app instead of two, which keeps the participant's wasm small.
    pub fn put<T: Serialize>(store: Store, record: &T) -> Result<Write, StorageError> {
        let invalid = |detail: String| StorageError { kind: StorageErrorKind::InvalidRecord, detail };
        let text = serde_json::to_string(record).map_err(|e| invalid(e.to_string()))?;
        let value = js_sys::JSON::parse(&text).map_err(|e| invalid(format!("{e:?}")))?;
        Ok(Write { store, value, delete: false, stored_key: false })
    }

    /// Removes the record with this key.
    pub fn delete(store: Store, id: &str) -> Write {
        Write { store, value: JsValue::from_str(id), delete: true, stored_key: false }
    }

    /// Removes the record stored under exactly this key (see `at_rest::hides_id`).
    pub fn delete_stored(store: Store, key: &str) -> Write {
        Write { store, value: JsValue::from_str(key), delete: true, stored_key: true }
    }

    /// A record of text fields, the same as [`Write::put`] of a struct of
    /// `String`s, built as a JavaScript object: a long text (a whole bundle
    /// file, an import's records as JSON) is not escaped into JSON only to be
    /// parsed back.
    pub fn put_texts(store: Store, fields: &[(&str, &str)]) -> Write {
        let record = js_sys::Object::new();
        for (name, text) in fields {
            // Setting a property on a plain new object does not fail.
            let _ = js_sys::Reflect::set(&record, &JsValue::from_str(name), &JsValue::from_str(text));
        }
        Write::put_raw(store, record.into())
    }

    /// A record built in JavaScript, for values serde cannot carry (a
    /// non-extractable `CryptoKey` is stored as the browser clones it).
    pub fn put_raw(store: Store, value: JsValue) -> Write {
        Write { store, value, delete: false, stored_key: false }
    }
}

/// When a write was stored, on the page's clock ([`clock::now_ms`]), and
/// what stored it: the save worker or the page itself.
pub struct Stored {
    pub at: f64,
    pub by: &'static str,
}

pub struct Storage {
    db: Database,
    name: String,
    /// Seals and opens participant records; see `platform::vault`.
    pub vault: Vault,
}

/// A stored record read back, through JSON like [`Write::put`]. Records
/// written by earlier versions (with serde-wasm-bindgen: the same objects,
/// an absent `Option` as `undefined`) read the same way.
fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, StorageError> {
    let invalid = |detail: String| StorageError { kind: StorageErrorKind::InvalidRecord, detail };
    let text = js_sys::JSON::stringify(&value).map_err(|e| invalid(format!("{e:?}")))?;
    serde_json::from_str(&String::from(text)).map_err(|e| invalid(e.to_string()))
}

fn vault_error(store: Store, e: VaultError) -> StorageError {
    match e {
        VaultError::Locked => StorageError { kind: StorageErrorKind::Locked, detail: format!("{} is locked", store.name()) },
        VaultError::Unreadable(detail) => StorageError { kind: StorageErrorKind::InvalidRecord, detail },
    }
}

fn id_of(value: &JsValue) -> String {
    js_sys::Reflect::get(value, &KEY_FIELD.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

impl Storage {
    /// Opens the app's database at the current schema version.
    pub async fn open() -> Result<Storage, StorageError> {
        let storage = Storage::open_with(DATABASE_NAME, MIGRATIONS).await?;
        vault::load(&storage).await?;
        Ok(storage)
    }

    /// Opens `name` at version `migrations.len()`, running the missing migrations.
    pub async fn open_with(name: &str, migrations: &'static [Migration]) -> Result<Storage, StorageError> {
        Storage::open_db(name, migrations).await.map_err(|mut e| {
            // With site data blocked in its settings, Chromium refuses the
            // open with a bare `UnknownError` ("The user denied permission");
            // localStorage, refused at the same time with a `SecurityError`,
            // tells that case apart from a broken disk.
            if e.kind == StorageErrorKind::Other && site_data_blocked() {
                e.kind = StorageErrorKind::Unavailable;
            }
            e
        })
    }

    async fn open_db(name: &str, migrations: &'static [Migration]) -> Result<Storage, StorageError> {
        let target = migrations.len() as u32;
        let db = Database::open(name)
            .with_version(target)
            .with_on_upgrade_needed(move |event, db| {
                let from = event.old_version() as usize;
                let to = event.new_version().map_or(migrations.len(), |v| v as usize);
                migrations[from..to].iter().try_for_each(|migrate| migrate(&db))
            })
            .await?;
        Ok(Storage { db, name: name.to_string(), vault: Vault::default() })
    }

    /// Starts the worker that stores participants' taps (see [`Storage::commit_relaxed`]).
    pub fn start_save_worker(&self) {
        save_worker::start(&self.name, self.version());
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
    }

    /// Closes the connection so that another open can upgrade the schema.
    pub fn close(self) {
        self.db.close();
    }

    /// Writes every record in one transaction: all are stored, or none is.
    pub async fn commit(&self, writes: &[Write]) -> Result<(), StorageError> {
        self.commit_with(writes, None).await
    }

    /// [`Storage::commit`] for a participant's tap, from the save worker
    /// (`platform::save_worker`), and with IndexedDB's `relaxed` durability:
    /// the browser may answer before the disk is flushed. The write still
    /// survives a closed tab, a killed browser or a locked phone, which hold
    /// it in the operating system; only a power cut in that moment could lose
    /// the last tap, and the survey then resumes one question back. Returns
    /// when the write was stored, and by what.
    pub async fn commit_relaxed(&self, writes: &[Write]) -> Result<Stored, StorageError> {
        let values = self.stored_values(writes).await?;
        let handed = writes.iter().zip(&values).map(|(w, v)| save_worker::write(w.store.name(), v.clone(), w.delete));
        match save_worker::commit(&self.name, self.version(), handed.collect()).await {
            Outcome::Stored(at) => return Ok(Stored { at, by: "worker" }),
            Outcome::Failed(e) => return Err(e),
            Outcome::Unavailable => {}
        }
        let options = TransactionOptions::new().with_durability(TransactionDurability::Relaxed);
        self.transact(writes, values, Some(options)).await?;
        Ok(Stored { at: clock::now_ms(), by: "page" })
    }

    async fn commit_with(&self, writes: &[Write], options: Option<TransactionOptions>) -> Result<(), StorageError> {
        let values = self.stored_values(writes).await?;
        self.transact(writes, values, options).await
    }

    /// What each write stores; sealed before any transaction opens, so that
    /// one is never left waiting.
    async fn stored_values(&self, writes: &[Write]) -> Result<Vec<JsValue>, StorageError> {
        let mut values = Vec::with_capacity(writes.len());
        for write in writes {
            values.push(self.stored_value(write).await?);
        }
        Ok(values)
    }

    async fn transact(&self, writes: &[Write], values: Vec<JsValue>, options: Option<TransactionOptions>) -> Result<(), StorageError> {
        let mut names: Vec<&str> = writes.iter().map(|w| w.store.name()).collect();
        names.sort_unstable();
        names.dedup();
        if names.is_empty() {
            return Ok(());
        }
        let builder = self.db.transaction(names).with_mode(TransactionMode::Readwrite);
        let tx = match options {
            Some(options) => builder.with_options(options).build()?,
            None => builder.build()?,
        };
        let raw: JsValue = tx.as_sys().clone().into();
        for (write, value) in writes.iter().zip(values) {
            // An early return drops `tx`, which aborts it: nothing is kept.
            let store = tx.object_store(write.store.name())?;
            if write.delete {
                store.delete(value).primitive()?;
            } else {
                store.put(value).primitive()?;
            }
        }
        tx.commit().await.map_err(|e| commit_error(e, &raw))
    }

    /// The value a write stores: sealed when the device has an at-rest key and
    /// the record holds participant data.
    async fn stored_value(&self, write: &Write) -> Result<JsValue, StorageError> {
        if write.delete {
            let id = write.value.as_string().unwrap_or_default();
            return Ok(if write.stored_key { id } else { self.stored_id(write.store, &id).await? }.into());
        }
        if !self.vault.seals() || vault::is_sealed_value(&write.value) {
            return Ok(write.value.clone());
        }
        let id = id_of(&write.value);
        if !at_rest::is_sealed(write.store.name(), &id) {
            return Ok(write.value.clone());
        }
        let key = self.stored_id(write.store, &id).await?;
        self.vault.seal(write.store.name(), &key, &write.value).await.map_err(|e| StorageError {
            kind: StorageErrorKind::Other,
            detail: format!("sealing {}: {e:?}", write.store.name()),
        })
    }

    /// The key the record `id` is stored under: itself, or its keyed hash in a
    /// store that hides its keys on a device with an at-rest key.
    async fn stored_id(&self, store: Store, id: &str) -> Result<String, StorageError> {
        if !self.vault.seals() || !at_rest::hides_id(store.name()) {
            return Ok(id.to_string());
        }
        self.vault.hidden_id(id).await.map_err(|e| vault_error(store, e))
    }

    /// A stored value as it was written (opened if sealed).
    async fn opened(&self, store: Store, value: JsValue) -> Result<JsValue, StorageError> {
        self.vault.open(store.name(), value).await.map_err(|e| vault_error(store, e))
    }

    pub async fn put<T: Serialize>(&self, store: Store, record: &T) -> Result<(), StorageError> {
        self.commit(&[Write::put(store, record)?]).await
    }

    pub async fn get<T: DeserializeOwned>(&self, store: Store, id: &str) -> Result<Option<T>, StorageError> {
        let key = self.stored_id(store, id).await?;
        let tx = self.db.transaction(store.name()).build()?;
        let found: Option<JsValue> = tx.object_store(store.name())?.get(key.as_str()).primitive()?.await?;
        match found {
            Some(value) => Ok(Some(decode(self.opened(store, value).await?)?)),
            None => Ok(None),
        }
    }

    /// Several records by id in one transaction, in the order asked.
    pub async fn get_many<T: DeserializeOwned>(&self, store: Store, ids: &[String]) -> Result<Vec<Option<T>>, StorageError> {
        let mut keys = Vec::with_capacity(ids.len());
        for id in ids {
            keys.push(self.stored_id(store, id).await?);
        }
        let tx = self.db.transaction(store.name()).build()?;
        let object_store = tx.object_store(store.name())?;
        // Every request is placed before the first is awaited, so the transaction stays open.
        let pending =
            keys.iter().map(|key| object_store.get(key.as_str()).primitive()).collect::<Result<Vec<_>, _>>()?;
        let mut found: Vec<Option<JsValue>> = Vec::with_capacity(ids.len());
        for request in pending {
            found.push(request.await?);
        }
        let mut out = Vec::with_capacity(ids.len());
        for value in found {
            out.push(match value {
                Some(value) => Some(decode(self.opened(store, value).await?)?),
                None => None,
            });
        }
        Ok(out)
    }

    /// A record as the browser stored it, see [`Write::put_raw`].
    pub async fn get_raw(&self, store: Store, id: &str) -> Result<Option<JsValue>, StorageError> {
        let tx = self.db.transaction(store.name()).build()?;
        let found: Option<JsValue> = tx.object_store(store.name())?.get(id).primitive()?.await?;
        Ok(found)
    }

    pub async fn all<T: DeserializeOwned>(&self, store: Store) -> Result<Vec<T>, StorageError> {
        let mut out = Vec::new();
        for value in self.all_stored(store, "").await? {
            out.push(decode(self.opened(store, value).await?)?);
        }
        Ok(out)
    }

    pub async fn delete(&self, store: Store, id: &str) -> Result<(), StorageError> {
        self.commit(&[Write::delete(store, id)]).await
    }

    /// Every record that still reads as `T`; one unreadable record (written
    /// by another version, say) is passed over instead of hiding the rest.
    pub async fn all_readable<T: DeserializeOwned>(&self, store: Store) -> Result<Vec<T>, StorageError> {
        self.all_readable_prefixed(store, "").await
    }

    /// Like [`Storage::all_readable`], for the records whose id starts with
    /// `prefix` (stores that hold several kinds of record, told apart by id).
    pub async fn all_readable_prefixed<T: DeserializeOwned>(
        &self,
        store: Store,
        prefix: &str,
    ) -> Result<Vec<T>, StorageError> {
        let mut out = Vec::new();
        for record in self.all_stored(store, prefix).await? {
            let value = match self.opened(store, record).await {
                Ok(value) => value,
                // Locked is not an unreadable record: nothing is passed over then.
                Err(e) if e.kind == StorageErrorKind::Locked => return Err(e),
                Err(e) => {
                    web_sys::console::warn_1(&format!("{}: unopenable record passed over: {}", store.name(), e.detail).into());
                    continue;
                }
            };
            match decode(value) {
                Ok(value) => out.push(value),
                Err(e) => web_sys::console::warn_1(
                    &format!("{}: unreadable record passed over: {}", store.name(), e.detail).into(),
                ),
            }
        }
        Ok(out)
    }

    /// The records whose id starts with `prefix`, as stored (sealed ones unopened).
    pub async fn all_stored(&self, store: Store, prefix: &str) -> Result<Vec<JsValue>, StorageError> {
        let tx = self.db.transaction(store.name()).build()?;
        let object_store = tx.object_store(store.name())?;
        // Only the ids with the prefix are read: a store of large files is not loaded for its small records.
        let records: Vec<JsValue> = if prefix.is_empty() {
            object_store.get_all::<JsValue>().primitive()?.await?.collect::<Result<_, _>>()?
        } else {
            let range = KeyRange::Bound(prefix.to_string(), false, format!("{prefix}\u{ffff}"), false);
            object_store.get_all::<JsValue>().with_query::<String, _>(range).primitive()?.await?.collect::<Result<_, _>>()?
        };
        Ok(records.into_iter().filter(|record| id_of(record).starts_with(prefix)).collect())
    }

    /// Removes every record of every store in one transaction, and forgets
    /// the at-rest key: the device starts over (a forgotten staff passphrase).
    pub async fn erase_everything(&self) -> Result<(), StorageError> {
        let names: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
        let tx = self.db.transaction(names).with_mode(TransactionMode::Readwrite).build()?;
        for store in Store::ALL {
            // Every request is placed before the commit; an error drops `tx`, which aborts it.
            let _cleared = tx.object_store(store.name())?.clear()?;
        }
        let raw: JsValue = tx.as_sys().clone().into();
        tx.commit().await.map_err(|e| commit_error(e, &raw))?;
        self.vault.forget();
        Ok(())
    }

    pub async fn count(&self, store: Store) -> Result<u32, StorageError> {
        let tx = self.db.transaction(store.name()).build()?;
        let n = tx.object_store(store.name())?.count().await?;
        Ok(n)
    }
}

thread_local! {
    static SHARED: std::cell::RefCell<Option<std::rc::Rc<Storage>>> = const { std::cell::RefCell::new(None) };
}

/// The app's one connection, opened on first use.
pub async fn shared() -> Result<std::rc::Rc<Storage>, StorageError> {
    if let Some(storage) = SHARED.with(|s| s.borrow().clone()) {
        return Ok(storage);
    }
    let storage = std::rc::Rc::new(Storage::open().await?);
    SHARED.with(|s| *s.borrow_mut() = Some(storage.clone()));
    Ok(storage)
}

/// Forgets the keys that open sealed records (the staff workspace locked).
pub fn lock_shared() {
    SHARED.with(|s| {
        if let Some(storage) = s.borrow().as_ref() {
            storage.vault.lock();
        }
    });
}

/// Deletes a whole database; used by tests to start clean.
pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    Database::delete_by_name(name)?.await?;
    Ok(())
}
