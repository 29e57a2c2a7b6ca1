//! This device's signing key: made on first use with WebCrypto (Ed25519, or
//! ECDSA P-256 where Ed25519 is missing), the private half non-extractable
//! and kept in IndexedDB as the browser stores a `CryptoKey`. Only the
//! public key ever leaves the device, as a JWK.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::storage::{Storage, StorageError, StorageErrorKind, Store, Write};
use crate::core::bundle::jws::PublicJwk;

const ID: &str = "device-key";

pub struct DeviceKey {
    pub jwk: PublicJwk,
    pub kid: String,
    /// The name staff gave the device; empty until they do.
    pub label: String,
    private: web_sys::CryptoKey,
}

fn crypto_error(e: JsValue) -> StorageError {
    StorageError { kind: StorageErrorKind::Other, detail: format!("WebCrypto: {e:?}") }
}

fn subtle() -> Result<web_sys::SubtleCrypto, StorageError> {
    let crypto = web_sys::window().ok_or_else(|| crypto_error("no window".into()))?.crypto().map_err(crypto_error)?;
    Ok(crypto.subtle())
}

fn get(o: &JsValue, key: &str) -> Result<JsValue, StorageError> {
    Reflect::get(o, &key.into()).map_err(crypto_error)
}

fn algorithm(jwk: &PublicJwk) -> Result<Object, JsValue> {
    let params = Object::new();
    match jwk {
        PublicJwk::Okp { .. } => Reflect::set(&params, &"name".into(), &"Ed25519".into())?,
        PublicJwk::Ec { .. } => {
            Reflect::set(&params, &"name".into(), &"ECDSA".into())?;
            Reflect::set(&params, &"hash".into(), &"SHA-256".into())?
        }
    };
    Ok(params)
}

async fn generate(params: &Object) -> Result<JsValue, JsValue> {
    let usages = Array::of1(&"sign".into());
    JsFuture::from(subtle().map_err(|e| JsValue::from(e.detail))?.generate_key_with_object(params, false, &usages)?)
        .await
}

/// A new key pair: Ed25519 first, P-256 where the browser lacks Ed25519.
async fn create() -> Result<(JsValue, PublicJwk), StorageError> {
    let ed = Object::new();
    Reflect::set(&ed, &"name".into(), &"Ed25519".into()).map_err(crypto_error)?;
    let pair = match generate(&ed).await {
        Ok(pair) => pair,
        Err(_) => {
            let ec = Object::new();
            Reflect::set(&ec, &"name".into(), &"ECDSA".into()).map_err(crypto_error)?;
            Reflect::set(&ec, &"namedCurve".into(), &"P-256".into()).map_err(crypto_error)?;
            generate(&ec).await.map_err(crypto_error)?
        }
    };
    let public: web_sys::CryptoKey = get(&pair, "publicKey")?.unchecked_into();
    let exported =
        JsFuture::from(subtle()?.export_key("jwk", &public).map_err(crypto_error)?).await.map_err(crypto_error)?;
    let text = |k: &str| get(&exported, k).map(|v| v.as_string().unwrap_or_default());
    let jwk = match text("kty")?.as_str() {
        "OKP" => PublicJwk::Okp { crv: text("crv")?, x: text("x")? },
        _ => PublicJwk::Ec { crv: text("crv")?, x: text("x")?, y: text("y")? },
    };
    Ok((get(&pair, "privateKey")?, jwk))
}

fn record(jwk: &PublicJwk, label: &str, private: &JsValue) -> Result<JsValue, StorageError> {
    let o = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&o, &k.into(), v).map(|_| ()).map_err(crypto_error);
    set("id", &ID.into())?;
    set("jwk", &serde_json::to_string(jwk).unwrap_or_default().into())?;
    set("label", &label.into())?;
    set("private", private)?;
    Ok(o.into())
}

/// The device's key, made and stored on first use.
pub async fn ensure(storage: &Storage) -> Result<DeviceKey, StorageError> {
    if let Some(found) = storage.get_raw(Store::Keys, ID).await? {
        let jwk: PublicJwk = serde_json::from_str(&get(&found, "jwk")?.as_string().unwrap_or_default())
            .map_err(|e| StorageError { kind: StorageErrorKind::InvalidRecord, detail: e.to_string() })?;
        return Ok(DeviceKey {
            kid: jwk.thumbprint(),
            jwk,
            label: get(&found, "label")?.as_string().unwrap_or_default(),
            private: get(&found, "private")?.unchecked_into(),
        });
    }
    let (private, jwk) = create().await?;
    storage.commit(&[Write::put_raw(Store::Keys, record(&jwk, "", &private)?)]).await?;
    Ok(DeviceKey { kid: jwk.thumbprint(), jwk, label: String::new(), private: private.unchecked_into() })
}

/// Names the device ("Surfplatta 2"); the name travels in every bundle.
pub async fn set_label(storage: &Storage, key: &DeviceKey, label: &str) -> Result<(), StorageError> {
    storage.commit(&[Write::put_raw(Store::Keys, record(&key.jwk, label, &key.private.clone().into())?)]).await
}

impl DeviceKey {
    /// Signs `data` (the JWS signing input); Ed25519 or raw r‖s for P-256.
    pub async fn sign(&self, data: &[u8]) -> Result<Vec<u8>, StorageError> {
        let params = algorithm(&self.jwk).map_err(crypto_error)?;
        let promise = subtle()?.sign_with_object_and_u8_array(&params, &self.private, data).map_err(crypto_error)?;
        let signature = JsFuture::from(promise).await.map_err(crypto_error)?;
        Ok(Uint8Array::new(&signature.unchecked_into::<ArrayBuffer>()).to_vec())
    }

    /// Whether the private key is kept where no script can read it out.
    pub fn private_is_extractable(&self) -> bool {
        self.private.extractable()
    }
}
