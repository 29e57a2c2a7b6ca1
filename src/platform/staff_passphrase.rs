//! The staff passphrase: chosen at first use, kept only as a salted PBKDF2
//! derivation (WebCrypto, SHA-256, 600 000 iterations), with a persistent
//! count of wrong guesses so that reloading does not reset the slow-down.
//! The derived bits themselves are the staff key that opens the device's
//! encrypted records (`vault`); only their SHA-256 is stored.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{random, vault};
use super::storage::{Storage, StorageError, StorageErrorKind, Store, Write};
use crate::core::staff_lock;

pub const ITERATIONS: u32 = 600_000;
const PASSPHRASE_ID: &str = "staff-passphrase";
const FAILURES_ID: &str = "unlock-failures";

#[derive(Serialize, Deserialize)]
struct PassphraseRecord {
    id: String,
    salt: String,
    iterations: u32,
    /// SHA-256 of the derived bits: the bits themselves will wrap the data key.
    verifier: String,
}

#[derive(Serialize, Deserialize)]
struct Failures {
    id: String,
    count: u32,
    /// `Date.now()` of the last wrong guess.
    last_ms: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unlock {
    Unlocked,
    /// Wrong; `wait_ms` before the next guess is allowed.
    Wrong {
        failures: u32,
        wait_ms: f64,
    },
    /// Too soon after wrong guesses: nothing was checked.
    MustWait {
        wait_ms: f64,
    },
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()).collect()
}

fn crypto_error(e: JsValue) -> StorageError {
    StorageError { kind: StorageErrorKind::Other, detail: format!("WebCrypto: {e:?}") }
}

/// PBKDF2-SHA-256 over the passphrase (the staff key), and SHA-256 of it (the verifier).
async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<(Vec<u8>, String), JsValue> {
    let subtle = web_sys::window().ok_or("no window")?.crypto()?.subtle();
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let usages = Array::of1(&"deriveBits".into());
    let key = JsFuture::from(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages)?).await?;
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"PBKDF2".into())?;
    Reflect::set(&params, &"hash".into(), &"SHA-256".into())?;
    Reflect::set(&params, &"salt".into(), &Uint8Array::from(salt))?;
    Reflect::set(&params, &"iterations".into(), &iterations.into())?;
    let bits = JsFuture::from(subtle.derive_bits_with_object(&params, &key.unchecked_into(), 256)?).await?;
    let bits = Uint8Array::new(&bits.unchecked_into::<ArrayBuffer>()).to_vec();
    let digest = JsFuture::from(subtle.digest_with_str_and_u8_array("SHA-256", &bits)?).await?;
    Ok((bits, hex(&Uint8Array::new(&digest.unchecked_into::<ArrayBuffer>()).to_vec())))
}

pub async fn is_set(storage: &Storage) -> Result<bool, StorageError> {
    Ok(storage.get::<PassphraseRecord>(Store::Keys, PASSPHRASE_ID).await?.is_some())
}

/// Stores a new passphrase (first use) and opens the device's encrypted
/// records with it. The caller has checked it with `core::staff_lock::check_new`.
pub async fn set(storage: &Storage, passphrase: &str) -> Result<(), StorageError> {
    let salt = random::bytes::<16>();
    let (staff_key, verifier) = derive(passphrase, &salt, ITERATIONS).await.map_err(crypto_error)?;
    storage
        .put(
            Store::Keys,
            &PassphraseRecord { id: PASSPHRASE_ID.into(), salt: hex(&salt), iterations: ITERATIONS, verifier },
        )
        .await?;
    vault::unlock(storage, &staff_key).await
}

/// A guess checked against the stored verifier.
enum Checked {
    /// Right: the staff key it derives.
    Right(Vec<u8>),
    /// Wrong, or too soon after wrong guesses.
    Refused(Unlock),
}

/// Checks a guess, unless the slow-down says it is too soon; counts a wrong
/// one and clears the count on a right one.
async fn check(storage: &Storage, passphrase: &str) -> Result<Checked, StorageError> {
    let record = storage
        .get::<PassphraseRecord>(Store::Keys, PASSPHRASE_ID)
        .await?
        .ok_or(StorageError { kind: StorageErrorKind::Other, detail: "no staff passphrase set".into() })?;
    let failures = storage.get::<Failures>(Store::Settings, FAILURES_ID).await?;
    let (count, last_ms) = failures.map_or((0, 0.0), |f| (f.count, f.last_ms));
    let now = js_sys::Date::now();
    let wait_ms = staff_lock::remaining_wait(count, last_ms, now);
    if wait_ms > 0.0 {
        return Ok(Checked::Refused(Unlock::MustWait { wait_ms }));
    }
    let (staff_key, guess) = derive(passphrase, &unhex(&record.salt), record.iterations).await.map_err(crypto_error)?;
    if guess == record.verifier {
        storage.delete(Store::Settings, FAILURES_ID).await?;
        return Ok(Checked::Right(staff_key));
    }
    let count = count.saturating_add(1);
    storage.put(Store::Settings, &Failures { id: FAILURES_ID.into(), count, last_ms: now }).await?;
    Ok(Checked::Refused(Unlock::Wrong { failures: count, wait_ms: staff_lock::wait_after(count) }))
}

/// Checks a guess, unless the slow-down says it is too soon; a right one
/// opens the device's encrypted records.
pub async fn unlock(storage: &Storage, passphrase: &str) -> Result<Unlock, StorageError> {
    match check(storage, passphrase).await? {
        Checked::Right(staff_key) => {
            vault::unlock(storage, &staff_key).await?;
            Ok(Unlock::Unlocked)
        }
        Checked::Refused(refused) => Ok(refused),
    }
}

/// Replaces the passphrase once the current one is right (with the same
/// slow-down as unlocking); `Unlock::Unlocked` means it is changed. The new
/// verifier and the device key wrapped under the new staff key are written
/// in one transaction, so a failure leaves the current passphrase working.
/// The caller has checked the new one with `core::staff_lock::check_change`.
pub async fn change(storage: &Storage, current: &str, new: &str) -> Result<Unlock, StorageError> {
    let old_key = match check(storage, current).await? {
        Checked::Right(key) => key,
        Checked::Refused(refused) => return Ok(refused),
    };
    let salt = random::bytes::<16>();
    let (new_key, verifier) = derive(new, &salt, ITERATIONS).await.map_err(crypto_error)?;
    let record = PassphraseRecord { id: PASSPHRASE_ID.into(), salt: hex(&salt), iterations: ITERATIONS, verifier };
    let mut writes = vec![Write::put(Store::Keys, &record)?];
    writes.extend(vault::rewrapped(storage, &old_key, &new_key).await?);
    storage.commit(&writes).await?;
    vault::unlock(storage, &new_key).await?;
    Ok(Unlock::Unlocked)
}
