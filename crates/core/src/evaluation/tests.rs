//! The evaluation against reference figures computed independently in
//! Python (SciPy) by `scripts/reference-evaluation.py` from the same
//! synthetic dataset (`tests/fixtures/evaluation/`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::items::analyse;
use super::outcomes::outcomes;
use super::*;
use crate::bundle::{DeviceRef, Payload};
use crate::instrument::shipped;

pub fn fixture_payloads() -> Vec<Payload> {
    let data: Value = serde_json::from_str(include_str!("../../../../tests/fixtures/evaluation/dataset.json")).unwrap();
    data["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let records = |key: &str| b[key].clone();
            Payload {
                format: crate::bundle::FORMAT.into(),
                version: crate::bundle::VERSION,
                device: DeviceRef { kid: format!("kid-{n}"), label: b["label"].as_str().unwrap().into() },
                project: b["project"].as_str().unwrap().into(),
                sequence: 1,
                previous: None,
                created: "2026-11-01T00:00:00.000Z".into(),
                instruments: Vec::new(),
                participants: serde_json::from_value(records("participants")).unwrap(),
                responses: serde_json::from_value(records("responses")).unwrap(),
                assessments: serde_json::from_value(records("assessments")).unwrap(),
                goals: serde_json::from_value(records("goals")).unwrap(),
                forwarded: Vec::new(),
            }
        })
        .collect()
}

fn fixture() -> Dataset {
    let payloads = fixture_payloads();
    Dataset::from_payloads(&payloads.iter().collect::<Vec<_>>())
}

fn expected() -> Value {
    serde_json::from_str(include_str!("../../../../tests/fixtures/evaluation/expected.json")).unwrap()
}

/// The expected group id's filter: a split row, or a filter the view offers.
fn filter_of(group: &str) -> (Filter, Group) {
    let (kind, id) = group.split_once(':').unwrap_or((group, ""));
    match kind {
        "all" => (Filter::default(), Group::All),
        "gender" => (Filter::default(), Group::Gender(GenderGroup::from_id(id).unwrap())),
        "track" => (Filter::default(), Group::Track(Track::from_id(id))),
        "language" => (Filter { language: Language::from_code(id), ..Filter::default() }, Group::All),
        "project" => (Filter { project_tag: Some(id.into()), ..Filter::default() }, Group::All),
        _ => panic!("unknown group {group}"),
    }
}

fn close(a: Option<f64>, b: &Value, what: &str) {
    match (a, b.as_f64()) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what}: {a} vs reference {b}"),
        _ => panic!("{what}: {a:?} vs reference {b}"),
    }
}

#[test]
fn item_figures_agree_with_the_python_reference() {
    let data = fixture();
    let want = expected();
    let items = want["items"].as_array().unwrap();
    assert!(items.len() > 100);
    for w in items {
        let (instrument, item, group) =
            (w["instrument"].as_str().unwrap(), w["item"].as_str().unwrap(), w["group"].as_str().unwrap());
        let (filter, row) = filter_of(group);
        let cutoffs = BTreeMap::from([(format!("{instrument}/{item}"), w["cutoff"].as_i64().unwrap() as i32)]);
        let analysis = analyse(&data.filtered(&filter), shipped(), &cutoffs);
        let a = analysis.iter().find(|a| a.instrument.id == instrument && a.item.id == item).unwrap();
        let f = &a.rows.iter().find(|(g, _)| *g == row).unwrap_or_else(|| panic!("no row {group}")).1;
        let what = format!("{instrument}/{item} {group}");
        let counts = [
            ("n_intake", f.n_intake),
            ("n_both", f.n_both),
            ("intake_only", f.intake_only),
            ("n_paired", f.n_paired),
            ("special_pairs", f.special_pairs),
            ("better", f.better),
            ("unchanged", f.unchanged),
            ("worse", f.worse),
            ("favourable_intake", f.favourable_intake.unwrap()),
            ("favourable_exit", f.favourable_exit.unwrap()),
            ("intake_only_points", f.intake_only_points),
            ("intake_only_favourable", f.intake_only_favourable.unwrap()),
        ];
        for (name, got) in counts {
            assert_eq!(got as u64, w[name].as_u64().unwrap(), "{what}: {name}");
        }
        close(f.median_change, &w["median_change"], &format!("{what}: median"));
        close(f.intake_only_median, &w["intake_only_median"], &format!("{what}: intake-only median"));
        close(f.paired_intake_median, &w["paired_intake_median"], &format!("{what}: paired intake median"));
        match (&f.wilcoxon, &w["wilcoxon"]) {
            (None, Value::Null) => {}
            (Some(t), r) => {
                close(Some(t.statistic), &r["statistic"], &format!("{what}: W"));
                close(Some(t.p_value), &r["pvalue"], &format!("{what}: p"));
                close(Some(t.z.abs()), &r["zstatistic_abs"], &format!("{what}: z"));
                close(Some(t.rank_biserial), &r["rank_biserial"], &format!("{what}: r"));
            }
            (None, r) => panic!("{what}: no test, reference {r}"),
        }
    }
}

