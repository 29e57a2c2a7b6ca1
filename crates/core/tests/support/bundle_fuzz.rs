//! Generated and mutated bundle files through `bundle::verify`: no input may
//! panic, and none may be accepted with other contents than were signed.
//! Shared by `examples/fuzz_bundles.rs` (a million cases, `--release`) and
//! `tests/fuzz_bundles.rs` (a short run in `cargo test`), so it is never part
//! of a browser build. Every case is made from its own 64-bit seed, so any
//! case can be replayed alone.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::time::{Duration, Instant};

use ed25519_dalek::Signer as _;
use serde_json::{json, Map, Value};
use stegvis_core::assessment::{self, FilledForm};
use stegvis_core::bundle::jws::{self, FlattenedJws, ProtectedHeader, PublicJwk};
use stegvis_core::bundle::{self, base64url, Contents, DeviceRef, Payload, Rejection, Verified};
use stegvis_core::canonical_json;
use stegvis_core::goal::{self, Goal, Placing};
use stegvis_core::instrument::plan::Track;
use stegvis_core::instrument::{shipped, Timepoint};
use stegvis_core::language::Language;
use stegvis_core::participant::{Consent, Participant};
use stegvis_core::participant_code::ParticipantCode;
use stegvis_core::response::{Answer, AnswerValue, InstrumentRef, Response};

/// xorshift64*, seeded through splitmix64.
pub struct Rng(u64);

