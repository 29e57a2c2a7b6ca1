//! JWS in flattened JSON serialisation (RFC 7515 §7.2.2) with the signer's
//! public key embedded in the protected header (`jwk`) and its RFC 7638
//! thumbprint as `kid`. EdDSA (Ed25519, RFC 8037) or ES256 (P-256).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::base64url;

/// The file as written: three base64url texts, nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenedJws {
    pub payload: String,
    pub protected: String,
    pub signature: String,
}

/// A public key as JWK: Ed25519 (`OKP`) or P-256 (`EC`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kty")]
pub enum PublicJwk {
    #[serde(rename = "OKP")]
    Okp { crv: String, x: String },
    #[serde(rename = "EC")]
    Ec { crv: String, x: String, y: String },
}

impl PublicJwk {
    /// RFC 7638: SHA-256 over the required members in lexicographic order.
    pub fn thumbprint(&self) -> String {
        let text = match self {
            PublicJwk::Okp { crv, x } => format!(r#"{{"crv":"{crv}","kty":"OKP","x":"{x}"}}"#),
            PublicJwk::Ec { crv, x, y } => format!(r#"{{"crv":"{crv}","kty":"EC","x":"{x}","y":"{y}"}}"#),
        };
        base64url::encode(&Sha256::digest(text.as_bytes()))
    }

    pub fn alg(&self) -> &'static str {
        match self {
            PublicJwk::Okp { .. } => "EdDSA",
            PublicJwk::Ec { .. } => "ES256",
        }
    }
}

/// The check code a person compares by eye or reads aloud: SHA-256 of the `kid`
/// text, its first 10 bytes as a big-endian integer mod 10^20, written as 20 digits
/// in four groups of five (`07180 85813 20899 32629`); about 66 bits. Empty for an
/// empty `kid` (no key yet). See docs/bundle-format.md, "Device check code".
pub fn fingerprint(kid: &str) -> String {
    if kid.is_empty() {
        return String::new();
    }
    let digest = Sha256::digest(kid.as_bytes());
    let n = digest[..10].iter().fold(0u128, |n, &b| (n << 8) | u128::from(b)) % 10u128.pow(20);
    let digits = format!("{n:020}");
    [0, 5, 10, 15].map(|i| &digits[i..i + 5]).join(" ")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedHeader {
    pub alg: String,
    pub typ: String,
    pub kid: String,
    pub jwk: PublicJwk,
}

pub const TYP: &str = "stegvis-bundle+json";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwsError {
    /// Not the three-member JSON object at all.
    NotJws,
    /// The header is unreadable or names another algorithm, type or key.
    BadHeader,
    /// The signature does not match the header and payload.
    SignatureMismatch,
}

/// The header for a key: `alg` from the key type, `kid` its thumbprint.
pub fn header_for(jwk: &PublicJwk) -> ProtectedHeader {
    ProtectedHeader { alg: jwk.alg().into(), typ: TYP.into(), kid: jwk.thumbprint(), jwk: jwk.clone() }
}

/// The bytes that are signed: `BASE64URL(header) . BASE64URL(payload)`.
pub fn signing_input(protected_b64: &str, payload_b64: &str) -> String {
    format!("{protected_b64}.{payload_b64}")
}

#[cfg(feature = "verify")]
fn key_bytes<const N: usize>(b64: &str) -> Option<[u8; N]> {
    base64url::decode(b64)?.try_into().ok()
}

/// Checks the signature; on success the header and the payload's bytes.
#[cfg(feature = "verify")]
pub fn verify(jws: &FlattenedJws) -> Result<(ProtectedHeader, Vec<u8>), JwsError> {
    let header_bytes = base64url::decode(&jws.protected).ok_or(JwsError::BadHeader)?;
    let header: ProtectedHeader = serde_json::from_slice(&header_bytes).map_err(|_| JwsError::BadHeader)?;
    if header.typ != TYP || header.alg != header.jwk.alg() || header.kid != header.jwk.thumbprint() {
        return Err(JwsError::BadHeader);
    }
    let payload = base64url::decode(&jws.payload).ok_or(JwsError::SignatureMismatch)?;
    let signature = base64url::decode(&jws.signature).ok_or(JwsError::SignatureMismatch)?;
    let input = signing_input(&jws.protected, &jws.payload);
    let valid = match &header.jwk {
        PublicJwk::Okp { crv, x } if crv == "Ed25519" => {
            let key = key_bytes::<32>(x).and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok());
            let sig: Option<[u8; 64]> = signature.as_slice().try_into().ok();
            match (key, sig) {
                (Some(key), Some(sig)) => {
                    key.verify_strict(input.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
                }
                _ => false,
            }
        }
        PublicJwk::Ec { crv, x, y } if crv == "P-256" => {
            use p256::ecdsa::signature::Verifier;
            let (Some(x), Some(y)) = (key_bytes::<32>(x), key_bytes::<32>(y)) else {
                return Err(JwsError::BadHeader);
            };
            let point = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
            let key = p256::ecdsa::VerifyingKey::from_encoded_point(&point).map_err(|_| JwsError::BadHeader)?;
            // JWS carries R || S (64 bytes), not DER. WebCrypto does not normalise S, so both forms pass.
            p256::ecdsa::Signature::from_slice(&signature).is_ok_and(|sig| key.verify(input.as_bytes(), &sig).is_ok())
        }
        _ => return Err(JwsError::BadHeader),
    };
    if valid {
        Ok((header, payload))
    } else {
        Err(JwsError::SignatureMismatch)
    }
}

/// Puts a signature made elsewhere (WebCrypto) together with what it signed.
pub fn assemble(protected_b64: String, payload_b64: String, signature: &[u8]) -> FlattenedJws {
    FlattenedJws { payload: payload_b64, protected: protected_b64, signature: base64url::encode(signature) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7638_thumbprint_of_the_rfc_8037_example_key() {
        // RFC 8037 appendix A.3.
        let jwk = PublicJwk::Okp { crv: "Ed25519".into(), x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo".into() };
        assert_eq!(jwk.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        // Expected value from Python: hashlib.sha256(kid.encode()).digest()[:10], big-endian, mod 10**20.
        assert_eq!(fingerprint(&jwk.thumbprint()), "07180 85813 20899 32629");
    }

    #[test]
    fn the_check_code_is_four_groups_of_five_digits_and_differs_between_keys() {
        let rfc = fingerprint("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        // The key of tests/fixtures/bundle-example.json.
        let example = fingerprint("WH8FySBspsk82ok9sH4h-FkjT07hQSjwMRwpbwcBfoQ");
        assert_eq!(example, "41988 26186 37504 90329");
        for code in [&rfc, &example] {
            let groups: Vec<&str> = code.split(' ').collect();
            assert_eq!(groups.len(), 4, "{code}");
            assert!(groups.iter().all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit())), "{code}");
        }
        assert_ne!(rfc, example);
        assert_eq!(fingerprint(""), "");
    }

    #[test]
    fn the_rfc_8037_example_signature_verifies_and_a_changed_one_does_not() {
        // RFC 8037 appendix A.4, with our header: re-signing is not possible here, so
        // check the raw Ed25519 verification on the RFC's own signing input.
        let key = key_bytes::<32>("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
        let key = ed25519_dalek::VerifyingKey::from_bytes(&key).unwrap();
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        let sig =
            base64url::decode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")
                .unwrap();
        let sig = ed25519_dalek::Signature::from_bytes(&sig.try_into().unwrap());
        assert!(key.verify_strict(input.as_bytes(), &sig).is_ok());
        assert!(key.verify_strict(b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmd", &sig).is_err());
    }
}