#[test]
fn outcomes_agree_with_the_python_reference() {
    let data = fixture();
    let out = outcomes(&data, shipped());
    let want = expected();
    for w in want["outcomes"].as_array().unwrap() {
        let group = w["group"].as_str().unwrap();
        let (_, row) = filter_of(group);
        let f = &out.rows.iter().find(|(g, _)| *g == row).unwrap().1;
        let a = &w["exit_activity"];
        assert_eq!(f.activity_n as u64, a["n"].as_u64().unwrap(), "{group}");
        for (i, p) in out.activity_scale.points.iter().enumerate() {
            assert_eq!(f.activity[i] as u64, a["counts"][p.value.to_string()].as_u64().unwrap_or(0), "{group} {}", p.value);
        }
        assert_eq!(f.studies_or_work as u64, a["studies_or_work"].as_u64().unwrap(), "{group}");
        close(f.share(), &a["share"], &format!("{group}: share"));
        let s = &w["support"];
        assert_eq!(f.support_n as u64, s["n"].as_u64().unwrap(), "{group}");
        if row == Group::All {
            let t = &out.support_transitions;
            let mut seen = 0;
            for (i, a) in t.categories.iter().enumerate() {
                for (j, b) in t.categories.iter().enumerate() {
                    let (items::Category::Point(a), items::Category::Point(b)) = (a, b) else { unreachable!() };
                    let n = s["transitions"][format!("{a}->{b}")].as_u64().unwrap_or(0);
                    assert_eq!(t.counts[i][j] as u64, n, "support {a}->{b}");
                    seen += n;
                }
            }
            assert_eq!(seen, s["n"].as_u64().unwrap());
        }
        let g = &w["goals"];
        assert_eq!(f.goals as u64, g["n_goals"].as_u64().unwrap(), "{group}");
        assert_eq!(f.goals_moved as u64, g["n_moved"].as_u64().unwrap(), "{group}");
        assert_eq!(f.goal_last_step[4] as u64, g["reached"].as_u64().unwrap(), "{group}");
        close(f.goal_median_change, &g["median_change"], &format!("{group}: goal median"));
    }
}

#[test]
fn every_shown_table_hides_small_counts_and_keeps_totals_safe() {
    let data = fixture();
    let analysis = analyse(&data, shipped(), &BTreeMap::new());
    let mut hidden = 0;
    for a in &analysis {
        let shown = a.shown();
        for (row, (_, f)) in shown.iter().zip(&a.rows) {
            assert_eq!(row[items::column::N_PAIRED].count().is_none(), f.n_paired < 5 || row[items::column::N_PAIRED].count().is_none());
            for cell in row {
                if let Some(n) = cell.count() {
                    assert!(n >= 5);
                } else {
                    hidden += 1;
                }
            }
        }
        for row in a.transitions.shown() {
            assert!(row.iter().all(|c| c.count().is_none_or(|n| n >= 5)));
        }
    }
    assert!(hidden > 0, "the fixture has groups under five");
    // Suppression still leaves the large groups' paired counts readable.
    let framtiden = analysis.iter().find(|a| a.instrument.id == "kaa-steg" && a.item.id == "framtiden").unwrap();
    let shown = framtiden.shown();
    for (n, (g, f)) in framtiden.rows.iter().enumerate() {
        if matches!(g, Group::All | Group::Gender(GenderGroup::Girl | GenderGroup::Boy)) {
            assert_eq!(shown[n][items::column::N_PAIRED], super::suppression::Shown::Count(f.n_paired), "{g:?}");
        }
    }
    let out = outcomes(&data, shipped());
    for table in [out.activity_shown(), out.support_shown(), out.goals_shown()] {
        assert!(table.iter().flatten().all(|c| c.count().is_none_or(|n| n >= 5)));
        // The all-row's total is large enough to show.
        assert!(table[0].iter().any(|c| c.count().is_some()));
    }
}

