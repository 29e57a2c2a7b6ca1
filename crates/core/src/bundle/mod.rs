//! Signed bundles: what a device exports and an evaluator imports. A bundle
//! is a JWS (flattened JSON) whose payload is the canonical JSON (RFC 8785)
//! of a [`Payload`]. The format is specified in `docs/bundle-format.md`.

pub mod base64url;
#[cfg(feature = "verify")]
pub mod content_check;
pub mod export;
pub mod import;
pub mod jwe;
pub mod jws;
pub mod message;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[cfg(feature = "verify")]
use self::jws::JwsError;
use self::jws::{FlattenedJws, ProtectedHeader, PublicJwk};
use super::canonical_json;
#[cfg(feature = "verify")]
use super::free_text;
use super::goal::Goal;
#[cfg(feature = "verify")]
use super::instrument::content_hash;
use super::instrument::{self, Instrument};
use super::participant::Participant;
use super::response::{AnswerValue, InstrumentRef, Response};

pub const FORMAT: &str = "stegvis-bundle";
pub const VERSION: u32 = 1;
/// Larger files are refused before they are read.
pub const MAX_BYTES: u64 = 50_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceRef {
    /// The RFC 7638 thumbprint of the device's public key.
    pub kid: String,
    /// The name staff gave the device ("Surfplatta 2").
    pub label: String,
}

/// An instrument exactly as it was used: its files, so the evaluator can
/// read the wording and recompute the hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDefinition {
    pub id: String,
    pub version: u32,
    pub hash: String,
    pub source: Value,
    pub translations: BTreeMap<String, Value>,
}

impl InstrumentDefinition {
    /// The definition of a shipped instrument, from the files built in.
    pub fn shipped(inst: &Instrument) -> InstrumentDefinition {
        let mut source = Value::Null;
        let mut translations = BTreeMap::new();
        for (path, content) in instrument::SHIPPED_INSTRUMENT_FILES {
            let value: Value = serde_json::from_str(content).expect("shipped instruments are valid JSON");
            let name = format!("{}.json", inst.id);
            let rest = path.trim_start_matches("content/instruments/");
            match rest.split_once('/') {
                None if rest == name => source = value,
                Some((lang, file)) if file == name => {
                    translations.insert(lang.to_string(), value);
                }
                _ => {}
            }
        }
        InstrumentDefinition {
            id: inst.id.clone(),
            version: inst.version,
            hash: inst.hash.clone(),
            source,
            translations,
        }
    }

    #[cfg(feature = "verify")]
    fn checks_out(&self) -> bool {
        let hash = content_hash(&self.source, self.translations.iter().map(|(k, v)| (k.as_str(), v)));
        hash.as_deref() == Ok(self.hash.as_str())
            && self.source.get("id").and_then(Value::as_str) == Some(self.id.as_str())
            && self.source.get("version").and_then(Value::as_u64) == Some(self.version as u64)
    }

    #[cfg(feature = "verify")]
    fn is(&self, r: &InstrumentRef) -> bool {
        self.id == r.id && self.version == r.version && self.hash == r.hash
    }
}

/// The definition of every shipped instrument and of every earlier released
/// version, built once: what a device that carries the instrument files
/// (staff, evaluator) signs with. Answers given to an earlier version (a
/// survey begun before an update) are signed with that version's words.
pub fn shipped_definitions() -> &'static [InstrumentDefinition] {
    static SHIPPED: std::sync::OnceLock<Vec<InstrumentDefinition>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| {
        instrument::shipped().iter().map(InstrumentDefinition::shipped).chain(released_definitions()).collect()
    })
}

/// Earlier released versions, kept whole in `content/instruments/released/`
/// when a version is raised (`scripts/translations.py import` does it).
pub fn released_definitions() -> Vec<InstrumentDefinition> {
    instrument::RELEASED_DEFINITION_FILES
        .iter()
        .map(|(path, content)| {
            serde_json::from_str(content).unwrap_or_else(|e| panic!("{path} is not a definition: {e}"))
        })
        .collect()
}

