//! Encryption for transport with WebCrypto. The evaluator's key pair (ECDH
//! P-256, private half non-extractable) stays in the evaluator's browser;
//! its public key goes to staff devices as a file, which encrypt each
//! bundle to it. See `core::bundle::jwe` for the format and key derivation.

use js_sys::Reflect;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::random;
use super::webcrypto::{bytes, ecdh, object, subtle, u8s, usages};
use super::storage::{Storage, StorageError, StorageErrorKind, Store, Write};
use crate::core::bundle::jwe::{self, FlattenedJwe, RecipientKey};
use crate::core::bundle::jws::PublicJwk;

const EVALUATOR_KEY: &str = "evaluator-key";
const RECIPIENT: &str = "recipient-key";

fn error(e: JsValue) -> StorageError {
    StorageError { kind: StorageErrorKind::Other, detail: format!("WebCrypto: {e:?}") }
}

fn jwk_object(jwk: &PublicJwk) -> JsValue {
    match jwk {
        PublicJwk::Ec { crv, x, y } => object(&[
            ("kty", "EC".into()),
            ("crv", crv.as_str().into()),
            ("x", x.as_str().into()),
            ("y", y.as_str().into()),
            ("ext", true.into()),
        ]),
        PublicJwk::Okp { .. } => JsValue::NULL,
    }
}

async fn export_public(key: &JsValue) -> Result<PublicJwk, JsValue> {
    let jwk = subtle("exportKey", &["jwk".into(), key.clone()]).await?;
    let text = |k: &str| Reflect::get(&jwk, &k.into()).map(|v| v.as_string().unwrap_or_default());
    Ok(PublicJwk::Ec { crv: text("crv")?, x: text("x")?, y: text("y")? })
}

#[derive(Serialize, Deserialize)]
struct RecipientRecord {
    id: String,
    key: RecipientKey,
}

/// The evaluator's public key on this device, made on request.
pub async fn evaluator_key(storage: &Storage) -> Result<Option<RecipientKey>, StorageError> {
    let Some(found) = storage.get_raw(Store::Keys, EVALUATOR_KEY).await? else { return Ok(None) };
    let text = Reflect::get(&found, &"public".into()).map_err(error)?.as_string().unwrap_or_default();
    Ok(RecipientKey::parse(text.as_bytes()))
}

pub async fn create_evaluator_key(storage: &Storage) -> Result<RecipientKey, StorageError> {
    let pair = subtle("generateKey", &[ecdh(), false.into(), usages(&["deriveBits"])]).await.map_err(error)?;
    let public = Reflect::get(&pair, &"publicKey".into()).map_err(error)?;
    let private = Reflect::get(&pair, &"privateKey".into()).map_err(error)?;
    let key = RecipientKey::new(export_public(&public).await.map_err(error)?);
    let text = serde_json::to_string(&key).unwrap_or_default();
    let record = object(&[("id", EVALUATOR_KEY.into()), ("public", text.into()), ("private", private)]);
    storage.commit(&[Write::put_raw(Store::Keys, record)]).await?;
    Ok(key)
}

/// On a staff device: the evaluator's key that exports are encrypted to.
pub async fn recipient(storage: &Storage) -> Result<Option<RecipientKey>, StorageError> {
    Ok(storage.get::<RecipientRecord>(Store::Keys, RECIPIENT).await?.map(|r| r.key))
}

pub async fn set_recipient(storage: &Storage, key: RecipientKey) -> Result<(), StorageError> {
    storage.put(Store::Keys, &RecipientRecord { id: RECIPIENT.into(), key }).await
}