pub fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(splitmix(seed) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n; 0 when n is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True one time in n.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }

    pub fn byte(&mut self) -> u8 {
        // Half the time a byte that matters to JSON, base64url or UTF-8.
        const SPECIAL: &[u8] = b"\"\\{}[],: \n\t0-9eE.+=/_Aa\x00\x7f\x80\xbf\xc0\xc3\xe2\xef\xf0\xff";
        if self.one_in(2) {
            SPECIAL[self.below(SPECIAL.len())]
        } else {
            self.next() as u8
        }
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A device key: Ed25519 (phones' and most devices') or P-256.
pub enum Key {
    Ed(ed25519_dalek::SigningKey),
    Ec(p256::ecdsa::SigningKey),
}

impl Key {
    pub fn ed(seed: u8) -> Key {
        Key::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
    }

    pub fn ec(seed: u8) -> Key {
        Key::Ec(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("a valid P-256 scalar"))
    }

    pub fn jwk(&self) -> PublicJwk {
        match self {
            Key::Ed(k) => PublicJwk::Okp { crv: "Ed25519".into(), x: base64url::encode(k.verifying_key().as_bytes()) },
            Key::Ec(k) => {
                let point = k.verifying_key().to_encoded_point(false);
                PublicJwk::Ec {
                    crv: "P-256".into(),
                    x: base64url::encode(point.x().expect("uncompressed")),
                    y: base64url::encode(point.y().expect("uncompressed")),
                }
            }
        }
    }

    pub fn header(&self) -> ProtectedHeader {
        jws::header_for(&self.jwk())
    }

    /// The protected header as the app writes it: base64url of its canonical JSON.
    pub fn protected(&self) -> String {
        let value = serde_json::to_value(self.header()).expect("plain data");
        base64url::encode(canonical_json::to_string(&value).expect("no numbers").as_bytes())
    }

    pub fn sign_raw(&self, protected: String, payload_b64: String) -> FlattenedJws {
        let input = jws::signing_input(&protected, &payload_b64);
        let sig: Vec<u8> = match self {
            Key::Ed(k) => k.sign(input.as_bytes()).to_bytes().to_vec(),
            Key::Ec(k) => {
                let s: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(k, input.as_bytes());
                s.to_bytes().to_vec()
            }
        };
        jws::assemble(protected, payload_b64, &sig)
    }

    /// Signs these payload bytes exactly as the app signs a payload.
    pub fn sign_bytes(&self, payload: &[u8]) -> FlattenedJws {
        self.sign_raw(self.protected(), base64url::encode(payload))
    }
}

/// The file as serde writes it; by hand when no text needs escaping (much
/// faster in an unoptimised test build).
pub fn file(jws: &FlattenedJws) -> Vec<u8> {
    let plain = |t: &str| t.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    if plain(&jws.payload) && plain(&jws.protected) && plain(&jws.signature) {
        format!(r#"{{"payload":"{}","protected":"{}","signature":"{}"}}"#, jws.payload, jws.protected, jws.signature)
            .into_bytes()
    } else {
        serde_json::to_vec(jws).expect("three strings")
    }
}

/// A valid signed bundle the mutations start from.
pub struct Seed {
    pub name: &'static str,
    pub key: Key,
    pub payload: Payload,
    pub value: Value,
    /// The signed payload bytes (its canonical JSON).
    pub canonical: Vec<u8>,
    pub jws: FlattenedJws,
    pub file: Vec<u8>,
    pub verified: Verified,
}

fn code(n: u8) -> ParticipantCode {
    ParticipantCode::from_random([n, 1, 4, 1, 5])
}

fn participant(n: u8) -> Participant {
    Participant {
        id: code(n),
        track: Track::Kaa,
        project_tag: "Karlstad".into(),
        enrolled_on: "2026-11-01".into(),
        gender: None,
        age: Some(19),
        consent: Consent { participant_on: "2026-11-01".into(), guardian_on: None },
        closed_on: None,
        unreachable: Vec::new(),
    }
}

fn own_response(n: u8, id: &str) -> Response {
    let inst = shipped().iter().find(|i| i.id == "kaa-steg").expect("shipped");
    let answer = |item: &str, value| Answer {
        item: item.into(),
        value: AnswerValue::Point { value },
        language: Language::Ar,
        answered_at: "2026-11-02T10:00:00.000Z".into(),
    };
    Response {
        id: id.into(),
        participant: code(n),
        track: Track::Kaa,
        timepoint: Timepoint::Intake,
        instrument: InstrumentRef::from(inst),
        answers: vec![answer("framtiden", 2), answer("livet", 4)],
        language: Language::Ar,
        started_at: "2026-11-02T10:00:00.000Z".into(),
        completed_at: "2026-11-02T10:05:00.000Z".into(),
        device: "phone".into(),
        rater: None,
    }
}

fn rating(n: u8, id: &str) -> Response {
    let inst = shipped().iter().find(|i| i.id == "utfall").expect("shipped");
    let values = vec![("forsorjning".to_string(), "p:2".to_string())];
    let form = FilledForm {
        id: id.into(),
        participant: code(n),
        track: Track::Kaa,
        timepoint: Timepoint::Intake,
        rater: "AB",
        values: &values,
        language: Language::Sv,
        now: "2026-11-03T09:00:00.000Z",
        device: "tablet".into(),
    };
    assessment::rate(inst, form).expect("a valid rating")
}

fn goal(n: u8) -> Goal {
    let inst = shipped().iter().find(|i| i.id == "mal-trappan").expect("shipped");
    let placing = Placing { timepoint: Timepoint::Intake, step: 2, rater: "AB", now: "2026-11-03T09:00:00.000Z" };
    Goal::set("goal-1".into(), code(n), inst, "Börja på en kurs", placing, 0).expect("a valid goal")
}

fn seed(name: &'static str, key: Key, build: impl FnOnce(&Key) -> Contents) -> Seed {
    let payload = Payload::new(build(&key), bundle::shipped_definitions());
    let value = serde_json::to_value(&payload).expect("plain data");
    let canonical = payload.canonical().into_bytes();
    let jws = key.sign_bytes(&canonical);
    let file = file(&jws);
    assert_eq!(file, serde_json::to_vec(&jws).unwrap(), "the hand-written file is serde's");
    let verified = bundle::verify(&file).unwrap_or_else(|r| panic!("seed bundle {name} is rejected: {r:?}"));
    Seed { name, key, payload, value, canonical, jws, file, verified }
}

fn contents(key: &Key, label: &str, sequence: u64) -> Contents {
    Contents {
        device: DeviceRef { kid: key.jwk().thumbprint(), label: label.into() },
        project: "Karlstad".into(),
        sequence,
        previous: (sequence > 1).then(|| format!("sha256:{}", "ab".repeat(32))),
        created: "2026-11-26T10:00:00.000Z".into(),
        participants: Vec::new(),
        responses: Vec::new(),
        assessments: Vec::new(),
        goals: Vec::new(),
        forwarded: Vec::new(),
    }
}

/// Five signed bundles: one without records, answers and a rating, a goal
/// (P-256), a phone's bundle, and a staff bundle carrying that phone bundle.
pub fn seeds() -> Vec<Seed> {
    let empty = seed("empty", Key::ed(1), |k| {
        let mut c = contents(k, "Surfplatta 1", 1);
        c.participants = vec![participant(1)];
        c
    });
    let answers = seed("answers", Key::ed(2), |k| {
        let mut c = contents(k, "Surfplatta 2", 3);
        c.participants = vec![participant(2)];
        c.responses = vec![own_response(2, "response-1")];
        c.assessments = vec![rating(2, "rating-1")];
        c
    });
    let goals = seed("goal", Key::ec(3), |k| {
        let mut c = contents(k, "Surfplatta 3", 2);
        c.participants = vec![participant(3)];
        c.goals = vec![goal(3)];
        c.assessments = vec![rating(3, "rating-3")];
        c
    });
    let phone = seed("phone", Key::ed(4), |k| {
        let mut c = contents(k, "Telefon", 1);
        c.responses = vec![own_response(4, "response-4")];
        c
    });
    let forwarding = seed("forwarding", Key::ed(5), |k| {
        let mut c = contents(k, "Surfplatta 5", 7);
        c.participants = vec![participant(4)];
        c.assessments = vec![rating(4, "rating-5")];
        c.forwarded = vec![phone.jws.clone()];
        c
    });
    vec![empty, answers, goals, phone, forwarding]
}

/// What a case may be accepted as.
pub enum Expect {
    /// Never accepted.
    Reject,
    /// Not re-signed: accepted only as exactly one of these seeds.
    SameAs(Vec<usize>),
    /// Re-signed: accepted only with this header and these payload bytes.
    Signed { header: ProtectedHeader, bytes: Vec<u8> },
    /// Re-signed with an answer outside its scale: rejected once `verify`
    /// checks content (found out at the start of a run).
    OffScale,
}

pub struct Case {
    pub kind: &'static str,
    pub input: Vec<u8>,
    pub expect: Expect,
}

// --- Mutations --------------------------------------------------------------

fn mutate_bytes(rng: &mut Rng, f: &mut Vec<u8>, others: &[Seed]) {
    for _ in 0..1 + rng.below(4) {
        let len = f.len();
        let at = rng.below(len.max(1));
        match rng.below(8) {
            0 if len > 0 => f[at] ^= 1 << rng.below(8),
            1 if len > 0 => f[at] = rng.byte(),
            2 => {
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
                f.splice(at..at, bytes);
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                f.drain(at..end);
            }
            4 => f.truncate(at),
            5 if len > 0 => {
                // Duplicate a range somewhere else.
                let most = if rng.one_in(8) { len } else { 64 };
                let end = (at + 1 + rng.below(most)).min(len);
                let piece = f[at..end].to_vec();
                let to = rng.below(len + 1);
                f.splice(to..to, piece);
            }
            6 if !others.is_empty() => {
                // The same stretch of another seed's file over this one.
                let other = &rng.pick(others).file;
                let end = (at + 1 + rng.below(256)).min(other.len()).min(len);
                if at < end {
                    f[at..end].copy_from_slice(&other[at..end]);
                }
            }
            _ if len > 0 => {
                let n = 1 + rng.below(4);
                for _ in 0..n {
                    let i = rng.below(len);
                    f[i] = rng.next() as u8;
                }
            }
            _ => f.push(rng.byte()),
        }
    }
}

const WHITESPACE: &[&str] = &["", " ", "\n", "\t", "\r\n", "  \n  "];

/// The three members written by hand: order, spacing, escapes, extra or
/// missing members, other types.
fn outer_json(rng: &mut Rng, jws: &FlattenedJws) -> Vec<u8> {
    let mut members: Vec<(String, String)> = vec![
        ("payload".into(), json_string(&jws.payload)),
        ("protected".into(), json_string(&jws.protected)),
        ("signature".into(), json_string(&jws.signature)),
    ];
    for _ in 0..1 + rng.below(3) {
        match rng.below(12) {
            0 | 1 if !members.is_empty() => {
                let i = rng.below(members.len());
                let j = rng.below(members.len());
                members.swap(i, j);
            }
            2 if !members.is_empty() => {
                // A character as a \u escape: the same JSON string.
                let i = rng.below(members.len());
                let text = &members[i].1;
                if text.len() > 2 {
                    let at = 1 + rng.below(text.len() - 2);
                    let c = text.as_bytes()[at];
                    if c.is_ascii_alphanumeric() {
                        members[i].1 = format!("{}\\u{:04x}{}", &text[..at], c, &text[at + 1..]);
                    }
                }
            }
            3 if !members.is_empty() => {
                let i = rng.below(members.len());
                members.push(members[i].clone());
            }
            4 => members.push((rng.pick(&["x", "name", "header", "Payload", ""]).to_string(), random_json_text(rng))),
            5 if !members.is_empty() => {
                let i = rng.below(members.len());
                members.remove(i);
            }
            6 if !members.is_empty() => {
                let i = rng.below(members.len());
                members[i].1 = random_json_text(rng);
            }
            7 if !members.is_empty() => {
                // Deep nesting as a member's value.
                let most = if rng.one_in(4) { 100_000 } else { 300 };
                let n = 1 + rng.below(most);
                let i = rng.below(members.len());
                members[i].1 = format!("{}{}", "[".repeat(n), "]".repeat(n));
            }
            8 if !members.is_empty() => {
                // A long string.
                let i = rng.below(members.len());
                members[i].1 = json_string(&"A".repeat(rng.below(200_000)));
            }
            9 if !members.is_empty() => {
                // Padding or a standard-base64 character inside a text.
                let i = rng.below(members.len());
                let text = members[i].1.clone();
                let mut at = (1 + rng.below(text.len().max(1))).min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let ch = *rng.pick(&["=", "==", "+", "/", " ", "\\n", "\\u0000", "é"]);
                members[i].1 = format!("{}{ch}{}", &text[..at], &text[at..]);
            }
            _ => {}
        }
    }
    let mut out = String::new();
    let ws = |rng: &mut Rng| rng.pick(WHITESPACE).to_string();
    out.push_str(&ws(rng));
    out.push('{');
    for (n, (k, v)) in members.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&format!("{}{}{}:{}{}{}", ws(rng), json_string(k), ws(rng), ws(rng), v, ws(rng)));
    }
    out.push('}');
    out.push_str(&ws(rng));
    let mut bytes = out.into_bytes();
    match rng.below(10) {
        0 => bytes = [&[0xEF, 0xBB, 0xBF][..], &bytes].concat(),
        1 => bytes.extend_from_slice(rng.pick::<&[u8]>(&[b"x", b"{}", b"\x00", b"\xff", b",", b"]"])),
        2 => {
            let n = 1 + rng.below(200_000);
            let mut wrapped = vec![b'['; n];
            wrapped.extend_from_slice(&bytes);
            wrapped.extend(std::iter::repeat_n(b']', n));
            bytes = wrapped;
        }
        _ => {}
    }
    bytes
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

/// The parts of several seeds put together unchanged, or one part edited.
fn swap_parts(rng: &mut Rng, seeds: &[Seed], origins: &mut Vec<usize>) -> FlattenedJws {
    let mut pick = |rng: &mut Rng| {
        let i = if rng.one_in(2) { origins[0] } else { rng.below(seeds.len()) };
        if !origins.contains(&i) {
            origins.push(i);
        }
        i
    };
    let (a, b, c) = (pick(rng), pick(rng), pick(rng));
    let mut out = FlattenedJws {
        protected: seeds[a].jws.protected.clone(),
        payload: seeds[b].jws.payload.clone(),
        signature: seeds[c].jws.signature.clone(),
    };
    if rng.one_in(2) {
        let part = match rng.below(3) {
            0 => &mut out.protected,
            1 => &mut out.payload,
            _ => &mut out.signature,
        };
        edit_base64(rng, part);
    }
    out
}

fn edit_base64(rng: &mut Rng, text: &mut String) {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = std::mem::take(text).into_bytes();
    let at = rng.below(bytes.len().max(1));
    match rng.below(5) {
        0 if !bytes.is_empty() => bytes[at] = *rng.pick(ALPHABET),
        1 => bytes.insert(at.min(bytes.len()), *rng.pick(ALPHABET)),
        2 if !bytes.is_empty() => {
            bytes.remove(at);
        }
        3 => bytes.truncate(at),
        _ => {
            // Re-encoded with the standard alphabet or padding.
            let s: String = String::from_utf8(bytes).expect("ascii");
            let s = s.replace('-', "+").replace('_', "/");
            bytes = (s + *rng.pick(&["", "=", "=="])).into_bytes();
        }
    }
    *text = String::from_utf8(bytes).expect("ascii");
}

/// Stands in a value's place until the serialised text gets raw JSON there.
const RAW: &str = "@@raw-json-7f3a@@";

/// One change at a random place in a JSON value; raw text (huge numbers, deep
/// nesting) is returned to be put where `RAW` now stands.
fn mutate_value(rng: &mut Rng, root: &mut Value) -> Option<String> {
    let mut node = root;
    // Walk down, stopping early now and then.
    loop {
        let children = match &node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if children == 0 || rng.one_in(5) {
            break;
        }
        let i = rng.below(children);
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).expect("in range"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
    match rng.below(10) {
        0 => *node = random_scalar(rng),
        1 => *node = random_value(rng, 3),
        2 => {
            let raw = match rng.below(8) {
                0 => "1e999".to_string(),
                1 => "123456789012345678901234567890".to_string(),
                2 => "-0".to_string(),
                3 => "1.0".to_string(),
                4 => "18446744073709551616".to_string(),
                5 => "-9223372036854775809".to_string(),
                6 => "0.1e1".to_string(),
                _ => {
                    let most = if rng.one_in(4) { 50_000 } else { 200 };
                    let n = 1 + rng.below(most);
                    format!("{}{}", "[".repeat(n), "]".repeat(n))
                }
            };
            *node = Value::String(RAW.into());
            return Some(raw);
        }
        _ => match node {
            Value::Object(m) => match rng.below(4) {
                0 if !m.is_empty() => {
                    let k = m.keys().nth(rng.below(m.len())).expect("in range").clone();
                    m.remove(&k);
                }
                1 => {
                    m.insert(rng.pick(&["name", "x", "kind", "value", "id", ""]).to_string(), random_value(rng, 2));
                }
                2 if !m.is_empty() => {
                    let k = m.keys().nth(rng.below(m.len())).expect("in range").clone();
                    let v = m.remove(&k).expect("present");
                    m.insert(format!("{k}{}", rng.pick(&["_", "s", "X"])), v);
                }
                _ => *node = random_scalar(rng),
            },
            Value::Array(a) => match rng.below(4) {
                0 if !a.is_empty() => {
                    a.remove(rng.below(a.len()));
                }
                1 if !a.is_empty() => {
                    let v = a[rng.below(a.len())].clone();
                    a.push(v);
                }
                2 => a.clear(),
                _ => a.push(random_value(rng, 2)),
            },
            Value::String(s) => match rng.below(5) {
                0 => s.push(*rng.pick(&['x', 'é', '\u{0}', '"', '\u{7f}', '\u{2028}', '😀', ' '])),
                1 => {
                    let mut end = rng.below(s.len() + 1);
                    while !s.is_char_boundary(end) {
                        end -= 1;
                    }
                    s.truncate(end);
                }
                2 => *s = s.to_uppercase(),
                3 => *s = random_string(rng),
                _ => *node = json!(rng.below(10)),
            },
            Value::Number(n) => {
                let v = n.as_i64().unwrap_or(0);
                *node = match rng.below(7) {
                    0 => json!(v + 1),
                    1 => json!(v - 1),
                    2 => json!(-v),
                    3 => json!(v.saturating_mul(1000)),
                    4 => json!(i64::MAX),
                    5 => json!(u64::MAX),
                    _ => json!(v as f64 + 0.5),
                };
            }
            _ => *node = random_value(rng, 2),
        },
    }
    None
}

fn random_string(rng: &mut Rng) -> String {
    const TEXTS: &[&str] = &[
        "",
        "x",
        "AB",
        "sv",
        "intake",
        "exit",
        "kaa",
        "p:2",
        "point",
        "sha256:",
        "2026-13-45",
        "2026-11-02",
        "2026-11-02T10:00:00.000Z",
        "stegvis-bundle",
        "EdDSA",
        "Ed25519",
        "\u{0}",
        "\u{feff}",
        "ﷺ",
        "😀",
        "\u{202e}",
        "Anna Andersson",
    ];
    if rng.one_in(8) {
        "Å".repeat(rng.below(5_000))
    } else {
        rng.pick(TEXTS).to_string()
    }
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => json!(rng.below(10) as i64 - 2),
        3 => json!(rng.next() as i64),
        4 => json!(rng.next()),
        5 => json!(f64::from_bits(rng.next() & 0x7fef_ffff_ffff_ffff)),
        _ => Value::String(random_string(rng)),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.one_in(3) {
        return random_scalar(rng);
    }
    if rng.one_in(2) {
        Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth - 1)).collect())
    } else {
        const KEYS: &[&str] = &["payload", "protected", "signature", "format", "version", "id", "kind", "value", "a"];
        let mut m = Map::new();
        for _ in 0..rng.below(4) {
            m.insert(rng.pick(KEYS).to_string(), random_value(rng, depth - 1));
        }
        Value::Object(m)
    }
}

