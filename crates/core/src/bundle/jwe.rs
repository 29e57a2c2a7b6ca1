//! Optional encryption for transport: a signed bundle encrypted to the
//! evaluator's public key as a JWE in flattened JSON (RFC 7516), key
//! agreement ECDH-ES+A256KW on P-256 and content encryption A256GCM
//! (RFC 7518). The browser does the ECDH, AES-KW and AES-GCM; the key
//! derivation (Concat KDF) and the format live here.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::base64url;
use super::jws::PublicJwk;

#[cfg(feature = "open")]
mod open;
#[cfg(feature = "open")]
pub use open::{open, PrivateKey};

pub const ALG: &str = "ECDH-ES+A256KW";
pub const ENC: &str = "A256GCM";
pub const CTY: &str = "stegvis-bundle+json";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenedJwe {
    pub protected: String,
    pub encrypted_key: String,
    pub iv: String,
    pub ciphertext: String,
    pub tag: String,
}

/// An encrypted file's binary parts, decoded and of the sizes this format
/// has: the wrapped 256-bit content key (40 bytes), a 96-bit IV, and the
/// ciphertext with its 128-bit tag at the end, as AES-GCM opens it.
pub struct Parts {
    pub wrapped_key: Vec<u8>,
    pub iv: Vec<u8>,
    pub sealed: Vec<u8>,
}

impl FlattenedJwe {
    /// The parts, or `None` when one is not base64url or not its size: such a
    /// file does not open, in the browser or on the command line.
    pub fn parts(&self) -> Option<Parts> {
        let wrapped_key = base64url::decode(&self.encrypted_key)?;
        let iv = base64url::decode(&self.iv)?;
        let tag = base64url::decode(&self.tag)?;
        if wrapped_key.len() != 40 || iv.len() != 12 || tag.len() != 16 {
            return None;
        }
        let sealed = [base64url::decode(&self.ciphertext)?, tag].concat();
        Some(Parts { wrapped_key, iv, sealed })
    }

    /// The file from what AES-GCM sealed (ciphertext with its 16-byte tag at
    /// the end, as WebCrypto gives it), the wrapped key and the IV.
    pub fn from_sealed(protected: String, wrapped_key: &[u8], iv: &[u8], sealed: &[u8]) -> FlattenedJwe {
        let (ciphertext, tag) = sealed.split_at(sealed.len().saturating_sub(16));
        FlattenedJwe {
            protected,
            encrypted_key: base64url::encode(wrapped_key),
            iv: base64url::encode(iv),
            ciphertext: base64url::encode(ciphertext),
            tag: base64url::encode(tag),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JweHeader {
    pub alg: String,
    pub enc: String,
    pub cty: String,
    /// The thumbprint of the evaluator's key the bundle is encrypted to.
    pub kid: String,
    /// The sender's one-time public key.
    pub epk: PublicJwk,
}

/// The evaluator's public key as handed out in a file: a JWK with its use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientKey {
    #[serde(flatten)]
    pub jwk: PublicJwk,
    pub kid: String,
    #[serde(rename = "use")]
    pub key_use: String,
    pub alg: String,
}

impl RecipientKey {
    pub fn new(jwk: PublicJwk) -> RecipientKey {
        RecipientKey { kid: jwk.thumbprint(), jwk, key_use: "enc".into(), alg: ALG.into() }
    }

    /// Reads a key file; only a P-256 key made for this use, with a matching kid.
    pub fn parse(text: &[u8]) -> Option<RecipientKey> {
        let key: RecipientKey = serde_json::from_slice(text).ok()?;
        let ok = matches!(&key.jwk, PublicJwk::Ec { crv, .. } if crv == "P-256")
            && key.key_use == "enc"
            && key.alg == ALG
            && key.kid == key.jwk.thumbprint();
        ok.then_some(key)
    }
}

/// Why an encrypted file does not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenProblem {
    /// No evaluator key here, or another one than the file was made for (`kid`).
    NoKey,
    /// Not such a file, or the key is right but it does not decrypt: it was changed.
    CannotOpen,
}

/// RFC 7518 §4.6.2 Concat KDF with SHA-256, for keys up to 256 bits.
pub fn concat_kdf(z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], key_bits: u32) -> Vec<u8> {
    let with_length = |data: &[u8]| [(data.len() as u32).to_be_bytes().as_slice(), data].concat();
    let mut hash = Sha256::new();
    hash.update(1u32.to_be_bytes());
    hash.update(z);
    hash.update(with_length(algorithm_id.as_bytes()));
    hash.update(with_length(apu));
    hash.update(with_length(apv));
    hash.update(key_bits.to_be_bytes());
    hash.finalize()[..(key_bits / 8) as usize].to_vec()
}

/// The key-wrapping key from the shared ECDH secret.
pub fn key_encryption_key(z: &[u8]) -> Vec<u8> {
    concat_kdf(z, ALG, &[], &[], 256)
}

/// Whether a file is a JWE rather than a signed bundle.
pub fn parse(file: &[u8]) -> Option<(FlattenedJwe, JweHeader)> {
    let jwe: FlattenedJwe = serde_json::from_slice(file).ok()?;
    let header: JweHeader = serde_json::from_slice(&base64url::decode(&jwe.protected)?).ok()?;
    (header.alg == ALG && header.enc == ENC).then_some((jwe, header))
}

/// The protected header, base64url, for an ephemeral key and a recipient.
pub fn protected(epk: PublicJwk, recipient_kid: &str) -> String {
    let header = JweHeader { alg: ALG.into(), enc: ENC.into(), cty: CTY.into(), kid: recipient_kid.into(), epk };
    base64url::encode(serde_json::to_string(&header).unwrap_or_default().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_kdf_matches_rfc_7518_appendix_c() {
        let z = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128,
            106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 128);
        assert_eq!(base64url::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
        assert_eq!(key_encryption_key(&z).len(), 32);
    }

    #[test]
    fn key_files_and_headers_are_checked() {
        let jwk = PublicJwk::Ec {
            crv: "P-256".into(),
            x: "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0".into(),
            y: "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps".into(),
        };
        let key = RecipientKey::new(jwk.clone());
        let text = serde_json::to_vec(&key).unwrap();
        assert_eq!(RecipientKey::parse(&text), Some(key.clone()));
        let mut wrong = key.clone();
        wrong.kid = "x".into();
        assert_eq!(RecipientKey::parse(&serde_json::to_vec(&wrong).unwrap()), None);
        assert_eq!(RecipientKey::parse(b"{}"), None);

        let jwe = FlattenedJwe {
            protected: protected(jwk, &key.kid),
            encrypted_key: "a".into(),
            iv: "b".into(),
            ciphertext: "c".into(),
            tag: "d".into(),
        };
        let (_, header) = parse(&serde_json::to_vec(&jwe).unwrap()).unwrap();
        assert_eq!((header.alg.as_str(), header.enc.as_str(), header.kid.as_str()), (ALG, ENC, key.kid.as_str()));
        assert_eq!(parse(br#"{"payload":"","protected":"","signature":""}"#), None);
    }
}
