//! Surveys and responses through IndexedDB in real headless Chromium.
#![cfg(target_arch = "wasm32")]

use stegvis::core::instrument::plan::Track;
use stegvis::core::instrument::Timepoint;
use stegvis::core::language::Language;
use stegvis::core::participant_code::ParticipantCode;
use stegvis::core::response::{AnswerValue, Response};
use stegvis::core::survey::{Screen, Survey};
use stegvis::platform::storage::{delete_database, Storage, Store, MIGRATIONS};
use stegvis::platform::surveys;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> Storage {
    let name = format!("stegvis-test-surveys-{name}");
    delete_database(&name).await.unwrap();
    Storage::open_with(&name, MIGRATIONS).await.unwrap()
}

fn code(n: u8) -> ParticipantCode {
    ParticipantCode::from_random([n, 2, 3, 4, 5])
}

#[wasm_bindgen_test]
async fn a_survey_and_its_responses_round_trip_exactly() {
    let storage = fresh("round-trip").await;
    let mut survey =
        surveys::open_or_start(&storage, code(1), Track::Grundskola, Timepoint::Intake, false).await.unwrap();
    survey.select(AnswerValue::Special { id: "vill-inte-svara".into() }, Language::Ar, "2026-11-26T10:00:00.000Z");
    surveys::save(&storage, &survey).await.unwrap();
    assert_eq!(surveys::load(&storage, &survey.id).await.unwrap(), Some(survey.clone()));

    while survey.screen != Screen::Review {
        survey.next(Language::Ar, "2026-11-26T10:01:00.000Z", stegvis::core::instrument::shipped());
    }
    let mut n = 0;
    let responses = survey.submit("2026-11-26T10:02:00.000Z", Language::Ar, || {
        n += 1;
        format!("r{n}")
    });
    surveys::submit(&storage, &survey, &responses).await.unwrap();
    let mut stored: Vec<Response> = storage.all(Store::Responses).await.unwrap();
    stored.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(stored, responses);
    assert_eq!(surveys::load(&storage, &survey.id).await.unwrap().unwrap().screen, Screen::Done);
}