/// Encrypts a signed bundle's text to the recipient; the JWE's JSON text.
pub async fn encrypt(recipient: &RecipientKey, plaintext: &[u8]) -> Result<String, StorageError> {
    let run = async {
        let theirs =
            subtle("importKey", &["jwk".into(), jwk_object(&recipient.jwk), ecdh(), true.into(), usages(&[])]).await?;
        let pair = subtle("generateKey", &[ecdh(), true.into(), usages(&["deriveBits"])]).await?;
        let mine = Reflect::get(&pair, &"privateKey".into())?;
        let epk = export_public(&Reflect::get(&pair, &"publicKey".into())?).await?;
        let derive = object(&[("name", "ECDH".into()), ("public", theirs)]);
        let z = bytes(&subtle("deriveBits", &[derive, mine, 256.into()]).await?);
        let kek = subtle(
            "importKey",
            &["raw".into(), u8s(&jwe::key_encryption_key(&z)), "AES-KW".into(), false.into(), usages(&["wrapKey"])],
        )
        .await?;
        let gcm = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
        let cek = subtle("generateKey", &[gcm, true.into(), usages(&["encrypt"])]).await?;
        let wrapped = bytes(&subtle("wrapKey", &["raw".into(), cek.clone(), kek, "AES-KW".into()]).await?);
        let protected = jwe::protected(epk, &recipient.kid);
        let iv = random::bytes::<12>();
        let params = object(&[
            ("name", "AES-GCM".into()),
            ("iv", u8s(&iv)),
            ("additionalData", u8s(protected.as_bytes())),
            ("tagLength", 128.into()),
        ]);
        let sealed = bytes(&subtle("encrypt", &[params, cek, u8s(plaintext)]).await?);
        let jwe = FlattenedJwe::from_sealed(protected, &wrapped, &iv, &sealed);
        Ok::<String, JsValue>(serde_json::to_string(&jwe).unwrap_or_default())
    };
    run.await.map_err(error)
}

pub use crate::core::bundle::jwe::OpenProblem;

/// On the evaluator's device: the signed bundle inside an encrypted file.
pub async fn decrypt(storage: &Storage, file: &[u8]) -> Result<Result<Vec<u8>, OpenProblem>, StorageError> {
    let Some((jwe, header)) = jwe::parse(file) else { return Ok(Err(OpenProblem::CannotOpen)) };
    let Some(found) = storage.get_raw(Store::Keys, EVALUATOR_KEY).await? else { return Ok(Err(OpenProblem::NoKey)) };
    match evaluator_key(storage).await? {
        Some(k) if k.kid == header.kid => {}
        _ => return Ok(Err(OpenProblem::NoKey)),
    }
    let private = Reflect::get(&found, &"private".into()).map_err(error)?;
    let Some(parts) = jwe.parts() else { return Ok(Err(OpenProblem::CannotOpen)) };
    let run = async {
        let epk =
            subtle("importKey", &["jwk".into(), jwk_object(&header.epk), ecdh(), true.into(), usages(&[])]).await?;
        let derive = object(&[("name", "ECDH".into()), ("public", epk)]);
        let z = bytes(&subtle("deriveBits", &[derive, private, 256.into()]).await?);
        let kek = subtle(
            "importKey",
            &["raw".into(), u8s(&jwe::key_encryption_key(&z)), "AES-KW".into(), false.into(), usages(&["unwrapKey"])],
        )
        .await?;
        let gcm = object(&[("name", "AES-GCM".into())]);
        let cek = subtle(
            "unwrapKey",
            &[
                "raw".into(),
                u8s(&parts.wrapped_key),
                kek,
                "AES-KW".into(),
                gcm,
                false.into(),
                usages(&["decrypt"]),
            ],
        )
        .await?;
        let params = object(&[
            ("name", "AES-GCM".into()),
            ("iv", u8s(&parts.iv)),
            ("additionalData", u8s(jwe.protected.as_bytes())),
            ("tagLength", 128.into()),
        ]);
        Ok::<Vec<u8>, JsValue>(bytes(&subtle("decrypt", &[params, cek, u8s(&parts.sealed)]).await?))
    };
    Ok(run.await.map_err(|_| OpenProblem::CannotOpen))
}