#[test]
fn filters_keep_the_chosen_participants() {
    let data = fixture();
    let girls = data.filtered(&Filter { gender: Some(GenderGroup::Girl), ..Filter::default() });
    assert!(!girls.people.is_empty() && girls.people.iter().all(|p| p.gender == Some(crate::participant::Gender::Girl)));
    assert!(girls.responses.iter().all(|r| girls.people.iter().any(|p| p.code == r.participant.as_str())));
    let window = Filter { from: Some("2026-03-01".into()), to: Some("2026-05-31".into()), ..Filter::default() };
    let kept = data.filtered(&window);
    assert!(!kept.people.is_empty() && kept.people.len() < data.people.len());
    assert!(kept.people.iter().all(|p| p.start.as_deref().is_some_and(|s| ("2026-03-01"..="2026-05-31").contains(&s))));
    assert_eq!(data.project_tags(), ["norr", "syd"]);
}

#[test]
fn variable_names_are_unique_and_stable() {
    let names: Vec<String> =
        shipped().iter().flat_map(|i| i.items.iter().map(move |it| export::variable(&i.id, &it.id))).collect();
    let unique: std::collections::BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
    assert!(names.contains(&"kaa_steg_framtiden".to_string()));
    assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
}

#[test]
fn the_package_has_one_answer_row_per_answer_and_one_wide_row_per_participant_and_timepoint() {
    let data = fixture();
    let files = export::package(&data, shipped(), export::Options::default(), "2026-11-26T10:00:00Z");
    let text = |name: &str| String::from_utf8(files.iter().find(|(n, _)| *n == name).unwrap().1.clone()).unwrap();
    let answers = text("answers.csv");
    let n_answers: usize = data.responses.iter().map(|r| r.answers.len()).sum();
    assert_eq!(answers.lines().count(), n_answers + 1);
    assert!(answers.starts_with("participant,project_tag,track,gender,age,response_id,"));
    let wide = text("wide.csv");
    let pairs: std::collections::BTreeSet<(&str, Timepoint)> =
        data.responses.iter().map(|r| (r.participant.as_str(), r.timepoint)).collect();
    assert_eq!(wide.lines().count(), pairs.len() + 1);
    let descriptor: Value = serde_json::from_slice(&files[0].1).unwrap();
    let wide_fields = descriptor["resources"][1]["schema"]["fields"].as_array().unwrap();
    assert_eq!(wide_fields.len(), wide.lines().next().unwrap().split(',').count());
    let excel = export::package(&data, shipped(), export::Options { excel: true }, "2026-11-26T10:00:00Z");
    let answers = &excel[1].1;
    assert!(answers.starts_with("\u{feff}participant;project_tag;".as_bytes()));
}

#[test]
fn the_target_is_judged_on_published_shares_only() {
    let data = fixture();
    let out = outcomes(&data, shipped());
    let k = out.activity_scale.points.len();
    let shown = out.activity_shown();
    let judged = out.against_target(0.6);
    assert_eq!(judged.len(), out.rows.len());
    for (((group, figures), s), (share, met)) in out.rows.iter().zip(&shown).zip(&judged) {
        match (s[k].count(), s[k + 1].count()) {
            (Some(n), Some(yes)) if n > 0 => {
                assert_eq!(*share, Some(yes as f64 / n as f64), "{group:?}");
                assert_eq!(*share, figures.share(), "{group:?}: published as computed");
                assert_eq!(*met, Some(yes as f64 / n as f64 >= 0.6), "{group:?}");
            }
            _ => assert_eq!((*share, *met), (None, None), "{group:?}: a hidden count gives no verdict"),
        }
    }
    let all = out.rows.iter().position(|(g, _)| *g == Group::All).unwrap();
    let share = judged[all].0.expect("the whole selection is large enough to publish");
    assert_eq!(out.against_target(share)[all].1, Some(true), "reaching the target exactly counts");
    assert_eq!(out.against_target(share + 0.01)[all].1, Some(false));
    assert!(judged.iter().any(|(s, _)| s.is_none()), "the fixture has a group too small to publish");
}

#[test]
fn every_gender_group_stands_for_its_own_gender() {
    for group in GenderGroup::ALL {
        assert_eq!(GenderGroup::of(group.gender()), group);
    }
}
