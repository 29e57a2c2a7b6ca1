//! Natively, what the evaluator's browser does with WebCrypto: making the
//! evaluator's key pair and opening files encrypted to it (feature `open`,
//! for the command-line tool only).

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use aes_kw::KekAes256;
use p256::elliptic_curve::rand_core::OsRng;
use p256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use p256::{EncodedPoint, PublicKey, SecretKey};
use serde::{Deserialize, Serialize};

use super::{key_encryption_key, parse, OpenProblem, RecipientKey, ALG};
use crate::bundle::base64url;
use crate::bundle::jws::PublicJwk;

/// An evaluator's P-256 private key (ECDH).
#[derive(Clone)]
pub struct PrivateKey {
    secret: SecretKey,
}

/// The private key file: the public JWK with `d`, `kid`, `use` and `alg`.
#[derive(Serialize, Deserialize)]
struct PrivateKeyFile {
    kty: String,
    crv: String,
    x: String,
    y: String,
    d: String,
    kid: String,
    #[serde(rename = "use")]
    key_use: String,
    alg: String,
}

fn bytes32(b64: &str) -> Option<[u8; 32]> {
    base64url::decode(b64)?.try_into().ok()
}

fn public_jwk(key: &PublicKey) -> PublicJwk {
    let point = key.to_encoded_point(false);
    let coordinate = |c: Option<&p256::FieldBytes>| base64url::encode(c.map(|c| c.as_slice()).unwrap_or_default());
    PublicJwk::Ec { crv: "P-256".into(), x: coordinate(point.x()), y: coordinate(point.y()) }
}

fn public_key(jwk: &PublicJwk) -> Option<PublicKey> {
    let PublicJwk::Ec { crv, x, y } = jwk else { return None };
    if crv != "P-256" {
        return None;
    }
    let point = EncodedPoint::from_affine_coordinates(&bytes32(x)?.into(), &bytes32(y)?.into(), false);
    PublicKey::from_encoded_point(&point).into()
}

impl PrivateKey {
    /// A new key from the operating system's randomness.
    pub fn generate() -> PrivateKey {
        PrivateKey { secret: SecretKey::random(&mut OsRng) }
    }

    /// Reads a private key file; only a P-256 key for this use whose `x`, `y`
    /// and `kid` belong to its `d`.
    pub fn parse(text: &[u8]) -> Option<PrivateKey> {
        let file: PrivateKeyFile = serde_json::from_slice(text).ok()?;
        if file.kty != "EC" || file.crv != "P-256" || file.key_use != "enc" || file.alg != ALG {
            return None;
        }
        let key = PrivateKey { secret: SecretKey::from_bytes(&bytes32(&file.d)?.into()).ok()? };
        let public = key.public();
        let ok =
            matches!(&public.jwk, PublicJwk::Ec { x, y, .. } if *x == file.x && *y == file.y) && file.kid == public.kid;
        ok.then_some(key)
    }

    /// The private key file (pretty JSON, ending with a newline).
    pub fn to_file(&self) -> String {
        let public = self.public();
        let PublicJwk::Ec { crv, x, y } = public.jwk else { unreachable!("a P-256 key") };
        let file = PrivateKeyFile {
            kty: "EC".into(),
            crv,
            x,
            y,
            d: base64url::encode(&self.secret.to_bytes()),
            kid: public.kid,
            key_use: public.key_use,
            alg: public.alg,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// The public key file that staff devices encrypt to.
    pub fn public(&self) -> RecipientKey {
        RecipientKey::new(public_jwk(&self.secret.public_key()))
    }

    pub fn kid(&self) -> String {
        self.public().kid
    }
}

/// Only the kid: the private half never goes into logs.
impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey").field("kid", &self.kid()).finish_non_exhaustive()
    }
}

fn cannot<E>(_: E) -> OpenProblem {
    OpenProblem::CannotOpen
}

/// The signed bundle inside a file encrypted to `key`.
pub fn open(file: &[u8], key: &PrivateKey) -> Result<Vec<u8>, OpenProblem> {
    let (jwe, header) = parse(file).ok_or(OpenProblem::CannotOpen)?;
    if header.kid != key.kid() {
        return Err(OpenProblem::NoKey);
    }
    let parts = jwe.parts().ok_or(OpenProblem::CannotOpen)?;
    let epk = public_key(&header.epk).ok_or(OpenProblem::CannotOpen)?;
    let z = p256::ecdh::diffie_hellman(key.secret.to_nonzero_scalar(), epk.as_affine());
    let kek: [u8; 32] = key_encryption_key(z.raw_secret_bytes()).try_into().map_err(cannot)?;
    let mut cek = [0u8; 32];
    KekAes256::from(kek).unwrap(&parts.wrapped_key, &mut cek).map_err(cannot)?;
    let (iv, sealed) = (parts.iv, parts.sealed);
    let payload = Payload { msg: &sealed, aad: jwe.protected.as_bytes() };
    Aes256Gcm::new(&cek.into()).decrypt(Nonce::from_slice(&iv), payload).map_err(cannot)
}

