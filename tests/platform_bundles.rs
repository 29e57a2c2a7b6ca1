//! Device keys, signed exports, encryption and import through WebCrypto and
//! IndexedDB in real headless Chromium, checked by the Rust core.
#![cfg(target_arch = "wasm32")]

use stegvis::core::bundle::export::Selection;
use stegvis::core::bundle::import::{Flag, Outcome};
use stegvis::core::bundle::{self, Rejection};
use stegvis::core::instrument::plan::Track;
use stegvis::core::participant::{Consent, Participant};
use stegvis::core::participant_code::ParticipantCode;
use stegvis::platform::storage::{delete_database, Storage, Store, MIGRATIONS};
use stegvis::platform::{bundles, device_key, imports, transport_key};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> Storage {
    let name = format!("stegvis-test-bundles-{name}");
    delete_database(&name).await.unwrap();
    Storage::open_with(&name, MIGRATIONS).await.unwrap()
}

fn participant(n: u8) -> Participant {
    Participant {
        id: ParticipantCode::from_random([n, 2, 3, 4, 5]),
        track: Track::Steg1,
        project_tag: "test".into(),
        enrolled_on: "2026-11-01".into(),
        gender: None,
        age: Some(20),
        consent: Consent { participant_on: "2026-11-01".into(), guardian_on: None },
        closed_on: None,
        unreachable: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn the_device_key_is_made_once_kept_private_and_its_signatures_verify_in_the_core() {
    let storage = fresh("key").await;
    let key = device_key::ensure(&storage).await.unwrap();
    assert!(!key.private_is_extractable());
    assert_eq!(key.jwk.alg(), "EdDSA", "Chromium has Ed25519");
    let again = device_key::ensure(&storage).await.unwrap();
    assert_eq!(again.kid, key.kid, "the same key after reading it back");
    device_key::set_label(&storage, &key, "Surfplatta 9").await.unwrap();
    let key = device_key::ensure(&storage).await.unwrap();
    assert_eq!(key.label, "Surfplatta 9");

    storage.put(Store::Participants, &participant(1)).await.unwrap();
    let first = bundles::export(&storage, &key, &Selection::NotYetExported).await.unwrap().unwrap();
    let v = bundle::verify(first.text.as_bytes()).unwrap();
    assert_eq!((v.payload.sequence, v.payload.previous.clone()), (1, None));
    assert_eq!(v.payload.participants, vec![participant(1)]);
    assert!(bundles::export(&storage, &key, &Selection::NotYetExported).await.unwrap().is_none(), "nothing new");

    // A change to the participant is new again, and the chain names the first bundle.
    let mut changed = participant(1);
    changed.age = Some(21);
    storage.put(Store::Participants, &changed).await.unwrap();
    let second = bundles::export(&storage, &key, &Selection::NotYetExported).await.unwrap().unwrap();
    let v2 = bundle::verify(second.text.as_bytes()).unwrap();
    assert_eq!((v2.payload.sequence, v2.payload.previous), (2, Some(v.hash)));
}

#[wasm_bindgen_test]
async fn an_encrypted_bundle_opens_only_with_the_evaluators_key_and_a_bad_file_writes_nothing() {
    let staff = fresh("staff").await;
    let evaluator = fresh("evaluator").await;
    let other = fresh("other").await;
    let recipient = transport_key::create_evaluator_key(&evaluator).await.unwrap();
    transport_key::create_evaluator_key(&other).await.unwrap();
    transport_key::set_recipient(&staff, recipient).await.unwrap();
    let key = device_key::ensure(&staff).await.unwrap();
    device_key::set_label(&staff, &key, "Surfplatta 3").await.unwrap();
    let key = device_key::ensure(&staff).await.unwrap();
    staff.put(Store::Participants, &participant(2)).await.unwrap();
    let made = bundles::export(&staff, &key, &Selection::Everything).await.unwrap().unwrap();
    assert!(made.record.encrypted);
    assert_eq!(bundle::verify(made.text.as_bytes()).err(), Some(Rejection::NotStegvis), "sealed in transit");

    let report = imports::import(&other, "x.json", made.text.as_bytes()).await.unwrap();
    assert_eq!(report.result.err(), Some(Rejection::NoKeyToOpen));
    let report = imports::import(&evaluator, "x.json", b"{\"not\":\"stegvis\"}").await.unwrap();
    assert_eq!(report.result.err(), Some(Rejection::NotStegvis));
    assert_eq!(evaluator.count(Store::Bundles).await.unwrap(), 0, "a rejected file writes nothing");

    let report = imports::import(&evaluator, "x.json", made.text.as_bytes()).await.unwrap();
    let (outcome, verified) = report.result.unwrap();
    assert_eq!(outcome, Outcome::Imported(vec![Flag::NewKey]));
    assert_eq!(verified.payload.device.label, "Surfplatta 3");
    let again = imports::import(&evaluator, "x.json", made.text.as_bytes()).await.unwrap();
    assert_eq!(again.result.unwrap().0, Outcome::AlreadyImported);
    assert_eq!(imports::imported(&evaluator).await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn an_import_kept_by_an_older_version_is_brought_over_once_and_results_read_it() {
    // A staff bundle as the app makes it.
    let staff = fresh("older-staff").await;
    let key = device_key::ensure(&staff).await.unwrap();
    device_key::set_label(&staff, &key, "Surfplatta 4").await.unwrap();
    let key = device_key::ensure(&staff).await.unwrap();
    staff.put(Store::Participants, &participant(4)).await.unwrap();
    let made = bundles::export(&staff, &key, &Selection::Everything).await.unwrap().unwrap();
    let verified = bundle::verify(made.text.as_bytes()).unwrap();

    // Stored the way the version before kept imports: the file inside the
    // imported record, no records and no index entry beside it.
    let evaluator = fresh("older-evaluator").await;
    let old = imports::ImportedRecord {
        id: format!("imported:{}", verified.hash),
        hash: verified.hash.clone(),
        kid: verified.header.kid.clone(),
        label: "Surfplatta 4".into(),
        sequence: 1,
        previous: None,
        created: verified.payload.created.clone(),
        imported_at: "2026-11-01T10:00:00.000Z".into(),
        file_name: "x.json".into(),
        flags: vec![Flag::NewKey],
        file: made.text.clone(),
    };
    evaluator.put(Store::Bundles, &old).await.unwrap();

    let records = imports::imported_records(&evaluator).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].participants, vec![participant(4)]);
    // The chain is known from the migrated index: the same file is not taken twice.
    let again = imports::import(&evaluator, "x.json", made.text.as_bytes()).await.unwrap();
    assert_eq!(again.result.unwrap().0, Outcome::AlreadyImported);
    assert_eq!(imports::imported_records(&evaluator).await.unwrap(), records, "brought over once");
}
