//! Instrument definitions: shipped content is complete and exact, the hash is
//! stable and sensitive, and malformed files are reported precisely.

use serde_json::{json, Value};

use super::plan::{self, Track};
use super::*;

const LANGS: [&str; 7] = ["en", "ar", "fa", "so", "ti", "uk", "fi"];

fn source() -> Value {
    json!({
        "id": "prov",
        "version": 1,
        "respondent": "staff",
        "timepoints": ["intake", "exit"],
        "sources": "test",
        "title": "Prov",
        "stem": "I {projekt}",
        "scales": [{
            "id": "ja-nej", "ordered": true,
            "points": [{ "value": 1, "label": "Nej" }, { "value": 2, "label": "2" }, { "value": 3, "label": "Ja" }],
            "special": [{ "id": "vet-ej", "label": "Vet ej" }]
        }],
        "items": [
            { "id": "fraga", "kind": "scale", "scale": "ja-nej", "text": "trivs du?", "favourable": "higher", "favourable_cutoff": 3 },
            { "id": "antal", "kind": "number", "min": 0, "max": 100, "unit": "procent", "text": "Hur mycket?", "favourable": "lower" }
        ]
    })
}

fn translation(lang: &str) -> Value {
    json!({
        "instrument": "prov", "version": 1, "language": lang, "status": "draft",
        "title": format!("Test {lang}"),
        "stem": format!("In {{projekt}} ({lang})"),
        "items": {
            "fraga": { "text": format!("happy? ({lang})") },
            "antal": { "text": format!("how much? ({lang})"), "unit": format!("percent ({lang})") }
        },
        "scales": { "ja-nej": { "points": { "1": format!("no {lang}"), "3": format!("yes {lang}") }, "special": { "vet-ej": format!("don't know {lang}") } } }
    })
}

/// A whole small instrument set, with `edit` applied to one file's JSON.
fn files_with(edit_path: &str, edit: impl Fn(&mut Value)) -> Vec<(String, String)> {
    let mut files = vec![("content/instruments/prov.json".to_string(), source())];
    for lang in LANGS {
        files.push((format!("content/instruments/{lang}/prov.json"), translation(lang)));
    }
    files
        .into_iter()
        .map(|(path, mut value)| {
            if path == edit_path {
                edit(&mut value);
            }
            (path, serde_json::to_string_pretty(&value).unwrap())
        })
        .collect()
}

fn parse(files: &[(String, String)]) -> Result<Vec<Instrument>, DefinitionError> {
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    parse_instruments(&borrowed)
}

fn error_for(edit_path: &str, edit: impl Fn(&mut Value)) -> DefinitionError {
    parse(&files_with(edit_path, edit)).expect_err("the edit must be refused")
}

const SRC: &str = "content/instruments/prov.json";
const FI: &str = "content/instruments/fi/prov.json";

#[test]
fn a_valid_set_merges_every_language() {
    let inst = parse(&files_with("", |_| {})).unwrap().remove(0);
    assert_eq!(inst.title.get(Language::Sv), "Prov");
    assert_eq!(inst.title.get(Language::Ti), "Test ti");
    let scale = inst.scale("ja-nej").unwrap();
    // A digits-only label is the same in every language without translation.
    assert_eq!(scale.points[1].label.get(Language::Ar), "2");
    assert_eq!(scale.points[2].label.get(Language::Uk), "yes uk");
    assert_eq!(scale.special[0].label.get(Language::Fa), "don't know fa");
    assert_eq!(inst.status(Language::Sv), TranslationStatus::Source);
    assert_eq!(inst.status(Language::So), TranslationStatus::Draft);
    let item = inst.item("fraga").unwrap();
    assert_eq!(inst.question(item, Language::Sv, "Stegvis-projektet"), "I Stegvis-projektet trivs du?");
    assert_eq!(inst.question(item, Language::En, "X"), "In X (en) happy? (en)");
    assert!(inst.hash.starts_with("sha256:") && inst.hash.len() == 7 + 64, "{}", inst.hash);
}

