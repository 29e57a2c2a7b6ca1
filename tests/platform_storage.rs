//! IndexedDB storage in real headless Chromium: schema upgrades keep records,
//! failed upgrades and failed transactions leave nothing behind.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::prelude::*;
use serde::{Deserialize, Serialize};
use stegvis::platform::storage::{delete_database, Migration, Storage, StorageErrorKind, Store, Write, MIGRATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Record {
    id: String,
    body: String,
    n: u32,
}

/// A record without the `id` key path: IndexedDB refuses to store it.
#[derive(Serialize)]
struct Keyless {
    body: String,
}

fn record(store: Store, n: u32) -> Record {
    Record { id: format!("{}-{n}", store.name()), body: format!("svar {n} åäö"), n }
}

/// Each test gets its own database so tests cannot see each other's data.
async fn fresh(name: &str) -> String {
    let name = format!("stegvis-test-{name}");
    delete_database(&name).await.unwrap();
    name
}

fn add_future_store(db: &indexed_db_futures::database::Database) -> indexed_db_futures::Result<()> {
    db.create_object_store("future").with_key_path("id".into()).build()?;
    Ok(())
}

fn failing_upgrade(db: &indexed_db_futures::database::Database) -> indexed_db_futures::Result<()> {
    db.create_object_store("half-done").build()?;
    // Creating a store that exists throws: the upgrade fails after a change.
    db.create_object_store(Store::Responses.name()).build()?;
    Ok(())
}

/// The schema as version 1 shipped it.
const V1: &[Migration] = &[MIGRATIONS[0]];
/// A later version on top of today's, as a future release would add it.
const NEXT: &[Migration] = &[MIGRATIONS[0], MIGRATIONS[1], MIGRATIONS[2], add_future_store];
const NEXT_FAILING: &[Migration] = &[MIGRATIONS[0], MIGRATIONS[1], MIGRATIONS[2], failing_upgrade];

async fn fill(storage: &Storage, stores: &[Store]) -> Vec<(Store, Vec<Record>)> {
    let mut expected = Vec::new();
    for &store in stores {
        let records: Vec<Record> = (0..3).map(|n| record(store, n)).collect();
        for r in &records {
            storage.put(store, r).await.unwrap();
        }
        expected.push((store, records));
    }
    expected
}

async fn assert_every_record_kept(storage: &Storage, expected: &[(Store, Vec<Record>)]) {
    for (store, records) in expected {
        let mut found: Vec<Record> = storage.all(*store).await.unwrap();
        found.sort_by_key(|r| r.n);
        assert_eq!(&found, records, "store {}", store.name());
    }
}

#[wasm_bindgen_test]
async fn a_new_database_has_the_current_version_and_every_store() {
    let name = fresh("new").await;
    let storage = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    assert_eq!(storage.version(), MIGRATIONS.len() as u32);
    let mut names = storage.store_names();
    names.sort();
    let mut wanted: Vec<String> = Store::ALL.iter().map(|s| s.name().to_string()).collect();
    wanted.sort();
    assert_eq!(names, wanted);
}

/// A record of text fields, as an import keeps a bundle file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Texts {
    id: String,
    file: String,
}

#[wasm_bindgen_test]
async fn a_record_of_texts_reads_back_as_the_struct_put_would_store() {
    let name = fresh("texts").await;
    let storage = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    // JSON's quotes and escapes, a line break, å, an emoji (two UTF-16 units).
    let file = "{\"payload\":\"eyJ\\u00e5\",\n\t\"ä\": \"😀 \\\" \\\\ </script>\"}".to_string();
    let by_serde = Texts { id: "serde".into(), file: file.clone() };
    let writes = [
        Write::put(Store::Bundles, &by_serde).unwrap(),
        Write::put_texts(Store::Bundles, &[("id", "texts"), ("file", &file)]),
    ];
    storage.commit(&writes).await.unwrap();
    let texts: Option<Texts> = storage.get(Store::Bundles, "texts").await.unwrap();
    assert_eq!(texts, Some(Texts { id: "texts".into(), file }));
    let serde: Option<Texts> = storage.get(Store::Bundles, "serde").await.unwrap();
    assert_eq!(serde, Some(by_serde));
}

