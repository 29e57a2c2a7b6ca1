//! Encryption at rest with WebCrypto; the design is in docs/security.md.
//!
//! A staff device has an ECDH P-256 key pair for its records. The public half
//! is stored as it is, so anything on the device, a participant in kiosk mode
//! too, can seal a record. The private half is stored only encrypted
//! (AES-GCM) under the staff key, the PBKDF2 derivation of the staff
//! passphrase, and is in memory only while staff have unlocked.
//!
//! Each lock period makes an ephemeral key pair; ECDH with the device key and
//! HKDF-SHA-256 give the AES-GCM key that seals records, and the ephemeral
//! private key is dropped at once. The sealing key can only encrypt, so a
//! participant can add answers but read none back. Each record carries its
//! ephemeral public key, so staff can open it with the device private key.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::random;
use super::storage::{Storage, StorageError, StorageErrorKind, Store, Write, KEY_FIELD};
use super::webcrypto::{bytes, ecdh, object, subtle, u8s, usages};
use crate::core::at_rest;
use crate::core::bundle::base64url;

pub const AT_REST_KEY: &str = "at-rest-key";

/// The field that holds a sealed record's envelope.
const SEALED: &str = "sealed";

#[derive(Serialize, Deserialize)]
struct AtRestKeyRecord {
    id: String,
    /// The device's at-rest public key (raw P-256 point), base64url.
    public: String,
    /// Its private key (PKCS #8), AES-GCM-encrypted under the staff key, base64url.
    wrapped: String,
    iv: String,
}

#[derive(Debug, PartialEq)]
pub enum VaultError {
    /// The record is sealed and staff have not unlocked.
    Locked,
    /// The record does not open: altered, or sealed by another key.
    Unreadable(String),
}

#[derive(Default)]
struct State {
    public: Option<JsValue>,
    /// Present only while staff have unlocked.
    private: Option<JsValue>,
    /// This lock period's ephemeral public key and the encrypt-only key agreed with it.
    session: Option<(Vec<u8>, JsValue)>,
    /// Decrypt keys already agreed, by ephemeral public key; kept only while unlocked.
    opened: HashMap<Vec<u8>, JsValue>,
    /// The HMAC key that hides record keys; kept only while unlocked.
    ids: Option<JsValue>,
}

#[derive(Default)]
pub struct Vault {
    state: RefCell<State>,
}

fn gcm(iv: &[u8], associated: &[u8]) -> JsValue {
    object(&[("name", "AES-GCM".into()), ("iv", u8s(iv)), ("additionalData", u8s(associated))])
}

async fn import_public(raw: &[u8]) -> Result<JsValue, JsValue> {
    subtle("importKey", &["raw".into(), u8s(raw), ecdh(), true.into(), usages(&[])]).await
}

/// ECDH between `private` and `public`, then HKDF-SHA-256 with `salt` and
/// `info`: a non-extractable key of `algorithm`, allowed only `usage`.
async fn agreed_key(
    private: &JsValue,
    public: &JsValue,
    salt: &[u8],
    info: &[u8],
    algorithm: JsValue,
    usage: &str,
) -> Result<JsValue, JsValue> {
    let derive = object(&[("name", "ECDH".into()), ("public", public.clone())]);
    let z = subtle("deriveBits", &[derive, private.clone(), 256.into()]).await?;
    let hkdf = subtle("importKey", &["raw".into(), z, "HKDF".into(), false.into(), usages(&["deriveKey"])]).await?;
    let params = object(&[("name", "HKDF".into()), ("hash", "SHA-256".into()), ("salt", u8s(salt)), ("info", u8s(info))]);
    subtle("deriveKey", &[params, hkdf, algorithm, false.into(), usages(&[usage])]).await
}

/// The AES-GCM key of the records sealed under the ephemeral key `epk`.
async fn record_key(private: &JsValue, public: &JsValue, epk: &[u8], usage: &str) -> Result<JsValue, JsValue> {
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    agreed_key(private, public, epk, at_rest::RECORD_KEY_INFO, aes, usage).await
}