fn random_json_text(rng: &mut Rng) -> String {
    serde_json::to_string(&random_value(rng, 3)).expect("finite")
}

/// A payload value as bytes: usually canonical (as signed), sometimes not.
fn payload_bytes(rng: &mut Rng, value: &Value, raw: Option<String>) -> Vec<u8> {
    let text = if rng.one_in(10) {
        serde_json::to_string_pretty(value).expect("serialisable")
    } else {
        canonical_json::to_string(value).unwrap_or_else(|_| serde_json::to_string(value).expect("serialisable"))
    };
    match raw {
        Some(raw) => text.replacen(&json_string(RAW), &raw, 1).into_bytes(),
        None => text.into_bytes(),
    }
}

fn resign(seed: &Seed, bytes: Vec<u8>) -> (Vec<u8>, Expect) {
    let input = file(&seed.key.sign_bytes(&bytes));
    (input, Expect::Signed { header: seed.key.header(), bytes })
}

/// Re-signed changes every bundle with the change must be refused for, by
/// the checks `verify` already has.
fn must_reject(rng: &mut Rng, seeds: &[Seed], s: usize) -> (&'static str, Vec<u8>) {
    let seed = &seeds[s];
    let mut v = seed.value.clone();
    let sign = |v: &Value| file(&seed.key.sign_bytes(canonical_json::to_string(v).expect("canonical").as_bytes()));
    let has_instruments = !seed.payload.instruments.is_empty();
    match rng.below(11) {
        0 => {
            let text = format!(
                "{}{}{}",
                rng.pick(&["", "Anna ", "ring "]),
                rng.pick(&["200501012384", "050101-2384", "070-123 45 67", "ab@skolan.se", "19900101-1234"]),
                rng.pick(&["", " tack"])
            );
            // Every typed text the payload has, as a JSON pointer.
            let mut places = vec!["/device/label".to_string(), "/project".to_string()];
            for (i, _) in seed.payload.participants.iter().enumerate() {
                places.push(format!("/participants/{i}/project_tag"));
            }
            for (i, _) in seed.payload.assessments.iter().enumerate() {
                places.push(format!("/assessments/{i}/rater"));
            }
            for (i, g) in seed.payload.goals.iter().enumerate() {
                for (j, _) in g.wordings.iter().enumerate() {
                    places.push(format!("/goals/{i}/wordings/{j}/text"));
                }
            }
            let place = rng.pick(&places).clone();
            *v.pointer_mut(&place).expect("a typed text") = Value::String(text);
            ("personal-data", sign(&v))
        }
        1 if has_instruments => {
            let defs = v["instruments"].as_array_mut().unwrap();
            let n = rng.below(defs.len());
            let d = &mut defs[n];
            match rng.below(3) {
                0 => d["source"]["title"] = "Något annat".into(),
                1 => d["hash"] = format!("sha256:{}", "0".repeat(64)).into(),
                _ => d["version"] = json!(d["version"].as_u64().unwrap() + 1),
            }
            ("instrument-changed", sign(&v))
        }
        2 => {
            v["device"]["kid"] = Key::ed(99).jwk().thumbprint().into();
            ("other-kid", sign(&v))
        }
        3 if has_instruments => {
            let defs = v["instruments"].as_array_mut().unwrap();
            defs.remove(rng.below(defs.len()));
            ("instrument-missing", sign(&v))
        }
        4 => {
            let target = if v["participants"].as_array().unwrap().is_empty() { "device" } else { "participants" };
            let obj = if target == "device" { &mut v["device"] } else { &mut v["participants"][0] };
            obj[rng.pick(&["name", "personnummer", "x"]).to_string()] = "Anna Andersson".into();
            ("unknown-field", sign(&v))
        }
        5 => {
            if rng.one_in(2) {
                v["version"] = json!(2);
            } else {
                v["format"] = "stegvis-bundle-2".into();
            }
            ("other-format", sign(&v))
        }
        6 => {
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            ("not-canonical", file(&seed.key.sign_bytes(pretty.as_bytes())))
        }
        7 => {
            // Another key's signature under this key's header.
            let other = Key::ed(98);
            ("other-key", file(&other.sign_raw(seed.key.protected(), seed.jws.payload.clone())))
        }
        8 => {
            // A forwarded bundle changed, or one carrying its own forwarded bundle.
            let phone = &seeds[3].jws;
            let mut inner = phone.clone();
            if rng.one_in(2) {
                edit_base64(rng, &mut inner.signature);
                if inner == *phone {
                    inner.signature = seeds[0].jws.signature.clone();
                }
                v["forwarded"] = json!([inner]);
            } else {
                v["forwarded"] = json!([seeds[4].jws]);
            }
            ("forwarded-changed", sign(&v))
        }
        9 if !seed.payload.participants.is_empty() => {
            // A participant code whose check character is wrong.
            let c = v["participants"][0]["id"].as_str().unwrap().to_string();
            let last = c.chars().last().unwrap();
            let other = if last == 'A' { 'B' } else { 'A' };
            v["participants"][0]["id"] = format!("{}{other}", &c[..c.len() - last.len_utf8()]).into();
            ("bad-code", sign(&v))
        }
        _ => {
            let records =
                ["responses", "assessments", "goals"].into_iter().find(|k| !v[*k].as_array().unwrap().is_empty());
            match records {
                Some(k) => {
                    let r = &mut v[k][0]["instrument"];
                    r["version"] = json!(r["version"].as_u64().unwrap() + 1);
                    ("undefined-instrument", sign(&v))
                }
                None => {
                    v["device"]["kid"] = "".into();
                    ("other-kid", sign(&v))
                }
            }
        }
    }
}

