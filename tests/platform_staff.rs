//! The staff passphrase through WebCrypto and IndexedDB in headless Chromium.
#![cfg(target_arch = "wasm32")]

use stegvis::platform::staff_passphrase::{self, Unlock};
use stegvis::platform::storage::{delete_database, Storage, Store, MIGRATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_passphrase_unlocks_and_wrong_guesses_slow_down() {
    let name = "stegvis-test-staff";
    delete_database(name).await.unwrap();
    let storage = Storage::open_with(name, MIGRATIONS).await.unwrap();
    assert!(!staff_passphrase::is_set(&storage).await.unwrap());
    staff_passphrase::set(&storage, "sommar i Karlstad").await.unwrap();
    assert!(staff_passphrase::is_set(&storage).await.unwrap());

    // Only a salted derivation is stored, never the passphrase.
    let keys: Vec<serde_json::Value> = storage.all(Store::Keys).await.unwrap();
    let stored = serde_json::to_string(&keys).unwrap();
    assert!(!stored.contains("sommar"), "{stored}");
    let record = |id: &str| keys.iter().find(|k| k["id"] == id).unwrap_or_else(|| panic!("no {id}: {stored}"));
    assert_eq!(record("staff-passphrase")["iterations"], 600_000);
    // Choosing the passphrase made the device's at-rest key, stored wrapped.
    assert!(record("at-rest-key")["wrapped"].as_str().is_some_and(|w| w.len() > 100), "{stored}");

    assert_eq!(staff_passphrase::unlock(&storage, "sommar i Karlstad").await.unwrap(), Unlock::Unlocked);
    for n in 1..=2 {
        assert_eq!(
            staff_passphrase::unlock(&storage, "vinter").await.unwrap(),
            Unlock::Wrong { failures: n, wait_ms: 0.0 }
        );
    }
    assert_eq!(
        staff_passphrase::unlock(&storage, "vinter").await.unwrap(),
        Unlock::Wrong { failures: 3, wait_ms: 30_000.0 }
    );
    // Now even the right passphrase waits; the count survives a new connection.
    storage.close();
    let storage = Storage::open_with(name, MIGRATIONS).await.unwrap();
    match staff_passphrase::unlock(&storage, "sommar i Karlstad").await.unwrap() {
        Unlock::MustWait { wait_ms } => assert!(wait_ms > 25_000.0 && wait_ms <= 30_000.0, "{wait_ms}"),
        other => panic!("expected a wait, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_changed_passphrase_opens_the_same_records_and_the_old_one_nothing() {
    let name = "stegvis-test-staff-change";
    delete_database(name).await.unwrap();
    let storage = Storage::open_with(name, MIGRATIONS).await.unwrap();
    staff_passphrase::set(&storage, "sommar i Karlstad").await.unwrap();
    let answer = serde_json::json!({"id": "svar-1", "text": "före bytet"});
    storage.put(Store::Responses, &answer).await.unwrap();
    let wrapped = |keys: &[serde_json::Value]| {
        keys.iter().find(|k| k["id"] == "at-rest-key").map(|k| k["wrapped"].clone()).unwrap()
    };
    let before: Vec<serde_json::Value> = storage.all(Store::Keys).await.unwrap();

    // A wrong current passphrase changes nothing and counts as a wrong guess.
    assert_eq!(
        staff_passphrase::change(&storage, "vinter", "höst i Umeå").await.unwrap(),
        Unlock::Wrong { failures: 1, wait_ms: 0.0 }
    );
    let unchanged: Vec<serde_json::Value> = storage.all(Store::Keys).await.unwrap();
    assert_eq!(unchanged, before);

    assert_eq!(staff_passphrase::change(&storage, "sommar i Karlstad", "höst i Umeå").await.unwrap(), Unlock::Unlocked);
    let after: Vec<serde_json::Value> = storage.all(Store::Keys).await.unwrap();
    assert_ne!(wrapped(&after), wrapped(&before), "the device key is wrapped anew");
    assert!(!serde_json::to_string(&after).unwrap().contains("Umeå"));

    // From a fresh start (nothing in memory): the old passphrase is wrong,
    // the new one opens what was stored before the change.
    storage.close();
    let storage = Storage::open_with(name, MIGRATIONS).await.unwrap();
    assert!(!storage.vault.is_open());
    assert_eq!(
        staff_passphrase::unlock(&storage, "sommar i Karlstad").await.unwrap(),
        Unlock::Wrong { failures: 1, wait_ms: 0.0 },
        "the wrong guess before the change was cleared by the right one"
    );
    assert_eq!(staff_passphrase::unlock(&storage, "höst i Umeå").await.unwrap(), Unlock::Unlocked);
    assert_eq!(storage.get::<serde_json::Value>(Store::Responses, "svar-1").await.unwrap(), Some(answer));
}