impl InstrumentDefinition {
    /// The instrument this definition describes, parsed and checked as a
    /// shipped one is (a translation's review status is not part of it).
    pub fn instrument(&self) -> Result<Instrument, instrument::DefinitionError> {
        let mut files = vec![(format!("content/instruments/{}.json", self.id), self.source.to_string())];
        for (lang, tr) in &self.translations {
            let mut tr = tr.clone();
            if let Value::Object(map) = &mut tr {
                map.entry("status").or_insert_with(|| Value::from("draft"));
            }
            files.push((format!("content/instruments/{lang}/{}.json", self.id), tr.to_string()));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        let mut parsed = instrument::parse_instruments(&files)?;
        Ok(parsed.remove(0))
    }
}

/// Every instrument version a bundle's answers may be given to: the shipped
/// ones and the earlier released ones, each with its own items and scales.
#[cfg(feature = "verify")]
pub fn known_instruments() -> &'static [Instrument] {
    static KNOWN: std::sync::OnceLock<Vec<Instrument>> = std::sync::OnceLock::new();
    KNOWN.get_or_init(|| {
        let released = released_definitions()
            .iter()
            .map(|d| d.instrument().unwrap_or_else(|e| panic!("released {}@{}: {e}", d.id, d.version)))
            .collect::<Vec<_>>();
        instrument::shipped().iter().cloned().chain(released).collect()
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    pub format: String,
    pub version: u32,
    pub device: DeviceRef,
    pub project: String,
    /// 1 for the device's first bundle, then one more for each.
    pub sequence: u64,
    /// The hash of the device's bundle before this one; `None` for the first.
    pub previous: Option<String>,
    pub created: String,
    pub instruments: Vec<InstrumentDefinition>,
    pub participants: Vec<Participant>,
    /// The participants' own answers.
    pub responses: Vec<Response>,
    /// Staff ratings (each names its rater).
    pub assessments: Vec<Response>,
    pub goals: Vec<Goal>,
    /// Bundles signed on participants' phones, carried unchanged.
    pub forwarded: Vec<FlattenedJws>,
}

impl Payload {
    /// Every text in the bundle a person typed: the device's name, the
    /// project, project tags, raters, goal wordings and text answers.
    pub fn typed_texts(&self) -> impl Iterator<Item = &str> {
        let responses = self.responses.iter().chain(&self.assessments);
        [self.device.label.as_str(), self.project.as_str()]
            .into_iter()
            .chain(self.participants.iter().map(|p| p.project_tag.as_str()))
            .chain(responses.clone().filter_map(|r| r.rater.as_deref()))
            .chain(responses.flat_map(|r| &r.answers).filter_map(|a| match &a.value {
                crate::response::AnswerValue::Text { value } => Some(value.as_str()),
                _ => None,
            }))
            .chain(self.goals.iter().flat_map(|g| {
                g.wordings
                    .iter()
                    .flat_map(|w| [w.text.as_str(), w.rater.as_str()])
                    .chain(g.placements.iter().map(|p| p.rater.as_str()))
            }))
    }
}

/// What goes into a bundle, before the format fields are added.
pub struct Contents {
    pub device: DeviceRef,
    pub project: String,
    pub sequence: u64,
    pub previous: Option<String>,
    pub created: String,
    pub participants: Vec<Participant>,
    pub responses: Vec<Response>,
    pub assessments: Vec<Response>,
    pub goals: Vec<Goal>,
    pub forwarded: Vec<FlattenedJws>,
}

impl Payload {
    /// A payload with the definition of every instrument its records use,
    /// taken from `available` (the shipped definitions the device has).
    pub fn new(c: Contents, available: &[InstrumentDefinition]) -> Payload {
        let used: Vec<&InstrumentRef> = c
            .responses
            .iter()
            .chain(&c.assessments)
            .map(|r| &r.instrument)
            .chain(c.goals.iter().map(|g| &g.instrument))
            .collect();
        let definitions = available
            .iter()
            .filter(|d| used.iter().any(|r| r.id == d.id && r.hash == d.hash))
            .cloned()
            .collect();
        Payload {
            format: FORMAT.into(),
            version: VERSION,
            device: c.device,
            project: c.project,
            sequence: c.sequence,
            previous: c.previous,
            created: c.created,
            instruments: definitions,
            participants: c.participants,
            responses: c.responses,
            assessments: c.assessments,
            goals: c.goals,
            forwarded: c.forwarded,
        }
    }

    /// The exact bytes that are signed.
    pub fn canonical(&self) -> String {
        let value = serde_json::to_value(self).expect("a payload is plain data");
        canonical_json::to_string(&value).expect("payload numbers are integers within 2^53")
    }
}

/// `sha256:<hex>` of the payload bytes: how bundles name each other.
pub fn payload_hash(payload_bytes: &[u8]) -> String {
    format!("sha256:{}", crate::hex::hex(&Sha256::digest(payload_bytes)))
}

/// The two base64url texts to sign (`protected.payload`), for a key.
pub fn to_sign(payload: &Payload, jwk: &PublicJwk) -> (String, String) {
    let header = serde_json::to_value(jws::header_for(jwk)).expect("a header is plain data");
    let header = canonical_json::to_string(&header).expect("a header has no numbers");
    (base64url::encode(header.as_bytes()), base64url::encode(payload.canonical().as_bytes()))
}

/// Why a file is not imported; each has a plain-Swedish message in the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    TooLarge,
    /// Not JSON, or not a JWS: some other file.
    NotStegvis,
    /// A JWS, but not a bundle this version of Stegvis reads.
    UnknownFormat,
    SignatureMismatch,
    /// Signed, but an instrument or a forwarded bundle does not match what it claims.
    ContentChanged,
    /// Encrypted to a key this device does not hold.
    NoKeyToOpen,
    /// Encrypted to this device's key, but it does not decrypt: it was changed.
    CannotOpen,
    /// Signed, but a typed text in it carries a personnummer, phone number
    /// or e-mail address (made by an older or a changed app): not imported,
    /// so it never reaches an evaluator's figures or exports.
    PersonalData,
    /// Signed, but it carries an instrument (or a version of one) this app
    /// does not ship: its answers could be neither read nor counted.
    UnknownInstrument {
        id: String,
        version: u32,
    },
    /// Signed, but a record does not fit its instrument. `record` is
    /// `response:<id>` (answers and ratings) or `goal:<id>`.
    BadContent {
        record: String,
        problem: ContentProblem,
    },
}

/// What is wrong with a record of a signed bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentProblem {
    /// An answer to an item the instrument does not have.
    UnknownItem { item: String },
    /// A second answer to the same item in one record.
    AnsweredTwice { item: String },
    /// An answer the item does not take: a point off its scale, a special
    /// answer it does not offer, a number outside its range, a date not
    /// written YYYY-MM-DD, a text longer than it allows, or another kind of
    /// answer than it asks for.
    BadAnswer { item: String, value: AnswerValue },
    /// A goal on another instrument than the goal staircase.
    NotAGoalInstrument,
    /// A goal placed on a step the staircase does not have.
    NotAStep { step: i32 },
}

