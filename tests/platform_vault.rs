//! Encryption at rest through IndexedDB and WebCrypto in real headless
//! Chromium: what is stored is sealed, only the staff key opens it, and a
//! locked device can add records but read none back.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint8Array};
use stegvis::core::instrument::plan::Track;
use stegvis::core::participant::{Consent, Participant};
use stegvis::core::participant_code::ParticipantCode;
use stegvis::platform::storage::{delete_database, Storage, StorageErrorKind, Store, Write, MIGRATIONS};
use stegvis::platform::vault;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const STAFF_KEY: [u8; 32] = [7; 32];

async fn fresh(name: &str) -> Storage {
    let name = format!("stegvis-test-vault-{name}");
    delete_database(&name).await.unwrap();
    Storage::open_with(&name, MIGRATIONS).await.unwrap()
}

fn participant(n: u8, tag: &str) -> Participant {
    Participant {
        id: ParticipantCode::from_random([n, 9, 3, 4, 5]),
        track: Track::Kaa,
        project_tag: tag.into(),
        enrolled_on: "2026-11-01".into(),
        gender: None,
        age: Some(19),
        consent: Consent { participant_on: "2026-11-01".into(), guardian_on: None },
        closed_on: None,
        unreachable: Vec::new(),
    }
}

/// Every record of a store as IndexedDB holds it, as text a person could read.
async fn stored_text(storage: &Storage, store: Store) -> Vec<String> {
    let mut out = Vec::new();
    for value in storage.all_stored(store, "").await.unwrap() {
        let envelope = Reflect::get(&value, &"sealed".into()).unwrap();
        let ct = if envelope.is_object() {
            let ct: Uint8Array = Reflect::get(&envelope, &"ct".into()).unwrap().into();
            String::from_utf8_lossy(&ct.to_vec()).into_owned()
        } else {
            String::new()
        };
        out.push(format!("{} {ct}", js_sys::JSON::stringify(&value).unwrap().as_string().unwrap()));
    }
    out
}

#[wasm_bindgen_test]
async fn records_are_sealed_and_open_only_while_unlocked() {
    let storage = fresh("sealed").await;
    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    let p = participant(1, "hemlig-projekttagg");
    storage.put(Store::Participants, &p).await.unwrap();

    let text = stored_text(&storage, Store::Participants).await;
    assert_eq!(text.len(), 1);
    assert!(!text[0].contains("hemlig-projekttagg"), "no field in plain text: {}", text[0]);
    assert!(!text[0].contains("2026-11-01"), "{}", text[0]);
    assert!(text[0].contains("\"sealed\""), "{}", text[0]);
    assert!(!text[0].contains(p.id.as_str()), "even the code is hidden: {}", text[0]);
    assert_eq!(storage.get::<Participant>(Store::Participants, p.id.as_str()).await.unwrap(), Some(p.clone()));

    storage.vault.lock();
    let locked = storage.get::<Participant>(Store::Participants, p.id.as_str()).await.unwrap_err();
    assert_eq!(locked.kind, StorageErrorKind::Locked);
    let locked = storage.all_readable::<Participant>(Store::Participants).await.unwrap_err();
    assert_eq!(locked.kind, StorageErrorKind::Locked, "a locked store is not read as empty");

    // Locked, answers can still be added (kiosk), sealed too, but not read back.
    let answer = json!({"id": "svar-1", "text": "svar-efter-lås"});
    storage.put(Store::Responses, &answer).await.unwrap();
    assert!(stored_text(&storage, Store::Responses).await.iter().all(|t| !t.contains("svar-efter-lås")));
    assert_eq!(storage.get::<Value>(Store::Responses, "svar-1").await.unwrap_err().kind, StorageErrorKind::Locked);
    // The roster is keyed by hidden codes, which need the staff key even to write.
    let q = participant(2, "ny-efter-lås");
    assert_eq!(storage.put(Store::Participants, &q).await.unwrap_err().kind, StorageErrorKind::Locked);

    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    assert_eq!(storage.all_readable::<Participant>(Store::Participants).await.unwrap(), vec![p]);
    assert_eq!(storage.get::<Value>(Store::Responses, "svar-1").await.unwrap(), Some(answer));
}