/// The HMAC-SHA-256 key that hides record keys: ECDH of the device key with
/// itself, so it needs nothing stored beyond the device key.
async fn id_key(private: &JsValue, public: &JsValue) -> Result<JsValue, JsValue> {
    let hmac = object(&[("name", "HMAC".into()), ("hash", "SHA-256".into()), ("length", 256.into())]);
    agreed_key(private, public, &[], at_rest::ID_KEY_INFO, hmac, "sign").await
}

fn field_bytes(object: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    let value = Reflect::get(object, &name.into())?;
    let view: &Uint8Array = value.dyn_ref().ok_or_else(|| JsValue::from_str(&format!("{name} is not bytes")))?;
    Ok(view.to_vec())
}

/// Whether a stored value is a sealed envelope.
pub fn is_sealed_value(value: &JsValue) -> bool {
    Reflect::get(value, &SEALED.into()).is_ok_and(|v| v.is_object())
}

impl Vault {
    /// Whether records are sealed on this device (it has an at-rest key).
    pub fn seals(&self) -> bool {
        self.state.borrow().public.is_some()
    }

    pub fn is_open(&self) -> bool {
        self.state.borrow().private.is_some()
    }

    /// Forgets the private key and every key agreed with it; the next record
    /// is sealed under a new ephemeral key.
    pub fn lock(&self) {
        let mut state = self.state.borrow_mut();
        state.private = None;
        state.session = None;
        state.opened.clear();
        state.ids = None;
    }

    /// Forgets the device key too: after its record is erased, records are
    /// stored as they are until a new staff passphrase makes a new key.
    pub fn forget(&self) {
        *self.state.borrow_mut() = State::default();
    }

    async fn set_keys(&self, public_raw: &[u8], private: Option<JsValue>) -> Result<(), JsValue> {
        let public = import_public(public_raw).await?;
        let ids = match &private {
            Some(private) => Some(id_key(private, &public).await?),
            None => None,
        };
        let mut state = self.state.borrow_mut();
        state.public = Some(public);
        state.private = private;
        state.session = None;
        state.opened.clear();
        state.ids = ids;
        Ok(())
    }

    /// The key `id` is stored under in a store that hides its keys.
    pub async fn hidden_id(&self, id: &str) -> Result<String, VaultError> {
        let key = self.state.borrow().ids.clone().ok_or(VaultError::Locked)?;
        let mac = subtle("sign", &["HMAC".into(), key, u8s(id.as_bytes())])
            .await
            .map_err(|e| VaultError::Unreadable(format!("{e:?}")))?;
        // 128 bits: no two codes on a device meet, and the code is not guessable from it.
        Ok(format!("{}{}", at_rest::HIDDEN_ID_PREFIX, base64url::encode(&bytes(&mac)[..16])))
    }

    async fn session(&self) -> Result<(Vec<u8>, JsValue), JsValue> {
        if let Some(session) = self.state.borrow().session.clone() {
            return Ok(session);
        }
        let public = self.state.borrow().public.clone().ok_or("no at-rest key")?;
        let pair = subtle("generateKey", &[ecdh(), true.into(), usages(&["deriveBits"])]).await?;
        let epk = bytes(&subtle("exportKey", &["raw".into(), Reflect::get(&pair, &"publicKey".into())?]).await?);
        let mine = Reflect::get(&pair, &"privateKey".into())?;
        let key = record_key(&mine, &public, &epk, "encrypt").await?;
        // A seal started meanwhile may have made one too; either is sound, keep the first.
        let mut state = self.state.borrow_mut();
        Ok(state.session.get_or_insert((epk, key)).clone())
    }