impl ContentProblem {
    /// The item the problem is about, if it is about an answer.
    pub fn item(&self) -> Option<&str> {
        match self {
            ContentProblem::UnknownItem { item }
            | ContentProblem::AnsweredTwice { item }
            | ContentProblem::BadAnswer { item, .. } => Some(item),
            ContentProblem::NotAGoalInstrument | ContentProblem::NotAStep { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    pub header: ProtectedHeader,
    pub payload: Payload,
    /// [`payload_hash`] of this bundle.
    pub hash: String,
    /// The bundles in `forwarded`, each verified.
    pub forwarded: Vec<Verified>,
    /// This bundle's records (not the forwarded ones') as (id, digest,
    /// mutable), see [`import::records`]: worked out while the signed text
    /// is at hand.
    pub record_digests: Vec<(String, String, bool)>,
}

impl Verified {
    /// Answers and ratings the bundle carries, those of forwarded bundles included.
    pub fn answer_count(&self) -> usize {
        self.payload.responses.len()
            + self.payload.assessments.len()
            + self.forwarded.iter().map(Verified::answer_count).sum::<usize>()
    }
}

/// Reads and verifies a bundle file: signature, format, canonical payload,
/// instrument hashes, content (see [`content_check`]), and every forwarded
/// bundle. Never panics on any input.
#[cfg(feature = "verify")]
pub fn verify(file: &[u8]) -> Result<Verified, Rejection> {
    if file.len() as u64 > MAX_BYTES {
        return Err(Rejection::TooLarge);
    }
    let jws: FlattenedJws = serde_json::from_slice(file).map_err(|_| Rejection::NotStegvis)?;
    verify_jws(&jws, true)
}

#[cfg(feature = "verify")]
fn verify_jws(jws: &FlattenedJws, outer: bool) -> Result<Verified, Rejection> {
    let (header, bytes) = jws::verify(jws).map_err(|e| match e {
        JwsError::NotJws => Rejection::NotStegvis,
        JwsError::BadHeader | JwsError::SignatureMismatch => Rejection::SignatureMismatch,
    })?;
    // Stegvis signs canonical JSON only; anything else was made by something else.
    if !canonical_json::is_canonical(&bytes) {
        return Err(Rejection::UnknownFormat);
    }
    let Parsed { payload, record_digests, unshipped } = parse_signed(&bytes).ok_or(Rejection::UnknownFormat)?;
    if payload.format != FORMAT || payload.version != VERSION {
        return Err(Rejection::UnknownFormat);
    }
    if payload.typed_texts().any(|t| free_text::identifies_person(t).is_some()) {
        return Err(Rejection::PersonalData);
    }
    if payload.device.kid != header.kid {
        return Err(Rejection::ContentChanged);
    }
    // A definition equal to a shipped one (as every file this app signed
    // carries) is not hashed again: the shipped hashes are checked by the
    // tests, so an import of a thousand files hashes each wording once.
    // A definition whose text is a shipped one's is that one (`parse_signed`).
    let known = |d: &InstrumentDefinition| shipped_definitions().contains(d) || d.checks_out();
    if !unshipped.iter().all(|&at| known(&payload.instruments[at])) {
        return Err(Rejection::ContentChanged);
    }
    let refs = payload
        .responses
        .iter()
        .chain(&payload.assessments)
        .map(|r| &r.instrument)
        .chain(payload.goals.iter().map(|g| &g.instrument));
    for r in refs {
        if !payload.instruments.iter().any(|d| d.is(r)) {
            return Err(Rejection::ContentChanged);
        }
    }
    content_check::check(&payload, known_instruments())?;
    if !outer && !payload.forwarded.is_empty() {
        return Err(Rejection::UnknownFormat);
    }
    let forwarded = payload
        .forwarded
        .iter()
        .map(|inner| {
            verify_jws(inner, false).map_err(|e| match e {
                // Named as in the outer bundle, so the evaluator learns which record.
                e @ (Rejection::UnknownInstrument { .. } | Rejection::BadContent { .. }) => e,
                _ => Rejection::ContentChanged,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Verified { hash: payload_hash(&bytes), header, payload, forwarded, record_digests })
}

/// The payload of a signed text, and each record's id and the SHA-256 of
/// its text as signed (see [`Verified::record_digests`]), in one pass over
/// the text. The signed text is canonical (checked before), so a record's
/// text is its canonical JSON and is hashed as it stands, and an instrument
/// definition whose text is that of a shipped definition is that one: it
/// is neither parsed nor compared value by value (the definitions are
/// almost half of a typical bundle). `None` if it is not a payload.
#[cfg(feature = "verify")]
fn parse_signed(signed: &[u8]) -> Option<Parsed> {
    use serde::de::DeserializeOwned;
    use serde_json::value::RawValue;
    /// [`Payload`], field for field, with the definitions and records as text.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Texts<'a> {
        format: String,
        version: u32,
        device: DeviceRef,
        project: String,
        sequence: u64,
        previous: Option<String>,
        created: String,
        #[serde(borrow)]
        instruments: Vec<&'a RawValue>,
        #[serde(borrow)]
        participants: Vec<&'a RawValue>,
        #[serde(borrow)]
        responses: Vec<&'a RawValue>,
        #[serde(borrow)]
        assessments: Vec<&'a RawValue>,
        #[serde(borrow)]
        goals: Vec<&'a RawValue>,
        forwarded: Vec<FlattenedJws>,
    }
    fn parsed<T: DeserializeOwned>(texts: &[&RawValue]) -> Option<Vec<T>> {
        texts.iter().map(|raw| serde_json::from_str(raw.get()).ok()).collect()
    }
    let s: Texts = serde_json::from_slice(signed).ok()?;
    let shipped = shipped_definition_texts();
    let mut unshipped = Vec::new();
    let mut instruments = Vec::with_capacity(s.instruments.len());
    for (n, raw) in s.instruments.iter().enumerate() {
        instruments.push(match shipped.iter().position(|text| text == raw.get()) {
            Some(at) => shipped_definitions()[at].clone(),
            None => {
                unshipped.push(n);
                serde_json::from_str(raw.get()).ok()?
            }
        });
    }
    let payload = Payload {
        format: s.format,
        version: s.version,
        device: s.device,
        project: s.project,
        sequence: s.sequence,
        previous: s.previous,
        created: s.created,
        instruments,
        participants: parsed(&s.participants)?,
        responses: parsed(&s.responses)?,
        assessments: parsed(&s.assessments)?,
        goals: parsed(&s.goals)?,
        forwarded: s.forwarded,
    };
    let digest = |raw: &&RawValue| crate::hex::hex(&Sha256::digest(raw.get().as_bytes()));
    let ids = payload
        .responses
        .iter()
        .chain(&payload.assessments)
        .map(|r| (format!("response:{}", r.id), false))
        .chain(payload.participants.iter().map(|x| (format!("participant:{}", x.id.as_str()), true)))
        .chain(payload.goals.iter().map(|g| (format!("goal:{}", g.id), true)));
    let raw = s.responses.iter().chain(&s.assessments).chain(&s.participants).chain(&s.goals);
    let digests = ids.zip(raw).map(|((id, mutable), raw)| (id, digest(raw), mutable)).collect();
    Some(Parsed { payload, record_digests: digests, unshipped })
}

#[cfg(feature = "verify")]
struct Parsed {
    payload: Payload,
    record_digests: RecordDigests,
    /// The places of the definitions whose text is no shipped definition's.
    unshipped: Vec<usize>,
}

/// (record id, SHA-256 of its signed text, mutable): [`Verified::record_digests`].
#[cfg(feature = "verify")]
type RecordDigests = Vec<(String, String, bool)>;

/// The canonical JSON of each of [`shipped_definitions`], in its order: the
/// exact text a bundle carries for it.
#[cfg(feature = "verify")]
fn shipped_definition_texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        shipped_definitions()
            .iter()
            .map(|d| {
                let value = serde_json::to_value(d).expect("a definition is plain data");
                canonical_json::to_string(&value).expect("shipped definitions have integer numbers only")
            })
            .collect()
    })
}

#[cfg(test)]
mod tests;