/// A value `fits` refuses: just off either end, 0, extremes, far off.
fn off_value(rng: &mut Rng, min: i32, max: i32, fits: impl Fn(i32) -> bool) -> i32 {
    loop {
        let v = match rng.below(6) {
            0 => max + 1 + rng.below(3) as i32,
            1 => min - 1,
            2 => 0,
            3 => i32::MAX,
            4 => i32::MIN,
            _ => 100 + rng.below(1000) as i32,
        };
        if !fits(v) {
            return v;
        }
    }
}

/// A point answer, or a goal's step, set to a value its scale does not have;
/// the payload bytes to re-sign.
fn off_scale(rng: &mut Rng, seed: &Seed) -> Vec<u8> {
    let mut p = seed.payload.clone();
    if !p.goals.is_empty() && rng.one_in(2) {
        let inst = shipped().iter().find(|i| i.id == goal::INSTRUMENT).expect("shipped");
        let g = &mut p.goals[0];
        let at = rng.below(g.placements.len());
        g.placements[at].step = off_value(rng, 1, 5, |v| goal::is_step(inst, v));
        return p.canonical().into_bytes();
    }
    let mut records: Vec<&mut Response> = p.responses.iter_mut().chain(p.assessments.iter_mut()).collect();
    let r = records.remove(rng.below(records.len()));
    let inst = shipped().iter().find(|i| i.id == r.instrument.id).expect("shipped");
    let points: Vec<usize> =
        (0..r.answers.len()).filter(|&i| matches!(r.answers[i].value, AnswerValue::Point { .. })).collect();
    let answer = &mut r.answers[*rng.pick(&points)];
    let scale = inst.item(&answer.item).and_then(|item| inst.scale_of(item)).expect("a scale item");
    let values: Vec<i32> = scale.points.iter().map(|p| p.value).collect();
    let (min, max) = (*values.iter().min().unwrap(), *values.iter().max().unwrap());
    answer.value = AnswerValue::Point { value: off_value(rng, min, max, |v| values.contains(&v)) };
    p.canonical().into_bytes()
}

