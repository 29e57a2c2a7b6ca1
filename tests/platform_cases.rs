//! A participant's case through IndexedDB in real headless Chromium: staff
//! ratings, goals and closing the case.
#![cfg(target_arch = "wasm32")]

use stegvis::core::assessment::{self, FilledForm};
use stegvis::core::goal::{self, Goal, Placing};
use stegvis::core::instrument::plan::Track;
use stegvis::core::instrument::{shipped, Instrument, Timepoint};
use stegvis::core::language::Language;
use stegvis::core::participant::{Consent, Participant};
use stegvis::core::participant_code::ParticipantCode;
use stegvis::core::response::Response;
use stegvis::platform::cases;
use stegvis::platform::storage::{delete_database, Storage, Store, MIGRATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> Storage {
    let name = format!("stegvis-test-cases-{name}");
    delete_database(&name).await.unwrap();
    Storage::open_with(&name, MIGRATIONS).await.unwrap()
}

fn inst(id: &str) -> &'static Instrument {
    shipped().iter().find(|i| i.id == id).unwrap()
}

fn participant(n: u8) -> Participant {
    Participant {
        id: ParticipantCode::from_random([n, 2, 3, 4, 5]),
        track: Track::Kaa,
        project_tag: String::new(),
        enrolled_on: "2026-11-01".into(),
        gender: None,
        age: Some(20),
        consent: Consent { participant_on: "2026-11-01".into(), guardian_on: None },
        closed_on: None,
        unreachable: Vec::new(),
    }
}

fn rating(
    p: &Participant,
    id: &str,
    instrument: &str,
    timepoint: Timepoint,
    rater: &str,
    values: &[(&str, &str)],
) -> Response {
    let values: Vec<(String, String)> = values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assessment::rate(
        inst(instrument),
        FilledForm {
            id: id.into(),
            participant: p.id.clone(),
            track: p.track,
            timepoint,
            rater,
            values: &values,
            language: Language::Sv,
            now: "2026-11-26T10:00:00.000Z",
            device: "d".into(),
        },
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn ratings_and_goals_load_for_their_participant_only() {
    let storage = fresh("load").await;
    let (p, other) = (participant(1), participant(2));
    for x in [&p, &other] {
        storage.put(Store::Participants, x).await.unwrap();
    }
    let by_ab = rating(&p, "r1", "utfall", Timepoint::Intake, "AB", &[("forsorjning", "p:1")]);
    let by_cd = rating(&p, "r2", "utfall", Timepoint::Intake, "CD", &[("forsorjning", "s:vet-ej")]);
    let elsewhere = rating(&other, "r3", "utfall", Timepoint::Intake, "AB", &[("forsorjning", "p:2")]);
    for r in [&by_ab, &by_cd, &elsewhere] {
        cases::save_rating(&storage, r).await.unwrap();
    }
    let trappan = inst(goal::INSTRUMENT);
    let placing = Placing { timepoint: Timepoint::Intake, step: 1, rater: "AB", now: "2026-11-26T10:00:00.000Z" };
    let mut g = Goal::set("g1".into(), p.id.clone(), trappan, "Komma i tid", placing, 0).unwrap();
    cases::save_goal(&storage, &g).await.unwrap();
    g.place(trappan, Placing { timepoint: Timepoint::FollowUp, step: 3, rater: "CD", now: "2026-12-01T10:00:00.000Z" })
        .unwrap();
    cases::save_goal(&storage, &g).await.unwrap();

    let case = cases::load(&storage, &p.id).await.unwrap();
    assert_eq!(case.participant.as_ref(), Some(&p));
    let raters: Vec<Option<&str>> = case.responses.iter().map(|r| r.rater.as_deref()).collect();
    assert_eq!(raters.len(), 2);
    assert!(raters.contains(&Some("AB")) && raters.contains(&Some("CD")));
    assert_eq!(case.goals, vec![g], "a saved goal replaces its earlier state");
    assert_eq!(cases::load(&storage, &other.id).await.unwrap().responses, vec![elsewhere]);
}

#[wasm_bindgen_test]
async fn closing_stores_the_outcome_the_closed_participant_and_closed_goals_together() {
    let storage = fresh("close").await;
    let mut p = participant(3);
    storage.put(Store::Participants, &p).await.unwrap();
    let trappan = inst(goal::INSTRUMENT);
    let placing = Placing { timepoint: Timepoint::Intake, step: 2, rater: "AB", now: "t" };
    let mut g = Goal::set("g2".into(), p.id.clone(), trappan, "Söka praktik", placing, 0).unwrap();
    cases::save_goal(&storage, &g).await.unwrap();

    let exit =
        rating(&p, "r9", "utfall", Timepoint::Exit, "AB", &[("huvudsaklig-aktivitet", "p:1"), ("forsorjning", "p:2")]);
    p.closed_on = Some("2026-11-26".into());
    g.close("t2");
    cases::close(&storage, &p, &exit, std::slice::from_ref(&g)).await.unwrap();

    let case = cases::load(&storage, &p.id).await.unwrap();
    assert_eq!(case.participant.unwrap().closed_on.as_deref(), Some("2026-11-26"));
    assert_eq!(case.responses, vec![exit]);
    assert!(!case.goals[0].is_open());
    let outcome = stegvis::core::case::outcome(&case.responses, shipped()).unwrap();
    assert!(outcome.in_studies_or_work);
}
