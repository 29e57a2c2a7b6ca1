use std::collections::BTreeMap;

use ed25519_dalek::Signer as _;

use super::import::{classify, records, FileIndex, Flag, KeyTrust, KnownBundle, KnownRecord, Outcome, Session};
use super::jws::{FlattenedJws, PublicJwk};
use super::*;
use crate::assessment::{self, FilledForm};
use crate::instrument::plan::Track;
use crate::instrument::{shipped, Timepoint};
use crate::language::Language;
use crate::participant::Consent;
use crate::participant_code::ParticipantCode;
use crate::response::{Answer, AnswerValue};

/// A signer for tests: Ed25519 from a fixed seed, or P-256.
enum Key {
    Ed(ed25519_dalek::SigningKey),
    Ec(p256::ecdsa::SigningKey),
}

impl Key {
    fn ed(seed: u8) -> Key {
        Key::Ed(ed25519_dalek::SigningKey::from_bytes(&[seed; 32]))
    }

    fn ec(seed: u8) -> Key {
        Key::Ec(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap())
    }

    fn jwk(&self) -> PublicJwk {
        match self {
            Key::Ed(k) => PublicJwk::Okp { crv: "Ed25519".into(), x: base64url::encode(k.verifying_key().as_bytes()) },
            Key::Ec(k) => {
                let point = k.verifying_key().to_encoded_point(false);
                PublicJwk::Ec {
                    crv: "P-256".into(),
                    x: base64url::encode(point.x().unwrap()),
                    y: base64url::encode(point.y().unwrap()),
                }
            }
        }
    }

    fn sign(&self, payload: &Payload) -> FlattenedJws {
        let (protected, body) = to_sign(payload, &self.jwk());
        self.sign_raw(protected, body)
    }

    fn sign_raw(&self, protected: String, body: String) -> FlattenedJws {
        let input = jws::signing_input(&protected, &body);
        let sig: Vec<u8> = match self {
            Key::Ed(k) => k.sign(input.as_bytes()).to_bytes().to_vec(),
            Key::Ec(k) => {
                let s: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(k, input.as_bytes());
                s.to_bytes().to_vec()
            }
        };
        jws::assemble(protected, body, &sig)
    }
}

fn code() -> ParticipantCode {
    ParticipantCode::from_random([3, 1, 4, 1, 5])
}

fn participant() -> Participant {
    Participant {
        id: code(),
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

fn own_response(id: &str) -> Response {
    let inst = shipped().iter().find(|i| i.id == "kaa-steg").unwrap();
    Response {
        id: id.into(),
        participant: code(),
        track: Track::Kaa,
        timepoint: Timepoint::Intake,
        instrument: InstrumentRef::from(inst),
        answers: vec![Answer {
            item: "framtiden".into(),
            value: AnswerValue::Point { value: 2 },
            language: Language::Ar,
            answered_at: "2026-11-02T10:00:00.000Z".into(),
        }],
        language: Language::Ar,
        started_at: "2026-11-02T10:00:00.000Z".into(),
        completed_at: "2026-11-02T10:05:00.000Z".into(),
        device: "phone".into(),
        rater: None,
    }
}

fn rating() -> Response {
    let inst = shipped().iter().find(|i| i.id == "utfall").unwrap();
    let values = vec![("forsorjning".to_string(), "p:2".to_string())];
    assessment::rate(
        inst,
        FilledForm {
            id: "rating-1".into(),
            participant: code(),
            track: Track::Kaa,
            timepoint: Timepoint::Intake,
            rater: "AB",
            values: &values,
            language: Language::Sv,
            now: "2026-11-03T09:00:00.000Z",
            device: "tablet".into(),
        },
    )
    .unwrap()
}

fn payload(key: &Key, sequence: u64, previous: Option<String>) -> Payload {
    Payload::new(
        Contents {
            device: DeviceRef { kid: key.jwk().thumbprint(), label: "Surfplatta 1".into() },
            project: "Karlstad".into(),
            sequence,
            previous,
            created: "2026-11-26T10:00:00.000Z".into(),
            participants: vec![participant()],
            responses: vec![own_response("response-1")],
            assessments: vec![rating()],
            goals: vec![],
            forwarded: vec![],
        },
        super::shipped_definitions(),
    )
}

fn file(jws: &FlattenedJws) -> Vec<u8> {
    serde_json::to_vec(jws).unwrap()
}

#[test]
fn a_signed_bundle_verifies_with_either_algorithm_and_carries_its_instruments() {
    for key in [Key::ed(7), Key::ec(7)] {
        let p = payload(&key, 1, None);
        let ids: Vec<&str> = p.instruments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["kaa-steg", "utfall"], "only the instruments used, each with its files");
        assert_eq!(p.instruments[0].translations.len(), 7);
        let verified = verify(&file(&key.sign(&p))).unwrap();
        assert_eq!(verified.payload, p);
        assert_eq!(verified.header.kid, key.jwk().thumbprint());
        assert_eq!(verified.header.alg, key.jwk().alg());
        assert_eq!(verified.hash, payload_hash(p.canonical().as_bytes()));
    }
}

/// Every other base64url character at a position of one of the three texts.
fn flips(text: &str, at: usize) -> impl Iterator<Item = String> + '_ {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let original = text.as_bytes()[at] as char;
    ALPHABET.chars().filter(move |c| *c != original).step_by(16).map(move |c| {
        let mut s = text.to_string();
        s.replace_range(at..at + 1, &c.to_string());
        s
    })
}