#[wasm_bindgen_test]
async fn a_wrong_staff_key_opens_nothing() {
    let storage = fresh("wrong").await;
    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    storage.put(Store::Participants, &participant(3, "x")).await.unwrap();
    storage.vault.lock();
    let wrong = vault::unlock(&storage, &[8; 32]).await.unwrap_err();
    assert_eq!(wrong.kind, StorageErrorKind::Other, "{}", wrong.detail);
    assert!(!storage.vault.is_open());
    assert_eq!(storage.all_readable::<Participant>(Store::Participants).await.unwrap_err().kind, StorageErrorKind::Locked);
}

#[wasm_bindgen_test]
async fn a_sealed_record_moved_or_altered_does_not_open() {
    let storage = fresh("moved").await;
    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    storage.put(Store::Responses, &json!({"id": "svar-2", "text": "flyttad"})).await.unwrap();
    let sealed = storage.all_stored(Store::Responses, "").await.unwrap().remove(0);

    // The same envelope under another id: the associated data no longer matches.
    let moved = js_sys::Object::assign(&js_sys::Object::new(), sealed.unchecked_ref());
    Reflect::set(&moved, &"id".into(), &"svar-3".into()).unwrap();
    storage.commit(&[Write::put_raw(Store::Responses, moved.into())]).await.unwrap();
    assert_eq!(storage.get::<Value>(Store::Responses, "svar-3").await.unwrap_err().kind, StorageErrorKind::InvalidRecord);

    // One flipped bit in the ciphertext.
    let envelope = Reflect::get(&sealed, &"sealed".into()).unwrap();
    let ct: Uint8Array = Reflect::get(&envelope, &"ct".into()).unwrap().into();
    ct.set_index(0, ct.get_index(0) ^ 1);
    storage.commit(&[Write::put_raw(Store::Responses, sealed)]).await.unwrap();
    assert_eq!(storage.get::<Value>(Store::Responses, "svar-2").await.unwrap_err().kind, StorageErrorKind::InvalidRecord);
    // Both are passed over in a list, and the rest is still read.
    storage.put(Store::Responses, &json!({"id": "svar-4", "text": "hel"})).await.unwrap();
    let readable: Vec<Value> = storage.all_readable(Store::Responses).await.unwrap();
    assert_eq!(readable, vec![json!({"id": "svar-4", "text": "hel"})]);
}

#[wasm_bindgen_test]
async fn records_written_before_the_key_are_sealed_at_the_first_unlock() {
    let storage = fresh("migrate").await;
    let p = participant(5, "från-förr");
    storage.put(Store::Participants, &p).await.unwrap();
    storage.put(Store::Settings, &serde_json::json!({"id": "device", "value": "d-1"})).await.unwrap();
    assert!(stored_text(&storage, Store::Participants).await[0].contains("från-förr"), "plain before a key exists");

    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    let text = stored_text(&storage, Store::Participants).await;
    assert_eq!(text.len(), 1, "the plain copy is gone: {text:?}");
    assert!(!text[0].contains("från-förr") && !text[0].contains(p.id.as_str()), "{}", text[0]);
    assert!(stored_text(&storage, Store::Settings).await[0].contains("d-1"), "device settings are not participant data");
    assert_eq!(storage.get::<Participant>(Store::Participants, p.id.as_str()).await.unwrap(), Some(p));
}

#[wasm_bindgen_test]
async fn erasing_the_device_removes_every_record_and_the_key() {
    let storage = fresh("erase").await;
    vault::unlock(&storage, &STAFF_KEY).await.unwrap();
    storage.put(Store::Participants, &participant(6, "x")).await.unwrap();
    storage.erase_everything().await.unwrap();
    for store in Store::ALL {
        assert_eq!(storage.count(store).await.unwrap(), 0, "{}", store.name());
    }
    assert!(!storage.vault.seals());
    let value: JsValue = storage.get_raw(Store::Keys, vault::AT_REST_KEY).await.unwrap().unwrap_or(JsValue::NULL);
    assert!(value.is_null());
}