#[wasm_bindgen_test]
async fn the_same_link_resumes_and_a_finished_survey_is_not_started_again() {
    let storage = fresh("resume").await;
    let first = surveys::open_or_start(&storage, code(2), Track::Kaa, Timepoint::Intake, false).await.unwrap();
    let again = surveys::open_or_start(&storage, code(2), Track::Kaa, Timepoint::Intake, false).await.unwrap();
    assert_eq!(first.id, again.id);
    // Another timepoint is another survey.
    let exit = surveys::open_or_start(&storage, code(2), Track::Kaa, Timepoint::Exit, false).await.unwrap();
    assert_ne!(exit.id, first.id);

    let mut done = again.clone();
    while done.screen != Screen::Review {
        done.next(Language::Sv, "2026-11-26T10:00:00.000Z", stegvis::core::instrument::shipped());
    }
    let responses = done.submit("2026-11-26T10:00:00.000Z", Language::Sv, || "x".into());
    surveys::submit(&storage, &done, &responses[..1]).await.unwrap();
    let after = surveys::open_or_start(&storage, code(2), Track::Kaa, Timepoint::Intake, true).await.unwrap();
    assert_eq!(after.id, first.id);
    assert_eq!(after.screen, Screen::Done);
    assert_eq!(surveys::kiosk(&storage).await.unwrap(), None, "a finished survey never locks the device");
    assert_eq!(storage.count(Store::Surveys).await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn kiosk_mode_locks_the_device_to_the_survey_until_unlocked() {
    let storage = fresh("kiosk").await;
    let survey = surveys::open_or_start(&storage, code(3), Track::Steg1, Timepoint::Exit, true).await.unwrap();
    assert!(survey.kiosk);
    assert_eq!(surveys::kiosk(&storage).await.unwrap(), Some(survey.id.clone()));
    assert!(!surveys::kiosk_finished(&storage, &survey.id).await.unwrap());
    // Sent in: marked in the same write, where a locked device can read it.
    let mut done = survey.clone();
    while done.screen != Screen::Review {
        done.next(Language::Sv, "2026-11-26T10:00:00.000Z", stegvis::core::instrument::shipped());
    }
    let responses = done.submit("2026-11-26T10:00:00.000Z", Language::Sv, || "y".into());
    surveys::submit(&storage, &done, &responses).await.unwrap();
    assert!(surveys::kiosk_finished(&storage, &survey.id).await.unwrap());
    assert!(!surveys::kiosk_finished(&storage, "another-survey").await.unwrap());
    surveys::set_kiosk(&storage, None).await.unwrap();
    assert_eq!(surveys::kiosk(&storage).await.unwrap(), None);
    assert!(!surveys::kiosk_finished(&storage, &survey.id).await.unwrap(), "taking the device back clears the mark");
    // The device id is made once and kept.
    let device = surveys::device_id(&storage).await.unwrap();
    assert_eq!(device, survey.device);
    assert_eq!(surveys::device_id(&storage).await.unwrap(), device);
}

#[wasm_bindgen_test]
async fn an_unreadable_record_does_not_hide_the_others() {
    #[derive(serde::Serialize)]
    struct Foreign {
        id: String,
        shape: u8,
    }
    let storage = fresh("unreadable").await;
    let survey = surveys::open_or_start(&storage, code(4), Track::Kaa, Timepoint::Intake, false).await.unwrap();
    storage.put(Store::Surveys, &Foreign { id: "old".into(), shape: 1 }).await.unwrap();
    assert!(storage.all::<Survey>(Store::Surveys).await.is_err());
    let readable: Vec<Survey> = storage.all_readable(Store::Surveys).await.unwrap();
    assert_eq!(readable, vec![survey.clone()]);
    let again = surveys::open_or_start(&storage, code(4), Track::Kaa, Timepoint::Intake, false).await.unwrap();
    assert_eq!(again.id, survey.id);
}

#[wasm_bindgen_test]
async fn queued_changes_are_saved_in_order_and_outlive_the_queue_handle() {
    use std::sync::{Arc, Mutex};
    use stegvis::platform::storage;
    use stegvis::platform::survey_saves::SurveySaves;

    // The queue writes through the app's own connection, as the survey screen does.
    let storage = storage::shared().await.unwrap();
    let mut survey =
        surveys::open_or_start(&storage, code(9), Track::Grundskola, Timepoint::Intake, false).await.unwrap();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let saves = SurveySaves::new({
        let heard = heard.clone();
        move |saved| heard.lock().unwrap().push(saved.map(|s| s.screen))
    });
    // Three taps in a row, queued before the first save ends; then the
    // handle goes, as it does when the screen goes.
    let mut expected = Vec::new();
    survey.select(AnswerValue::Special { id: "vill-inte-svara".into() }, Language::Sv, "2026-11-26T10:00:00.000Z");
    saves.push(survey.clone(), Vec::new());
    expected.push(survey.screen.clone());
    survey.next(Language::Sv, "2026-11-26T10:00:01.000Z", stegvis::core::instrument::shipped());
    saves.push(survey.clone(), Vec::new());
    expected.push(survey.screen.clone());
    survey.select(AnswerValue::Special { id: "vill-inte-svara".into() }, Language::Sv, "2026-11-26T10:00:02.000Z");
    saves.push(survey.clone(), Vec::new());
    expected.push(survey.screen.clone());
    drop(saves);

    for _ in 0..250 {
        if heard.lock().unwrap().len() == 3 {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    let heard: Vec<_> = heard.lock().unwrap().iter().map(|s| s.clone().map_err(|e| e.kind)).collect();
    assert_eq!(heard, expected.into_iter().map(Ok).collect::<Vec<_>>(), "each save is heard once, in order");
    assert_eq!(surveys::load(&storage, &survey.id).await.unwrap(), Some(survey), "the last change is what is stored");
}