#[test]
fn any_changed_character_of_header_payload_or_signature_is_rejected() {
    let key = Key::ed(9);
    let good = key.sign(&payload(&key, 1, None));
    let mut tried = 0;
    for part in 0..3 {
        let text = [&good.protected, &good.payload, &good.signature][part];
        // Every position of the header and signature; the payload at a spread of positions and both ends.
        let positions: Vec<usize> = if part == 1 {
            (0..64).chain((64..text.len()).step_by(97)).chain(text.len() - 64..text.len()).collect()
        } else {
            (0..text.len()).collect()
        };
        for at in positions {
            for changed in flips(text, at) {
                let mut bad = good.clone();
                *[&mut bad.protected, &mut bad.payload, &mut bad.signature][part] = changed;
                assert!(verify(&file(&bad)).is_err(), "part {part} position {at} accepted");
                tried += 1;
            }
        }
    }
    assert!(tried > 2_000, "{tried} changes tried");
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn arbitrary_bytes_never_panic_and_are_never_accepted() {
    let key = Key::ed(3);
    let good = file(&key.sign(&payload(&key, 1, None)));
    let mut rng = Lcg(42);
    for round in 0..3_000 {
        let input: Vec<u8> = match round % 3 {
            // Pure noise.
            0 => (0..rng.next() % 300).map(|_| rng.next() as u8).collect(),
            // The real file, cut short.
            1 => good[..(rng.next() as usize % good.len())].to_vec(),
            // The real file with a few random bytes changed.
            _ => {
                let mut f = good.clone();
                for _ in 0..1 + rng.next() % 4 {
                    let at = rng.next() as usize % f.len();
                    f[at] = rng.next() as u8;
                }
                f
            }
        };
        if input != good {
            // Some changes (in JSON syntax outside the texts) may leave the same bundle; it must then be identical.
            if let Ok(v) = verify(&input) {
                assert_eq!(v, verify(&good).unwrap(), "round {round}");
            }
        }
    }
    for text in ["", "null", "[]", "{}", r#"{"payload":1}"#, r#"{"payload":"","protected":"","signature":""}"#] {
        assert!(verify(text.as_bytes()).is_err(), "{text}");
    }
}

#[test]
fn wrong_files_get_the_reason_a_person_can_act_on() {
    let key = Key::ed(5);
    assert_eq!(verify(b"Namn;Svar\nAnna;3\n"), Err(Rejection::NotStegvis));
    assert_eq!(verify(&vec![b' '; MAX_BYTES as usize + 1]), Err(Rejection::TooLarge));

    // Signed, but not canonical JSON: not made by Stegvis.
    let p = payload(&key, 1, None);
    let pretty = serde_json::to_string_pretty(&p).unwrap();
    let (protected, _) = to_sign(&p, &key.jwk());
    let jws = key.sign_raw(protected.clone(), base64url::encode(pretty.as_bytes()));
    assert_eq!(verify(&file(&jws)), Err(Rejection::UnknownFormat));

    // A future format version.
    let mut future = p.clone();
    future.version = 2;
    assert_eq!(verify(&file(&key.sign(&future))), Err(Rejection::UnknownFormat));

    // An instrument whose wording was changed after signing-time hashing.
    let mut changed = p.clone();
    changed.instruments[0].source["title"] = "Något annat".into();
    assert_eq!(verify(&file(&key.sign(&changed))), Err(Rejection::ContentChanged));

    // A response on an instrument the bundle does not define.
    let mut missing = p.clone();
    missing.instruments.remove(1);
    assert_eq!(verify(&file(&key.sign(&missing))), Err(Rejection::ContentChanged));

    // Signed by another key than the one in the header.
    let other = Key::ed(6);
    let (_, body) = to_sign(&p, &key.jwk());
    let forged = other.sign_raw(protected, body);
    assert_eq!(verify(&file(&forged)), Err(Rejection::SignatureMismatch));
}

#[test]
fn a_phone_bundle_travels_unchanged_inside_the_staff_bundle() {
    let phone = Key::ed(11);
    let mut phone_payload = payload(&phone, 1, None);
    phone_payload.participants.clear();
    phone_payload.assessments.clear();
    phone_payload.instruments.retain(|d| d.id == "kaa-steg");
    let from_phone = phone.sign(&phone_payload);

    let tablet = Key::ec(12);
    let mut staff = payload(&tablet, 4, Some("sha256:00".into()));
    staff.forwarded.push(from_phone.clone());
    let v = verify(&file(&tablet.sign(&staff))).unwrap();
    assert_eq!(v.forwarded.len(), 1);
    assert_eq!(v.forwarded[0].header.kid, phone.jwk().thumbprint());
    assert_eq!(v.forwarded[0].payload, phone_payload);
    assert_eq!(v.answer_count(), 2 + 1, "the staff bundle's response and rating, and the phone's response");

    let mut tampered = from_phone;
    let flipped = flips(&tampered.signature, 5).next().unwrap();
    tampered.signature = flipped;
    staff.forwarded = vec![tampered];
    assert_eq!(verify(&file(&tablet.sign(&staff))), Err(Rejection::ContentChanged));
}

#[test]
fn a_records_digest_is_that_of_its_canonical_json_also_when_forwarded() {
    let phone = Key::ed(13);
    let mut phone_payload = payload(&phone, 1, None);
    phone_payload.participants.clear();
    phone_payload.assessments.clear();
    phone_payload.instruments.retain(|d| d.id == "kaa-steg");
    let tablet = Key::ec(14);
    let mut staff = payload(&tablet, 2, Some("sha256:00".into()));
    staff.forwarded.push(phone.sign(&phone_payload));
    let v = verify(&file(&tablet.sign(&staff))).unwrap();
    // Worked out from the typed records, as the digest is defined.
    let canon = |value: serde_json::Value| {
        crate::hex::hex(&Sha256::digest(canonical_json::to_string(&value).unwrap().as_bytes()))
    };
    let expected: Vec<(String, String, bool)> = [&staff, &phone_payload]
        .into_iter()
        .flat_map(|p| {
            p.responses
                .iter()
                .chain(&p.assessments)
                .map(|r| (format!("response:{}", r.id), canon(serde_json::to_value(r).unwrap()), false))
                .chain(p.participants.iter().map(|x| (format!("participant:{}", x.id.as_str()), canon(serde_json::to_value(x).unwrap()), true)))
                .chain(p.goals.iter().map(|g| (format!("goal:{}", g.id), canon(serde_json::to_value(g).unwrap()), true)))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(expected.len(), 4, "the staff bundle's response, rating and participant, and the phone's response");
    assert_eq!(crate::bundle::import::records(&v), expected);
}

#[test]
fn a_shipped_definitions_text_is_its_canonical_json_and_reads_back_as_it() {
    // `parse_signed` takes a definition carrying this exact text as the
    // shipped one without parsing it: it must be the text a bundle carries.
    let texts = shipped_definition_texts();
    assert_eq!(texts.len(), shipped_definitions().len());
    for (text, definition) in texts.iter().zip(shipped_definitions()) {
        assert!(crate::canonical_json::is_canonical(text.as_bytes()), "{}", definition.id);
        assert_eq!(&serde_json::from_str::<InstrumentDefinition>(text).unwrap(), definition);
    }
    // A bundle signed with them verifies with the same definitions as signed.
    let key = Key::ed(24);
    let p = payload(&key, 1, None);
    assert!(p.instruments.iter().all(|d| shipped_definitions().contains(d)));
    assert_eq!(verify(&file(&key.sign(&p))).unwrap().payload, p);
}

#[test]
fn import_reports_duplicates_keys_gaps_chains_and_conflicts() {
    let key = Key::ed(21);
    let first = verify(&file(&key.sign(&payload(&key, 1, None)))).unwrap();
    let known1 = KnownBundle { hash: first.hash.clone(), kid: first.header.kid.clone(), sequence: 1, previous: None };
    let none = BTreeMap::new();
    assert_eq!(classify(&first, &[], None, &none), Outcome::Imported(vec![Flag::NewKey]));
    assert_eq!(
        classify(&first, std::slice::from_ref(&known1), Some(KeyTrust::Confirmed), &none),
        Outcome::AlreadyImported
    );

    // The next bundle follows on; one with a wrong `previous` does not; one further on leaves a gap.
    let second = verify(&file(&key.sign(&payload(&key, 2, Some(first.hash.clone()))))).unwrap();
    let known = [known1];
    assert_eq!(classify(&second, &known, Some(KeyTrust::Confirmed), &none), Outcome::Imported(vec![]));
    let broken = verify(&file(&key.sign(&payload(&key, 2, Some("sha256:ff".into()))))).unwrap();
    assert_eq!(
        classify(&broken, &known, Some(KeyTrust::Unconfirmed), &none),
        Outcome::Imported(vec![Flag::UnconfirmedKey, Flag::BrokenChain])
    );
    let fourth = verify(&file(&key.sign(&payload(&key, 4, Some("sha256:ee".into()))))).unwrap();
    assert_eq!(
        classify(&fourth, &known, Some(KeyTrust::Revoked), &none),
        Outcome::Imported(vec![Flag::RevokedKey, Flag::Gap { missing_from: 2, missing_to: 3 }])
    );

    // The same response id with other answers is a conflict; the same participant updated on its own device is not.
    let mut existing: BTreeMap<String, KnownRecord> = records(&first)
        .into_iter()
        .map(|(id, digest, mutable)| (id, KnownRecord { kid: first.header.kid.clone(), digest, mutable }))
        .collect();
    let mut p = payload(&key, 2, Some(first.hash.clone()));
    p.responses[0].answers[0].value = AnswerValue::Point { value: 4 };
    p.participants[0].age = Some(20);
    let changed = verify(&file(&key.sign(&p))).unwrap();
    assert_eq!(
        classify(&changed, &known, Some(KeyTrust::Confirmed), &existing),
        Outcome::Imported(vec![Flag::Conflict { ids: vec!["response:response-1".into()] }])
    );
    // From another device, the changed participant conflicts too.
    for r in existing.values_mut() {
        r.kid = "another".into();
    }
    let Outcome::Imported(flags) = classify(&changed, &known, Some(KeyTrust::Confirmed), &existing) else { panic!() };
    assert!(matches!(&flags[..], [Flag::Conflict { ids }] if ids.len() == 2));

    // A session (the browser's import and the command line) keeps its records
    // in a compact form, and finds the same.
    let mut session = Session::default();
    assert_eq!(session.add(&FileIndex::of(&first, "1".into()), Some(KeyTrust::Confirmed)), Outcome::Imported(vec![]));
    assert_eq!(
        session.classify(&FileIndex::of(&changed, "2".into()), Some(KeyTrust::Confirmed)),
        Outcome::Imported(vec![Flag::Conflict { ids: vec!["response:response-1".into()] }])
    );
    assert_eq!(session.classify(&FileIndex::of(&second, "2".into()), Some(KeyTrust::Confirmed)), Outcome::Imported(vec![]));
    let other = Key::ed(22);
    let elsewhere = verify(&file(&other.sign(&{
        let mut q = payload(&other, 1, None);
        q.responses = p.responses.clone();
        q.participants = p.participants.clone();
        q
    })))
    .unwrap();
    let Outcome::Imported(flags) = session.classify(&FileIndex::of(&elsewhere, "3".into()), Some(KeyTrust::Confirmed)) else {
        panic!()
    };
    assert!(matches!(&flags[..], [Flag::Conflict { ids }] if ids.len() == 2), "{flags:?}");
}

#[test]
fn a_signed_bundle_cannot_smuggle_a_name_into_a_record() {
    let key = Key::ed(31);
    let p = payload(&key, 1, None);
    let mut value = serde_json::to_value(&p).unwrap();
    value["participants"][0]["name"] = "Anna Andersson".into();
    let body = crate::canonical_json::to_string(&value).unwrap();
    let (protected, _) = to_sign(&p, &key.jwk());
    let jws = key.sign_raw(protected, base64url::encode(body.as_bytes()));
    assert_eq!(verify(&file(&jws)), Err(Rejection::UnknownFormat));
}

#[test]
fn a_signed_bundle_with_a_personnummer_in_any_typed_text_is_refused() {
    let key = Key::ec(33);
    let places: [fn(&mut Payload); 4] = [
        |p| p.device.label = "200501012384".into(),
        |p| p.project = "Anna 050101-2384".into(),
        |p| p.participants[0].project_tag = "070-123 45 67".into(),
        |p| p.assessments[0].rater = Some("ab@skolan.se".into()),
    ];
    for (n, change) in places.iter().enumerate() {
        let mut p = payload(&key, 1, None);
        change(&mut p);
        assert_eq!(verify(&file(&key.sign(&p))), Err(Rejection::PersonalData), "place {n}");
    }
    assert!(verify(&file(&key.sign(&payload(&key, 1, None)))).is_ok());
}

#[test]
fn the_chain_is_checked_from_both_sides_and_numbers_are_not_reused() {
    let key = Key::ed(41);
    let first = verify(&file(&key.sign(&payload(&key, 1, None)))).unwrap();
    let third = verify(&file(&key.sign(&payload(&key, 3, Some("sha256:aa".into()))))).unwrap();
    let known = |v: &Verified| KnownBundle {
        hash: v.hash.clone(),
        kid: v.header.kid.clone(),
        sequence: v.payload.sequence,
        previous: v.payload.previous.clone(),
    };
    let none = BTreeMap::new();
    let trust = Some(KeyTrust::Confirmed);
    // A first bundle that claims a previous one.
    let odd_first = verify(&file(&key.sign(&payload(&key, 1, Some("sha256:bb".into()))))).unwrap();
    assert_eq!(classify(&odd_first, &[], trust, &none), Outcome::Imported(vec![Flag::BrokenChain]));
    // Bundle 2 arrives after 3, and 3 does not name it as previous.
    let second = verify(&file(&key.sign(&payload(&key, 2, Some(first.hash.clone()))))).unwrap();
    assert_eq!(
        classify(&second, &[known(&first), known(&third)], trust, &none),
        Outcome::Imported(vec![Flag::BrokenChain])
    );
    // Another bundle with the number 1.
    assert_eq!(classify(&odd_first, &[known(&first)], trust, &none), Outcome::Imported(vec![Flag::BrokenChain]));

    // A session (the browser's import and the command line) keeps each
    // device's bundles by number and by hash, and finds the same.
    let session_of = |before: &[&Verified]| {
        Session::from_index(before.iter().enumerate().map(|(n, v)| FileIndex::of(v, n.to_string())).collect())
    };
    let fourth = verify(&file(&key.sign(&payload(&key, 4, Some(third.hash.clone()))))).unwrap();
    let cases: [(&Verified, Vec<&Verified>); 7] = [
        (&odd_first, vec![]),
        (&second, vec![&first, &third]),
        (&second, vec![&first]),
        (&odd_first, vec![&first]),
        (&first, vec![&first, &third]),
        (&fourth, vec![&first]),
        (&third, vec![&first, &fourth]),
    ];
    for (n, (v, before)) in cases.iter().enumerate() {
        let slice: Vec<KnownBundle> = before.iter().map(|b| known(b)).collect();
        let expected = classify(v, &slice, trust, &none);
        assert_eq!(session_of(before).classify(&FileIndex::of(v, "new".into()), trust), expected, "case {n}");
    }
    assert_eq!(
        session_of(&[&first]).classify(&FileIndex::of(&fourth, "new".into()), trust),
        Outcome::Imported(vec![Flag::Gap { missing_from: 2, missing_to: 3 }])
    );
}

#[test]
fn the_evaluator_sees_each_participant_once_with_their_answers_counted_once() {
    let key = Key::ed(51);
    let first = verify(&file(&key.sign(&payload(&key, 1, None)))).unwrap();
    // The same records again in a later bundle, with the participant's age now known to be 20.
    let mut p = payload(&key, 2, Some(first.hash.clone()));
    p.participants[0].age = Some(20);
    let second = verify(&file(&key.sign(&p))).unwrap();
    let records: Vec<_> = [&second, &first].into_iter().flat_map(super::import::BundleRecords::of).collect();
    let overview = super::import::participants(&records);
    assert_eq!(overview.len(), 1);
    let o = &overview[0];
    assert_eq!((o.code.as_str(), o.age, o.responses, o.ratings), (code().as_str(), Some(20), 1, 1));
}

mod content;
