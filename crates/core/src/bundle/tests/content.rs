//! The content check: validly signed bundles whose records do not fit their
//! instruments, or whose instruments the app does not ship, are refused.

use super::*;
use crate::goal::{self, Goal, Placing};
use crate::instrument::content_hash;

fn point(value: i32) -> AnswerValue {
    AnswerValue::Point { value }
}

fn bad_answer(record: &str, item: &str, value: AnswerValue) -> Result<Verified, Rejection> {
    Err(Rejection::BadContent {
        record: record.into(),
        problem: ContentProblem::BadAnswer { item: item.into(), value },
    })
}

/// A bundle of these records, with the definitions they use, signed.
fn signed(key: &Key, responses: Vec<Response>, assessments: Vec<Response>, goals: Vec<Goal>) -> Vec<u8> {
    let mut p = payload(key, 1, None);
    p = Payload::new(
        Contents {
            device: p.device,
            project: p.project,
            sequence: p.sequence,
            previous: p.previous,
            created: p.created,
            participants: p.participants,
            responses,
            assessments,
            goals,
            forwarded: vec![],
        },
        super::shipped_definitions(),
    );
    file(&key.sign(&p))
}

/// A school-data rating with a date, a number, a text and a scale answer.
fn school_data() -> Response {
    let inst = shipped().iter().find(|i| i.id == "skoldata").unwrap();
    let values: Vec<(String, String)> = [
        ("period-fran", "2026-08-20"),
        ("franvaro-giltig", "12"),
        ("franvaro-definition", "Hela dagar"),
        ("behorighet", "p:1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assessment::rate(
        inst,
        FilledForm {
            id: "school-1".into(),
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

fn goal_on_step(step: i32) -> Goal {
    let trappan = shipped().iter().find(|i| i.id == goal::INSTRUMENT).unwrap();
    let placing = Placing { timepoint: Timepoint::Intake, step: 1, rater: "AB", now: "2026-11-03T09:00:00.000Z" };
    let mut g = Goal::set("goal-1".into(), code(), trappan, "Gå till skolan varje måndag", placing, 0).unwrap();
    g.placements[0].step = step;
    g
}

/// `change` applied to the definition of `id`, its hash recomputed (as a
/// signer with other instrument files would), and every record on it
/// pointed at the new definition: the bundle is consistent and signed.
fn redefine(p: &mut Payload, id: &str, change: impl Fn(&mut Value)) {
    let d = p.instruments.iter_mut().find(|d| d.id == id).unwrap();
    change(&mut d.source);
    d.id = d.source["id"].as_str().unwrap().into();
    d.version = d.source["version"].as_u64().unwrap() as u32;
    d.hash = content_hash(&d.source, d.translations.iter().map(|(k, v)| (k.as_str(), v))).unwrap();
    let new = InstrumentRef { id: d.id.clone(), version: d.version, hash: d.hash.clone() };
    for r in p.responses.iter_mut().chain(&mut p.assessments).filter(|r| r.instrument.id == id) {
        r.instrument = new.clone();
    }
    for g in p.goals.iter_mut().filter(|g| g.instrument.id == id) {
        g.instrument = new.clone();
    }
}

#[test]
fn a_point_off_the_scale_is_refused_naming_the_record() {
    let key = Key::ed(61);
    let mut p = payload(&key, 1, None);
    p.responses[0].answers[0].value = point(9);
    assert_eq!(verify(&file(&key.sign(&p))), bad_answer("response:response-1", "framtiden", point(9)));
    // kaa-steg offers no "vet ej"; utfall's forsorjning does, but no "ej-relevant".
    let mut p = payload(&key, 1, None);
    let vet_ej = AnswerValue::Special { id: "vet-ej".into() };
    p.responses[0].answers[0].value = vet_ej.clone();
    assert_eq!(verify(&file(&key.sign(&p))), bad_answer("response:response-1", "framtiden", vet_ej.clone()));
    let mut p = payload(&key, 1, None);
    p.assessments[0].answers[0].value = vet_ej;
    assert!(verify(&file(&key.sign(&p))).is_ok(), "an offered special answer");
    let ej_relevant = AnswerValue::Special { id: "ej-relevant".into() };
    p.assessments[0].answers[0].value = ej_relevant.clone();
    assert_eq!(verify(&file(&key.sign(&p))), bad_answer("response:rating-1", "forsorjning", ej_relevant));
    // A skipped question fits every item.
    p.assessments[0].answers[0].value = AnswerValue::Skipped;
    assert!(verify(&file(&key.sign(&p))).is_ok());
}

#[test]
fn an_instrument_or_version_the_app_does_not_ship_refuses_the_file() {
    let key = Key::ec(62);
    let unknown = |id: &str, version| Err(Rejection::UnknownInstrument { id: id.into(), version });
    let v = shipped().iter().find(|i| i.id == "kaa-steg").unwrap().version;
    let cases: [(fn(&mut Value), Result<Verified, Rejection>); 3] = [
        (|s| s["id"] = "hemligt-formular".into(), unknown("hemligt-formular", v)),
        (|s| s["version"] = (s["version"].as_u64().unwrap() + 1).into(), unknown("kaa-steg", v + 1)),
        // A shipped id and version with other wording: not what this app ships.
        (|s| s["title"] = "Något annat".into(), unknown("kaa-steg", v)),
    ];
    for (change, want) in cases {
        let mut p = payload(&key, 1, None);
        redefine(&mut p, "kaa-steg", change);
        assert_eq!(verify(&file(&key.sign(&p))), want);
    }
}

#[test]
fn an_answer_to_an_item_the_instrument_lacks_or_a_second_answer_is_refused() {
    let key = Key::ed(63);
    let mut p = payload(&key, 1, None);
    p.responses[0].answers[0].item = "framtid".into();
    let err = verify(&file(&key.sign(&p))).unwrap_err();
    assert_eq!(
        err,
        Rejection::BadContent {
            record: "response:response-1".into(),
            problem: ContentProblem::UnknownItem { item: "framtid".into() }
        }
    );
    let mut p = payload(&key, 1, None);
    let again = p.responses[0].answers[0].clone();
    p.responses[0].answers.push(again);
    let err = verify(&file(&key.sign(&p))).unwrap_err();
    assert_eq!(
        err,
        Rejection::BadContent {
            record: "response:response-1".into(),
            problem: ContentProblem::AnsweredTwice { item: "framtiden".into() }
        }
    );
}

#[test]
fn numbers_dates_and_texts_must_fit_their_items() {
    let key = Key::ed(64);
    let good = school_data();
    assert!(verify(&signed(&key, vec![], vec![good.clone()], vec![])).is_ok());
    let at = |item: &str| good.answers.iter().position(|a| a.item == item).unwrap();
    let cases = [
        ("franvaro-giltig", AnswerValue::Number { value: 101 }),
        ("franvaro-giltig", AnswerValue::Number { value: -1 }),
        ("period-fran", AnswerValue::Date { value: "2026-13-01".into() }),
        ("period-fran", AnswerValue::Date { value: "20 aug 2026".into() }),
        ("franvaro-definition", AnswerValue::Text { value: "x".repeat(301) }),
        // Kinds the items do not ask for.
        ("behorighet", AnswerValue::Text { value: "ja".into() }),
        ("behorighet", AnswerValue::Number { value: 1 }),
        ("franvaro-giltig", point(12)),
        ("franvaro-giltig", AnswerValue::Text { value: "12".into() }),
        ("period-fran", AnswerValue::Text { value: "i augusti".into() }),
        ("franvaro-definition", AnswerValue::Special { id: "ej-aktuellt".into() }),
    ];
    for (item, value) in cases {
        let mut r = good.clone();
        r.answers[at(item)].value = value.clone();
        assert_eq!(verify(&signed(&key, vec![], vec![r], vec![])), bad_answer("response:school-1", item, value));
    }
    // Text where the participant's scale asks for a point.
    let mut r = own_response("response-7");
    r.answers[0].value = AnswerValue::Text { value: "bra".into() };
    assert_eq!(
        verify(&signed(&key, vec![r], vec![], vec![])),
        bad_answer("response:response-7", "framtiden", AnswerValue::Text { value: "bra".into() })
    );
}

#[test]
fn goals_are_placed_on_steps_of_the_goal_staircase() {
    let key = Key::ed(65);
    assert!(verify(&signed(&key, vec![], vec![], vec![goal_on_step(5)])).is_ok());
    assert_eq!(
        verify(&signed(&key, vec![], vec![], vec![goal_on_step(9)])),
        Err(Rejection::BadContent { record: "goal:goal-1".into(), problem: ContentProblem::NotAStep { step: 9 } })
    );
    let mut other = goal_on_step(2);
    other.instrument = InstrumentRef::from(shipped().iter().find(|i| i.id == "kaa-steg").unwrap());
    assert_eq!(
        verify(&signed(&key, vec![], vec![], vec![other])),
        Err(Rejection::BadContent { record: "goal:goal-1".into(), problem: ContentProblem::NotAGoalInstrument })
    );
}

#[test]
fn a_forwarded_bundle_with_bad_content_refuses_the_outer_file() {
    let phone = Key::ed(66);
    let tablet = Key::ec(67);
    let forward = |change: fn(&mut Payload)| {
        let mut inner = payload(&phone, 1, None);
        inner.participants.clear();
        inner.assessments.clear();
        inner.instruments.retain(|d| d.id == "kaa-steg");
        change(&mut inner);
        let mut outer = payload(&tablet, 2, Some("sha256:00".into()));
        outer.forwarded.push(phone.sign(&inner));
        verify(&file(&tablet.sign(&outer)))
    };
    assert!(forward(|_| {}).is_ok());
    assert_eq!(
        forward(|p| p.responses[0].answers[0].value = point(9)),
        bad_answer("response:response-1", "framtiden", point(9))
    );
    assert_eq!(
        forward(|p| redefine(p, "kaa-steg", |s| s["version"] = 7.into())),
        Err(Rejection::UnknownInstrument { id: "kaa-steg".into(), version: 7 })
    );
}

#[test]
fn the_example_bundle_and_the_evaluation_dataset_pass_the_content_check() {
    let example = include_str!("../../../../../tests/fixtures/bundle-example.json");
    assert!(verify(example.as_bytes()).is_ok());
    // The synthetic dataset that e2e signs and imports (e2e/bundles.mjs).
    let data: Value =
        serde_json::from_str(include_str!("../../../../../tests/fixtures/evaluation/dataset.json")).unwrap();
    for (n, b) in data["bundles"].as_array().unwrap().iter().enumerate() {
        let key = Key::ed(70 + n as u8);
        let records = |field: &str| serde_json::from_value(b[field].clone()).unwrap();
        let p = Payload::new(
            Contents {
                device: DeviceRef { kid: key.jwk().thumbprint(), label: b["label"].as_str().unwrap().into() },
                project: b["project"].as_str().unwrap().into(),
                sequence: 1,
                previous: None,
                created: "2026-11-26T10:00:00.000Z".into(),
                participants: serde_json::from_value(b["participants"].clone()).unwrap(),
                responses: records("responses"),
                assessments: records("assessments"),
                goals: serde_json::from_value(b["goals"].clone()).unwrap(),
                forwarded: vec![],
            },
            super::shipped_definitions(),
        );
        assert!(!p.responses.is_empty() && !p.goals.is_empty());
        let v = verify(&file(&key.sign(&p)));
        assert!(v.is_ok(), "bundle {n}: {:?}", v.err());
    }
}

#[test]
fn every_released_version_is_kept_whole_and_checked_as_recorded() {
    // A raised version (scripts/translations.py import) keeps the earlier one
    // in content/instruments/released/: its hash is the recorded one, it is
    // signed with and accepted, and it parses as a shipped instrument does.
    let recorded: Value = serde_json::from_str(include_str!("../../../../../content/instrument-hashes.json")).unwrap();
    for def in released_definitions() {
        let key = format!("{}@{}", def.id, def.version);
        assert!(def.checks_out(), "{key}: its files do not give its hash");
        assert_eq!(recorded[&key].as_str(), Some(def.hash.as_str()), "{key} is not the recorded version");
        let current = shipped().iter().find(|i| i.id == def.id).unwrap_or_else(|| panic!("{key}: no shipped instrument"));
        assert!(def.version < current.version, "{key} is not earlier than the shipped version");
        let inst = def.instrument().unwrap();
        assert_eq!((inst.version, inst.hash.as_str()), (def.version, def.hash.as_str()));
        assert!(known_instruments().iter().any(|i| i.id == def.id && i.version == def.version));
        assert!(shipped_definitions().contains(&def));
    }
    // Every recorded version of a shipped instrument is either shipped or kept.
    for (key, hash) in recorded.as_object().unwrap() {
        let (id, version) = key.split_once('@').unwrap();
        let version: u32 = version.parse().unwrap();
        assert!(
            shipped_definitions().iter().any(|d| d.id == id && d.version == version && &d.hash == hash),
            "{key} was recorded but is neither shipped nor kept in content/instruments/released/"
        );
    }
}