#[test]
fn the_hash_ignores_layout_and_review_status_but_not_one_character() {
    let base = parse(&files_with("", |_| {})).unwrap().remove(0).hash;
    // Same content, other key order and indentation.
    let mut files = files_with("", |_| {});
    let mut without_title = source();
    without_title.as_object_mut().unwrap().remove("title");
    let compact = serde_json::to_string(&without_title).unwrap();
    files[0].1 = format!("{{\n  \"title\": \"Prov\",\n{}", &compact[1..]);
    assert!(files[0].1.starts_with("{\n  \"title\""), "the title now comes first");
    assert_eq!(parse(&files).unwrap()[0].hash, base);
    // A translator's review changes no word, so no hash.
    let reviewed = parse(&files_with(FI, |v| v["status"] = json!("reviewed"))).unwrap().remove(0);
    assert_eq!(reviewed.hash, base);
    assert_eq!(reviewed.status(Language::Fi), TranslationStatus::Reviewed);
    // One character in the Swedish, in a translation, or a value.
    let changed = [
        parse(&files_with(SRC, |v| v["items"][0]["text"] = json!("trivs du!"))).unwrap(),
        parse(&files_with(FI, |v| v["items"]["fraga"]["text"] = json!("happy! (fi)"))).unwrap(),
        parse(&files_with(SRC, |v| v["items"][0]["favourable_cutoff"] = json!(2))).unwrap(),
    ];
    for c in changed {
        assert_ne!(c[0].hash, base);
    }
}

#[test]
fn the_hash_is_the_same_on_every_platform() {
    // Pinned value: SHA-256 over canonical JSON depends on the bytes only, so
    // any machine computing another value has a defect.
    let inst = parse(&files_with("", |_| {})).unwrap().remove(0);
    assert_eq!(inst.hash, include_str!("../../../../tests/fixtures/prov-instrument.hash").trim());
}

#[test]
fn malformed_definitions_name_file_instrument_and_field() {
    let cases: Vec<(DefinitionError, &str, &str)> = vec![
        (error_for(SRC, |v| v["items"][1]["id"] = json!("fraga")), SRC, "items"),
        (error_for(SRC, |v| v["items"][0]["scale"] = json!("saknas")), SRC, "items.fraga.scale"),
        (error_for(SRC, |v| v["items"][0]["favourable_cutoff"] = json!(9)), SRC, "items.fraga.favourable_cutoff"),
        (error_for(SRC, |v| v["items"][0]["kind"] = json!("slider")), SRC, "items.fraga.kind"),
        (error_for(SRC, |v| v["items"][1]["timepoints"] = json!(["follow-up"])), SRC, "items.antal.timepoints"),
        (error_for(SRC, |v| v["scales"][0]["points"][1]["value"] = json!(1)), SRC, "scales.ja-nej.points"),
        (error_for(SRC, |v| v["title"] = json!(" ")), SRC, "title"),
        (error_for(SRC, |v| v["version"] = json!("ett")), SRC, "version"),
        (error_for(SRC, |v| v["titel"] = json!("x")), SRC, "titel"),
        (error_for(FI, |v| v["items"]["fraga"]["text"] = json!("")), FI, "items.fraga.text"),
        (
            error_for(FI, |v| {
                v["items"].as_object_mut().unwrap().remove("antal");
            }),
            FI,
            "items.antal.text",
        ),
        (error_for(FI, |v| v["scales"]["ja-nej"]["points"]["7"] = json!("x")), FI, "scales.ja-nej.points.7"),
        (
            error_for(FI, |v| {
                v["scales"]["ja-nej"]["special"].as_object_mut().unwrap().remove("vet-ej");
            }),
            FI,
            "scales.ja-nej.special.vet-ej",
        ),
        (error_for(FI, |v| v["stem"] = json!("In the project")), FI, "stem"),
        (error_for(FI, |v| v["version"] = json!(2)), FI, "version"),
        (error_for(FI, |v| v["language"] = json!("en")), FI, "language"),
        (error_for(FI, |v| v["status"] = json!("source")), FI, "status"),
        (error_for(FI, |v| v["status"] = json!("done")), FI, "status"),
        (error_for(FI, |v| v["items"]["fraga"]["read_aloud"] = json!("")), FI, "items.fraga.read_aloud"),
        (error_for(SRC, |v| v["items"][1]["favourable_cutoff"] = json!(5)), SRC, "items.antal.favourable_cutoff"),
        (
            error_for(SRC, |v| {
                v["items"][0]["favourable"] = json!("none");
            }),
            SRC,
            "items.fraga.favourable_cutoff",
        ),
        (error_for(SRC, |v| v["items"][1]["kind"] = json!("date")), SRC, "items.antal.min"),
        (error_for(SRC, |v| v["respondent"] = json!("participant")), SRC, "items.antal.kind"),
    ];
    for (err, file, field) in cases {
        assert_eq!(err.file, file, "{err}");
        assert_eq!(err.instrument, "prov", "{err}");
        assert_eq!(err.field, field, "{err}");
        let shown = err.to_string();
        assert!(shown.contains(file) && shown.contains("prov"), "{shown}");
    }
    // A field given twice is refused, not silently overwritten.
    let mut files = files_with("", |_| {});
    files[0].1 = files[0].1.replacen("\"title\": \"Prov\"", "\"title\": \"Prov\", \"title\": \"Annan\"", 1);
    assert!(parse(&files).unwrap_err().message.contains("duplicate field"), "duplicate title");
    // serde names the unknown field in the message.
    assert!(error_for(SRC, |v| v["titel"] = json!("x")).message.contains("titel"));
}