/// The case a seed makes: always the same for the same seed.
pub fn case(seeds: &[Seed], case_seed: u64) -> Case {
    let mut rng = Rng::new(case_seed);
    let rng = &mut rng;
    let s = rng.below(seeds.len());
    let seed = &seeds[s];
    let roll = rng.below(100);
    let (kind, input, expect) = match roll {
        0..=27 => {
            let mut f = seed.file.clone();
            mutate_bytes(rng, &mut f, seeds);
            ("bytes", f, Expect::SameAs(vec![s]))
        }
        28..=32 => {
            let t = rng.below(seeds.len());
            let (a, b) = (&seed.file, &seeds[t].file);
            let cut_a = rng.below(a.len() + 1);
            let cut_b = rng.below(b.len() + 1);
            let mut f = a[..cut_a].to_vec();
            f.extend_from_slice(&b[cut_b..]);
            ("splice", f, Expect::SameAs(vec![s, t]))
        }
        33..=40 => ("outer-json", outer_json(rng, &seed.jws), Expect::SameAs(vec![s])),
        41..=48 => {
            let mut origins = vec![s];
            let jws = swap_parts(rng, seeds, &mut origins);
            let f = if rng.one_in(3) { outer_json(rng, &jws) } else { file(&jws) };
            ("swap-parts", f, Expect::SameAs(origins))
        }
        49..=53 => {
            // The payload changed, the old signature kept.
            let mut v = seed.value.clone();
            let raw = mutate_value(rng, &mut v);
            let bytes = payload_bytes(rng, &v, raw);
            let jws = FlattenedJws {
                payload: base64url::encode(&bytes),
                protected: seed.jws.protected.clone(),
                signature: seed.jws.signature.clone(),
            };
            ("payload-unsigned", file(&jws), Expect::SameAs(vec![s]))
        }
        54..=67 => {
            let mut v = seed.value.clone();
            let mut raw = None;
            for _ in 0..1 + rng.below(3) {
                raw = mutate_value(rng, &mut v).or(raw);
                if raw.is_some() {
                    break;
                }
            }
            let (f, e) = resign(seed, payload_bytes(rng, &v, raw));
            ("resigned-json", f, e)
        }
        68..=71 => {
            let mut bytes = seed.canonical.clone();
            mutate_bytes(rng, &mut bytes, &[]);
            let (f, e) = resign(seed, bytes);
            ("resigned-bytes", f, e)
        }
        72..=75 => {
            // The header changed, then signed with the seed's key.
            let mut h = serde_json::to_value(seed.key.header()).unwrap();
            let raw = mutate_value(rng, &mut h);
            let text = canonical_json::to_string(&h).unwrap_or_else(|_| h.to_string());
            let text = match raw {
                Some(raw) => text.replacen(&json_string(RAW), &raw, 1),
                None => text,
            };
            let jws = seed.key.sign_raw(base64url::encode(text.as_bytes()), seed.jws.payload.clone());
            let expect = Expect::Signed { header: seed.key.header(), bytes: seed.canonical.clone() };
            ("resigned-header", file(&jws), expect)
        }
        76..=81 => {
            let (kind, f) = must_reject(rng, seeds, s);
            (kind, f, Expect::Reject)
        }
        82..=86 => {
            // The seeds with point answers: "answers" and "goal".
            let t = 1 + rng.below(2);
            let bytes = off_scale(rng, &seeds[t]);
            ("resigned-off-scale", file(&seeds[t].key.sign_bytes(&bytes)), Expect::OffScale)
        }
        87..=91 => {
            let n = if rng.one_in(10) { rng.below(8192) } else { rng.below(512) };
            let f = (0..n).map(|_| rng.byte()).collect();
            ("random-bytes", f, Expect::Reject)
        }
        92..=95 => {
            let v = random_value(rng, 5);
            ("random-json", serde_json::to_vec(&v).unwrap(), Expect::Reject)
        }
        _ => {
            // Well-formed JWS members around random contents.
            let protected = match rng.below(3) {
                0 => seed.key.protected(),
                1 => base64url::encode(random_json_text(rng).as_bytes()),
                _ => base64url::encode(&(0..rng.below(200)).map(|_| rng.byte()).collect::<Vec<_>>()),
            };
            let payload = if rng.one_in(2) {
                seed.jws.payload.clone()
            } else {
                base64url::encode(random_json_text(rng).as_bytes())
            };
            let sig_len = if rng.one_in(2) { 64 } else { rng.below(100) };
            let signature = base64url::encode(&(0..sig_len).map(|_| rng.next() as u8).collect::<Vec<_>>());
            ("random-jws", file(&FlattenedJws { payload, protected, signature }), Expect::Reject)
        }
    };
    // Now and then, a file just over the size limit.
    if rng.one_in(200_000) {
        return Case { kind: "too-large", input: vec![b' '; bundle::MAX_BYTES as usize + 1], expect: Expect::Reject };
    }
    Case { kind, input, expect }
}