#[wasm_bindgen_test]
async fn records_round_trip_by_id() {
    let name = fresh("round-trip").await;
    let storage = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    let r = record(Store::Participants, 7);
    storage.put(Store::Participants, &r).await.unwrap();
    let found: Option<Record> = storage.get(Store::Participants, &r.id).await.unwrap();
    assert_eq!(found, Some(r.clone()));
    let missing: Option<Record> = storage.get(Store::Participants, "nobody").await.unwrap();
    assert_eq!(missing, None);
    // A put with the same id replaces, it does not duplicate.
    let changed = Record { body: "ändrad".into(), ..r };
    storage.put(Store::Participants, &changed).await.unwrap();
    assert_eq!(storage.count(Store::Participants).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn upgrade_from_v1_to_the_current_version_keeps_every_record() {
    let name = fresh("upgrade").await;
    let v1 = Storage::open_with(&name, V1).await.unwrap();
    assert_eq!(v1.version(), 1);
    assert!(!v1.store_names().contains(&Store::Surveys.name().to_string()));
    let expected = fill(&v1, &Store::V1).await;
    v1.close();

    // Version 2 adds the surveys store, version 3 the goals store.
    let current = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    assert_eq!(current.version(), 3);
    assert_every_record_kept(&current, &expected).await;
    let added = fill(&current, &Store::ADDED).await;
    current.close();

    // A further version on top keeps everything again, also the added stores.
    let next = Storage::open_with(&name, NEXT).await.unwrap();
    assert_eq!(next.version(), 4);
    assert!(next.store_names().contains(&"future".to_string()));
    assert_every_record_kept(&next, &expected).await;
    assert_every_record_kept(&next, &added).await;
    next.close();

    // Opening again at the same version runs no migration and keeps everything.
    let again = Storage::open_with(&name, NEXT).await.unwrap();
    assert_every_record_kept(&again, &expected).await;
}

#[wasm_bindgen_test]
async fn a_failed_upgrade_changes_nothing() {
    let name = fresh("failed-upgrade").await;
    let v1 = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    let expected = fill(&v1, &Store::ALL).await;
    v1.close();

    assert!(Storage::open_with(&name, NEXT_FAILING).await.is_err());

    let still_v1 = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    assert_eq!(still_v1.version(), MIGRATIONS.len() as u32);
    assert!(!still_v1.store_names().contains(&"half-done".to_string()));
    assert_every_record_kept(&still_v1, &expected).await;
}

#[wasm_bindgen_test]
async fn an_older_app_is_told_the_schema_is_newer() {
    let name = fresh("too-new").await;
    Storage::open_with(&name, NEXT).await.unwrap().close();
    let err = Storage::open_with(&name, MIGRATIONS).await.err().expect("older schema must not open");
    assert_eq!(err.kind, StorageErrorKind::VersionTooNew, "{err:?}");
}

#[wasm_bindgen_test]
async fn a_transaction_that_fails_half_way_leaves_nothing_behind() {
    let name = fresh("atomic").await;
    let storage = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    let first = record(Store::Participants, 1);
    let second = record(Store::Responses, 2);
    let writes = [
        Write::put(Store::Participants, &first).unwrap(),
        Write::put(Store::Responses, &second).unwrap(),
        Write::put(Store::Assessments, &Keyless { body: "utan id".into() }).unwrap(),
    ];
    let err = storage.commit(&writes).await.unwrap_err();
    assert_eq!(err.kind, StorageErrorKind::InvalidRecord, "{err:?}");
    for store in Store::ALL {
        assert_eq!(storage.count(store).await.unwrap(), 0, "store {}", store.name());
    }

    // The same writes without the bad one land together.
    storage.commit(&writes[..2]).await.unwrap();
    let found: Option<Record> = storage.get(Store::Responses, &second.id).await.unwrap();
    assert_eq!(found, Some(second));
    assert_eq!(storage.count(Store::Participants).await.unwrap(), 1);
}

/// A record as earlier versions wrote it (serde-wasm-bindgen: an absent
/// `Option` as `undefined`, a map as an object) reads back unchanged now
/// that records go through JSON.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Answer {
    id: String,
    note: Option<String>,
    values: std::collections::BTreeMap<String, i32>,
    kind: Kind,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Kind {
    Point { value: i32 },
    Skipped,
}

#[wasm_bindgen_test]
async fn records_written_by_earlier_versions_read_back() {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let name = fresh("earlier-format").await;
    let storage = Storage::open_with(&name, MIGRATIONS).await.unwrap();
    let set = |o: &Object, k: &str, v: JsValue| {
        Reflect::set(o, &k.into(), &v).unwrap();
    };
    for (id, kind) in [("a1", None), ("a2", Some(5))] {
        let old = Object::new();
        set(&old, "id", id.into());
        set(&old, "note", JsValue::UNDEFINED);
        let values = Object::new();
        set(&values, "trivsel", 3.into());
        set(&old, "values", values.into());
        match kind {
            Some(v) => {
                let point = Object::new();
                let inner = Object::new();
                set(&inner, "value", v.into());
                set(&point, "Point", inner.into());
                set(&old, "kind", point.into());
            }
            None => set(&old, "kind", "Skipped".into()),
        }
        storage.commit(&[Write::put_raw(Store::Responses, old.into())]).await.unwrap();
    }
    let values = std::collections::BTreeMap::from([("trivsel".to_string(), 3)]);
    let a1: Option<Answer> = storage.get(Store::Responses, "a1").await.unwrap();
    assert_eq!(a1, Some(Answer { id: "a1".into(), note: None, values: values.clone(), kind: Kind::Skipped }));
    let a2: Option<Answer> = storage.get(Store::Responses, "a2").await.unwrap();
    assert_eq!(a2.map(|a| a.kind), Some(Kind::Point { value: 5 }));
    // What this version writes reads back too.
    let now = Answer { id: "a3".into(), note: Some("x".into()), values, kind: Kind::Skipped };
    storage.put(Store::Responses, &now).await.unwrap();
    assert_eq!(storage.get::<Answer>(Store::Responses, "a3").await.unwrap(), Some(now));
}