#[test]
fn missing_and_orphan_files_are_named() {
    let mut files = files_with("", |_| {});
    files.retain(|(p, _)| !p.contains("/so/"));
    let err = parse(&files).unwrap_err();
    assert_eq!(err.file, "content/instruments/so/prov.json");
    assert!(err.message.contains("missing"), "{err}");

    let mut files = files_with("", |_| {});
    files.push(("content/instruments/en/annat.json".into(), "{}".into()));
    assert_eq!(parse(&files).unwrap_err().instrument, "annat");

    let mut files = files_with("", |_| {});
    files.push(("content/instruments/de/prov.json".into(), "{}".into()));
    assert_eq!(parse(&files).unwrap_err().file, "content/instruments/de/prov.json");

    let mut files = files_with("", |_| {});
    files[0].1.push('}');
    let err = parse(&files).unwrap_err();
    assert_eq!((err.file.as_str(), err.instrument.as_str()), (SRC, "prov"));
}

// --- The shipped content ---

#[test]
fn every_shipped_text_exists_in_every_language() {
    let instruments = shipped();
    let ids: Vec<&str> = instruments.iter().map(|i| i.id.as_str()).collect();
    for id in [
        "bakgrund",
        "skola-karna",
        "skola-utskrivning",
        "kaa-steg",
        "maende",
        "personal-beteende",
        "mal-trappan",
        "narvarotrappan",
        "skoldata",
        "utfall",
    ] {
        assert!(ids.contains(&id), "{id} is shipped");
    }
    for inst in instruments {
        for lang in Language::ALL {
            let mut texts = vec![inst.title.get(lang)];
            texts.extend(inst.items.iter().map(|i| i.text.get(lang)));
            texts.extend(inst.scales.iter().flat_map(|s| s.points.iter().map(move |p| p.label.get(lang))));
            texts.extend(inst.scales.iter().flat_map(|s| s.special.iter().map(move |p| p.label.get(lang))));
            texts.extend(inst.triggers.iter().flat_map(|t| [t.heading.get(lang), t.text.get(lang)]));
            assert!(texts.iter().all(|t| !t.trim().is_empty()), "{} {}", inst.id, lang.code());
            if lang == Language::Sv {
                assert_eq!(inst.status(lang), TranslationStatus::Source);
            } else {
                assert!(inst.status(lang).needs_review_notice(), "{} {}: no translation is reviewed yet", inst.id, lang.code());
            }
        }
    }
}

#[test]
fn shipped_hashes_match_the_recorded_versions() {
    // content/instrument-hashes.json records the hash of each instrument
    // version. A change to any text without a new version fails here.
    let recorded: Value = serde_json::from_str(include_str!("../../../../content/instrument-hashes.json")).unwrap();
    for inst in shipped() {
        let key = format!("{}@{}", inst.id, inst.version);
        assert_eq!(
            recorded[&key].as_str(),
            Some(inst.hash.as_str()),
            "{} changed: raise its version and record \"{key}\": \"{}\" in content/instrument-hashes.json",
            inst.id,
            inst.hash
        );
    }
}