// --- The oracle -------------------------------------------------------------

/// Why an accepted case is wrong; `None` if the outcome is allowed.
fn judge(seeds: &[Seed], case: &Case, result: &Result<Verified, Rejection>, content_checks: bool) -> Option<String> {
    let Ok(v) = result else { return None };
    match &case.expect {
        Expect::Reject => Some("accepted a file that must be refused".into()),
        Expect::OffScale if content_checks => Some("accepted an answer outside its scale".into()),
        Expect::OffScale => None,
        Expect::SameAs(origins) => (!origins.iter().any(|&i| seeds[i].verified == *v))
            .then(|| "accepted with changed contents, not re-signed".into()),
        Expect::Signed { header, bytes } => {
            if v.header != *header {
                return Some(format!("accepted with another header: {:?}", v.header));
            }
            if v.hash != bundle::payload_hash(bytes) {
                return Some("accepted, but the hash is not of the signed bytes".into());
            }
            let signed: Result<Payload, _> = serde_json::from_slice(bytes);
            if signed.as_ref().ok() != Some(&v.payload) {
                return Some("accepted with other contents than were signed".into());
            }
            let value: Value = serde_json::from_slice(bytes).expect("parsed above");
            if canonical_json::to_string(&value).ok().as_deref().map(str::as_bytes) != Some(&bytes[..]) {
                return Some("accepted payload bytes that are not canonical JSON".into());
            }
            None
        }
    }
}