#[cfg(test)]
mod tests {
    use super::super::{protected, FlattenedJwe};
    use super::*;
    use p256::elliptic_curve::rand_core::RngCore;

    /// What the browser's `encrypt` does, with the core's own header.
    fn seal(recipient: &RecipientKey, plaintext: &[u8]) -> Vec<u8> {
        let ephemeral = SecretKey::random(&mut OsRng);
        let theirs = public_key(&recipient.jwk).unwrap();
        let z = p256::ecdh::diffie_hellman(ephemeral.to_nonzero_scalar(), theirs.as_affine());
        let kek: [u8; 32] = key_encryption_key(z.raw_secret_bytes()).try_into().unwrap();
        let (mut cek, mut iv, mut wrapped) = ([0u8; 32], [0u8; 12], [0u8; 40]);
        OsRng.fill_bytes(&mut cek);
        OsRng.fill_bytes(&mut iv);
        KekAes256::from(kek).wrap(&cek, &mut wrapped).unwrap();
        let protected = protected(public_jwk(&ephemeral.public_key()), &recipient.kid);
        let payload = Payload { msg: plaintext, aad: protected.as_bytes() };
        let sealed = Aes256Gcm::new(&cek.into()).encrypt(Nonce::from_slice(&iv), payload).unwrap();
        let jwe = FlattenedJwe::from_sealed(protected, &wrapped, &iv, &sealed);
        serde_json::to_vec(&jwe).unwrap()
    }

    #[test]
    fn opens_a_file_made_by_jose() {
        // tests/fixtures/make-jwe-fixture.mjs: npm `jose`, RFC 7518 Appendix C's key.
        let key_file = include_str!("../../../tests/fixtures/jwe/evaluator-key.json");
        let key = PrivateKey::parse(key_file.as_bytes()).expect("jose's key file parses");
        assert_eq!(key.to_file(), key_file);
        let file = include_bytes!("../../../tests/fixtures/jwe/bundle.jwe.json");
        assert_eq!(open(file, &key).unwrap(), br#"{"hello":"stegvis"}"#);
    }

    #[test]
    fn opens_what_is_sealed_to_its_key_only() {
        let key = PrivateKey::generate();
        let plaintext = br#"{"payload":"","protected":"","signature":""}"#;
        let file = seal(&key.public(), plaintext);
        assert_eq!(open(&file, &key).unwrap(), plaintext);
        assert_eq!(open(&file, &PrivateKey::generate()), Err(OpenProblem::NoKey));
        assert_eq!(open(b"not a file", &key), Err(OpenProblem::CannotOpen));
        assert_eq!(open(b"{}", &key), Err(OpenProblem::CannotOpen));

        let mut jwe: FlattenedJwe = serde_json::from_slice(&file).unwrap();
        let mut ciphertext = base64url::decode(&jwe.ciphertext).unwrap();
        ciphertext[0] ^= 1;
        jwe.ciphertext = base64url::encode(&ciphertext);
        assert_eq!(open(&serde_json::to_vec(&jwe).unwrap(), &key), Err(OpenProblem::CannotOpen));
    }

    #[test]
    fn key_files_round_trip_and_are_checked() {
        let key = PrivateKey::generate();
        let text = key.to_file();
        assert!(text.ends_with("}\n"));
        let read = PrivateKey::parse(text.as_bytes()).unwrap();
        assert_eq!((read.to_file(), read.kid()), (text.clone(), key.kid()));
        assert_eq!(RecipientKey::parse(serde_json::to_string(&key.public()).unwrap().as_bytes()), Some(key.public()));

        // Another key's d under this key's x, y and kid.
        let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
        file["d"] = serde_json::from_str::<serde_json::Value>(&PrivateKey::generate().to_file()).unwrap()["d"].clone();
        assert!(PrivateKey::parse(file.to_string().as_bytes()).is_none());
        let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
        file["kid"] = "x".into();
        assert!(PrivateKey::parse(file.to_string().as_bytes()).is_none());
        assert!(PrivateKey::parse(b"{}").is_none());
        let d = serde_json::from_str::<serde_json::Value>(&text).unwrap()["d"].as_str().unwrap().to_owned();
        assert!(!format!("{key:?}").contains(&d));
    }
}