    /// `record` (stored as `id` of `store`) as a sealed envelope.
    pub async fn seal(&self, store: &str, id: &str, record: &JsValue) -> Result<JsValue, JsValue> {
        let (epk, key) = self.session().await?;
        let text = js_sys::JSON::stringify(record)?.as_string().unwrap_or_default();
        let iv = random::bytes::<12>();
        let associated = at_rest::associated_data(store, id);
        let ct = subtle("encrypt", &[gcm(&iv, &associated), key, u8s(text.as_bytes())]).await?;
        let envelope =
            object(&[("v", 1.into()), ("epk", u8s(&epk)), ("iv", u8s(&iv)), ("ct", Uint8Array::new(&ct).into())]);
        Ok(object(&[(KEY_FIELD, id.into()), (SEALED, envelope)]))
    }

    /// The record as it was written: a sealed one opened, any other as it is.
    pub async fn open(&self, store: &str, record: JsValue) -> Result<JsValue, VaultError> {
        if !is_sealed_value(&record) {
            return Ok(record);
        }
        let private = self.state.borrow().private.clone().ok_or(VaultError::Locked)?;
        let opened = async {
            let id = Reflect::get(&record, &KEY_FIELD.into())?.as_string().unwrap_or_default();
            let envelope = Reflect::get(&record, &SEALED.into())?;
            let (epk, iv, ct) =
                (field_bytes(&envelope, "epk")?, field_bytes(&envelope, "iv")?, field_bytes(&envelope, "ct")?);
            let known = self.state.borrow().opened.get(&epk).cloned();
            let key = match known {
                Some(key) => key,
                None => {
                    let key = record_key(&private, &import_public(&epk).await?, &epk, "decrypt").await?;
                    self.state.borrow_mut().opened.insert(epk, key.clone());
                    key
                }
            };
            let plain = bytes(&subtle("decrypt", &[gcm(&iv, &at_rest::associated_data(store, &id)), key, u8s(&ct)]).await?);
            js_sys::JSON::parse(&String::from_utf8(plain).map_err(|_| JsValue::from_str("not UTF-8"))?)
        };
        opened.await.map_err(|e: JsValue| VaultError::Unreadable(format!("{e:?}")))
    }
}

fn crypto_error(e: JsValue) -> StorageError {
    StorageError { kind: StorageErrorKind::Other, detail: format!("WebCrypto: {e:?}") }
}

fn decoded(text: &str) -> Result<Vec<u8>, StorageError> {
    base64url::decode(text)
        .ok_or(StorageError { kind: StorageErrorKind::InvalidRecord, detail: "at-rest key is not base64url".into() })
}

/// Reads the device's at-rest public key, if it has one, so records are
/// sealed from the first write after start-up (nothing is unlocked yet).
pub async fn load(storage: &Storage) -> Result<(), StorageError> {
    if let Some(record) = storage.get::<AtRestKeyRecord>(Store::Keys, AT_REST_KEY).await? {
        storage.vault.set_keys(&decoded(&record.public)?, None).await.map_err(crypto_error)?;
    }
    Ok(())
}

/// Opens the vault with the staff key (the PBKDF2 bits of the passphrase):
/// unwraps the device's private key, or makes the device's at-rest key pair
/// on first use. Then seals every record still stored in plain text (written
/// before this device had a key), all in one transaction.
pub async fn unlock(storage: &Storage, staff_key: &[u8]) -> Result<(), StorageError> {
    let kek = wrapping_key(staff_key).await?;
    let unusable = usages(&["deriveBits"]);
    match storage.get::<AtRestKeyRecord>(Store::Keys, AT_REST_KEY).await? {
        Some(record) => {
            let pkcs8 = unwrapped(&record, kek).await?;
            let private = subtle("importKey", &["pkcs8".into(), pkcs8, ecdh(), false.into(), unusable])
                .await
                .map_err(crypto_error)?;
            storage.vault.set_keys(&decoded(&record.public)?, Some(private)).await.map_err(crypto_error)?;
        }
        None => {
            let made = async {
                let pair = subtle("generateKey", &[ecdh(), true.into(), usages(&["deriveBits"])]).await?;
                let pkcs8 = subtle("exportKey", &["pkcs8".into(), Reflect::get(&pair, &"privateKey".into())?]).await?;
                let public = bytes(&subtle("exportKey", &["raw".into(), Reflect::get(&pair, &"publicKey".into())?]).await?);
                let record = wrapped(base64url::encode(&public), pkcs8.clone(), kek).await?;
                // Kept in memory non-extractable; the extractable original is dropped here.
                let private = subtle("importKey", &["pkcs8".into(), pkcs8, ecdh(), false.into(), unusable]).await?;
                Ok::<_, JsValue>((public, record, private))
            };
            let (public, record, private) = made.await.map_err(crypto_error)?;
            storage.put(Store::Keys, &record).await?;
            storage.vault.set_keys(&public, Some(private)).await.map_err(crypto_error)?;
        }
    }
    seal_plain_records(storage).await
}