thread_local! {
    static CURRENT: Cell<Option<(u64, &'static str)>> = const { Cell::new(None) };
}

/// Names the case on any panic, also under `panic = "abort"` (release).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if let Some((seed, kind)) = CURRENT.with(Cell::get) {
                eprintln!(
                    "fuzz case {seed:#018x} ({kind}) panicked; replay: \
                     cargo run --release -p stegvis-core --example fuzz_bundles -- --replay {seed:#x}"
                );
            }
            previous(info);
        }));
    });
}

/// Runs `verify` on one case, catching a panic.
pub fn run_case(case: &Case, case_seed: u64) -> Result<Result<Verified, Rejection>, String> {
    CURRENT.with(|c| c.set(Some((case_seed, case.kind))));
    let result = panic::catch_unwind(AssertUnwindSafe(|| bundle::verify(&case.input)));
    CURRENT.with(|c| c.set(None));
    result.map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

#[derive(Default, Clone)]
pub struct KindCount {
    pub total: u64,
    pub accepted: u64,
    /// Time in `verify` (all threads together).
    pub verify_time: Duration,
}

#[derive(Default)]
pub struct Report {
    pub total: u64,
    pub accepted: u64,
    /// Accepted inputs that were byte for byte a seed's file.
    pub unchanged: u64,
    pub rejected: BTreeMap<String, u64>,
    pub kinds: BTreeMap<&'static str, KindCount>,
    /// Accepted re-signed payloads whose `Payload` writes other bytes than
    /// were signed (e.g. `"closed_on":null` spelled out): not wrong, noted.
    pub reserialises_differently: u64,
    pub reserialise_example: Option<u64>,
    pub failures: Vec<(u64, &'static str, String)>,
    pub failure_count: u64,
    pub panics: u64,
    pub content_checks: bool,
    pub elapsed: Duration,
    pub threads: usize,
    /// Each seed bundle's name and size in bytes.
    pub seeds: Vec<(&'static str, usize)>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.failure_count == 0 && self.panics == 0
    }

    fn merge(&mut self, o: Report) {
        self.total += o.total;
        self.accepted += o.accepted;
        self.unchanged += o.unchanged;
        for (k, n) in o.rejected {
            *self.rejected.entry(k).or_default() += n;
        }
        for (k, c) in o.kinds {
            let e = self.kinds.entry(k).or_default();
            e.total += c.total;
            e.accepted += c.accepted;
            e.verify_time += c.verify_time;
        }
        self.reserialises_differently += o.reserialises_differently;
        self.reserialise_example = self.reserialise_example.or(o.reserialise_example);
        self.failure_count += o.failure_count;
        self.panics += o.panics;
        self.failures.extend(o.failures);
        self.failures.truncate(50);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        writeln!(
            f,
            "cases: {}  time: {secs:.1} s  ({:.0} cases/s, {} threads)",
            self.total,
            self.total as f64 / secs.max(1e-9),
            self.threads
        )?;
        let sizes: Vec<String> = self.seeds.iter().map(|(name, n)| format!("{name} {n} B")).collect();
        writeln!(f, "seed bundles: {}", sizes.join(", "))?;
        writeln!(
            f,
            "content checks in verify: {}",
            if self.content_checks {
                "yes (an answer off its scale must be refused)"
            } else {
                "not yet (off-scale answers are counted, not judged)"
            }
        )?;
        writeln!(f, "accepted: {} ({} of them a seed file unchanged)", self.accepted, self.unchanged)?;
        writeln!(f, "rejected: {}", self.total - self.accepted - self.panics)?;
        for (reason, n) in &self.rejected {
            writeln!(f, "  {reason:<18} {n}")?;
        }
        writeln!(f, "by kind: cases, accepted, mean time in verify")?;
        for (kind, c) in &self.kinds {
            let mean = c.verify_time.as_secs_f64() * 1e6 / c.total.max(1) as f64;
            writeln!(f, "  {kind:<22} {:>8} {:>7} {mean:>9.1} µs", c.total, c.accepted)?;
        }
        write!(f, "accepted re-signed payloads that re-serialise differently: {}", self.reserialises_differently)?;
        match self.reserialise_example {
            Some(seed) => writeln!(f, " (e.g. case {seed:#018x})")?,
            None => writeln!(f)?,
        }
        writeln!(f, "panics: {}  wrongly accepted: {}", self.panics, self.failure_count)?;
        for (seed, kind, what) in &self.failures {
            writeln!(f, "  case {seed:#018x} ({kind}): {what}")?;
        }
        Ok(())
    }
}

/// Whether `verify` already refuses an answer outside its scale.
pub fn has_content_checks(seeds: &[Seed]) -> bool {
    let mut p = seeds[1].payload.clone();
    p.responses[0].answers[0].value = AnswerValue::Point { value: 99 };
    bundle::verify(&file(&seeds[1].key.sign_bytes(p.canonical().as_bytes()))).is_err()
}

/// Case `n` of a run with this base seed.
pub fn case_seed(base: u64, n: u64) -> u64 {
    splitmix(base ^ splitmix(n))
}

/// Runs `count` cases on `threads` threads; with `progress`, a line on
/// stderr every 100 000 cases.
pub fn run(count: u64, base: u64, threads: usize, progress: bool) -> Report {
    install_panic_hook();
    let seeds = seeds();
    let content_checks = has_content_checks(&seeds);
    let start = Instant::now();
    let threads = threads.max(1);
    let sizes = seeds.iter().map(|s| (s.name, s.file.len())).collect();
    let mut report = Report { content_checks, threads, seeds: sizes, ..Report::default() };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let seeds = &seeds;
                scope.spawn(move || {
                    let mut r = Report::default();
                    for n in (t as u64..count).step_by(threads) {
                        let cs = case_seed(base, n);
                        CURRENT.with(|c| c.set(Some((cs, "generating"))));
                        let case = case(seeds, cs);
                        tally(&mut r, seeds, &case, cs, content_checks);
                        if progress && t == 0 && n > 0 && n % 100_000 == 0 {
                            eprintln!("  {n} cases, {:.0} s", start.elapsed().as_secs_f64());
                        }
                    }
                    r
                })
            })
            .collect();
        for h in handles {
            report.merge(h.join().expect("a fuzz thread stopped"));
        }
    });
    report.elapsed = start.elapsed();
    report
}