#[test]
fn verbatim_wording_is_byte_identical_to_the_reports() {
    // tests/fixtures/verbatim.json quotes the reports (shared/seeds) byte for
    // byte; each quote must stand unchanged in the shipped Swedish.
    let quotes: Vec<Value> = serde_json::from_str(include_str!("../../../../tests/fixtures/verbatim.json")).unwrap();
    let swedish: String =
        SHIPPED_INSTRUMENT_FILES.iter().filter(|(p, _)| p.matches('/').count() == 2).map(|(_, c)| *c).collect();
    assert!(quotes.len() >= 15);
    for q in &quotes {
        let text = q["text"].as_str().unwrap();
        assert!(
            swedish.contains(&format!("\"{text}\"")),
            "verbatim {:?} ({}) is not in the shipped data",
            text,
            q["source"]
        );
    }
    // Every element marked verbatim carries one of the quotes under its reference.
    for inst in shipped() {
        let marked = inst.items.iter().filter_map(|i| i.verbatim.as_ref().map(|r| (r, i.text.swedish()))).chain(
            inst.scales.iter().flat_map(|s| {
                s.points
                    .iter()
                    .filter_map(|p| p.verbatim.as_ref().map(|r| (r, p.label.swedish())))
                    .chain(s.special.iter().filter_map(|p| p.verbatim.as_ref().map(|r| (r, p.label.swedish()))))
            }),
        );
        for (reference, text) in marked {
            assert!(
                quotes.iter().any(|q| q["source"] == *reference && q["text"] == text),
                "{}: {text:?} is marked verbatim from {reference} but not quoted in tests/fixtures/verbatim.json",
                inst.id
            );
        }
    }
}

#[test]
fn every_track_has_a_plan_and_the_right_participant_questions() {
    let instruments = shipped();
    let plan = plan::shipped();
    let ids = |track, timepoint| -> Vec<String> {
        plan.participant_instruments(instruments, track, timepoint).iter().map(|i| i.id.clone()).collect()
    };
    for track in [Track::Grundskola, Track::GymnasietNationellt, Track::Introduktionsprogram, Track::Sprakintroduktion]
    {
        assert_eq!(ids(track, Timepoint::Intake), ["bakgrund", "skola-karna", "maende"]);
        assert_eq!(ids(track, Timepoint::Exit), ["skola-karna", "skola-utskrivning", "maende"]);
    }
    for track in [Track::Kaa, Track::Steg1] {
        assert_eq!(ids(track, Timepoint::Intake), ["bakgrund", "kaa-steg", "maende"]);
        assert_eq!(ids(track, Timepoint::Exit), ["kaa-steg", "maende"]);
    }
    assert!(plan.step(Track::Kaa, Timepoint::Exit).required.contains(&"utfall".to_string()));
    // utfall asks only about income at intake.
    let utfall = instruments.iter().find(|i| i.id == "utfall").unwrap();
    let at_intake: Vec<&str> = utfall.items_at(Timepoint::Intake).map(|i| i.id.as_str()).collect();
    assert_eq!(at_intake, ["forsorjning"]);
}

#[test]
fn a_plan_naming_an_unknown_or_misplaced_instrument_is_refused() {
    let instruments = shipped();
    let bad = plan::PLAN_FILE.1.replacen("\"bakgrund\"", "\"bakgrunden\"", 1);
    assert!(plan::Plan::parse("content/plan.json", &bad, instruments).unwrap_err().contains("bakgrunden"));
    let misplaced = plan::PLAN_FILE.1.replacen(
        "\"follow-up\": { \"required\": [\"personal-beteende\"",
        "\"follow-up\": { \"required\": [\"bakgrund\"",
        1,
    );
    assert!(plan::Plan::parse("content/plan.json", &misplaced, instruments)
        .unwrap_err()
        .contains("not made for follow-up"));
}

#[test]
fn a_stem_that_trails_off_joins_its_question_as_one_sentence() {
    let maende = shipped().iter().find(|i| i.id == "maende").unwrap();
    let item = &maende.items[0];
    let question = maende.question(item, Language::Sv, "Stegvis");
    assert_eq!(question, "Hur ofta har du under den senaste månaden känt oro eller ångest?");
    for lang in Language::ALL {
        let q = maende.question(item, lang, "Stegvis");
        assert!(!q.contains('…') && !q.contains("..."), "{lang:?}: {q}");
    }
}