/// The staff key as the AES-GCM key that wraps the device's private key.
async fn wrapping_key(staff_key: &[u8]) -> Result<JsValue, StorageError> {
    let aes = usages(&["encrypt", "decrypt"]);
    subtle("importKey", &["raw".into(), u8s(staff_key), "AES-GCM".into(), false.into(), aes])
        .await
        .map_err(crypto_error)
}

/// The key record for the device key `public` (base64url), its private key
/// `pkcs8` wrapped under `kek` with a fresh IV.
async fn wrapped(public: String, pkcs8: JsValue, kek: JsValue) -> Result<AtRestKeyRecord, JsValue> {
    let iv = random::bytes::<12>();
    let wrapped = bytes(&subtle("encrypt", &[gcm(&iv, at_rest::WRAPPED_KEY_AAD), kek, pkcs8]).await?);
    Ok(AtRestKeyRecord {
        id: AT_REST_KEY.into(),
        public,
        wrapped: base64url::encode(&wrapped),
        iv: base64url::encode(&iv),
    })
}

/// The device's private key (PKCS #8) from its record, unwrapped with `kek`.
async fn unwrapped(record: &AtRestKeyRecord, kek: JsValue) -> Result<JsValue, StorageError> {
    let (iv, wrapped) = (decoded(&record.iv)?, decoded(&record.wrapped)?);
    subtle("decrypt", &[gcm(&iv, at_rest::WRAPPED_KEY_AAD), kek, u8s(&wrapped)]).await.map_err(crypto_error)
}

/// The write that stores the device's private key wrapped under `new_key`
/// instead of `old_key`, for the caller to commit together with the new
/// passphrase; none if the device has no at-rest key yet. The records need
/// nothing: they are sealed to the device key, which stays the same.
pub async fn rewrapped(storage: &Storage, old_key: &[u8], new_key: &[u8]) -> Result<Option<Write>, StorageError> {
    let Some(record) = storage.get::<AtRestKeyRecord>(Store::Keys, AT_REST_KEY).await? else {
        return Ok(None);
    };
    let pkcs8 = unwrapped(&record, wrapping_key(old_key).await?).await?;
    let record = wrapped(record.public, pkcs8, wrapping_key(new_key).await?).await.map_err(crypto_error)?;
    Ok(Some(Write::put(Store::Keys, &record)?))
}

async fn seal_plain_records(storage: &Storage) -> Result<(), StorageError> {
    let mut writes = Vec::new();
    for store in Store::ALL {
        for prefix in at_rest::sealed_prefixes(store.name()) {
            for value in storage.all_stored(store, prefix).await? {
                if !is_sealed_value(&value) {
                    if at_rest::hides_id(store.name()) {
                        // Its plain key goes; the sealed copy is stored under the hidden one.
                        let id = Reflect::get(&value, &KEY_FIELD.into()).ok().and_then(|v| v.as_string());
                        writes.push(Write::delete_stored(store, &id.unwrap_or_default()));
                    }
                    writes.push(Write::put_raw(store, value));
                }
            }
        }
    }
    storage.commit(&writes).await
}