/// The variant's name alone: `BadContent`, not its fields.
fn reason_name(reason: &Rejection) -> String {
    format!("{reason:?}").chars().take_while(char::is_ascii_alphanumeric).collect()
}

fn tally(r: &mut Report, seeds: &[Seed], case: &Case, cs: u64, content_checks: bool) {
    r.total += 1;
    let kind = r.kinds.entry(case.kind).or_default();
    kind.total += 1;
    let start = Instant::now();
    let outcome = run_case(case, cs);
    kind.verify_time += start.elapsed();
    match outcome {
        Err(message) => {
            r.panics += 1;
            r.failures.push((cs, case.kind, format!("panicked: {message}")));
        }
        Ok(result) => {
            if let Some(what) = judge(seeds, case, &result, content_checks) {
                r.failure_count += 1;
                if r.failures.len() < 50 {
                    r.failures.push((cs, case.kind, what));
                }
            }
            match &result {
                Ok(v) => {
                    kind.accepted += 1;
                    r.accepted += 1;
                    if seeds.iter().any(|s| s.file == case.input) {
                        r.unchanged += 1;
                    }
                    if let Expect::Signed { bytes, .. } = &case.expect {
                        let again =
                            serde_json::to_value(&v.payload).ok().and_then(|x| canonical_json::to_string(&x).ok());
                        if again.as_deref().map(str::as_bytes) != Some(&bytes[..]) {
                            r.reserialises_differently += 1;
                            r.reserialise_example.get_or_insert(cs);
                        }
                    }
                }
                Err(reason) => *r.rejected.entry(reason_name(reason)).or_default() += 1,
            }
        }
    }
}
