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
        "age" => (Filter::default(), Group::Age(AgeBand::ALL.into_iter().find(|a| a.id() == id))),
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
    let mut holm_checked = 0;
    for w in items {
        let (instrument, item, group) =
            (w["instrument"].as_str().unwrap(), w["item"].as_str().unwrap(), w["group"].as_str().unwrap());
        let (filter, row) = filter_of(group);
        let cutoffs = BTreeMap::from([(format!("{instrument}/{item}"), w["cutoff"].as_i64().unwrap() as i32)]);
        let inst = shipped().iter().find(|i| i.id == instrument).unwrap();
        let cutoff = cutoffs.values().next().copied();
        let a = &items::analyse_item(&data.filtered(&filter), inst, inst.item(item).unwrap(), cutoff);
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
        // Intervals and the Holm adjustment (scripts/reference-evaluation.py).
        let hl = &w["hodges_lehmann"];
        close(f.hodges_lehmann.map(|h| h.0), &hl["estimate"], &format!("{what}: Hodges–Lehmann"));
        let interval = f.hodges_lehmann.and_then(|h| h.1);
        close(interval.map(|i| i.0), &hl["interval"][0], &format!("{what}: HL low"));
        close(interval.map(|i| i.1), &hl["interval"][1], &format!("{what}: HL high"));
        for (name, k) in [("wilson_favourable_intake", f.favourable_intake), ("wilson_favourable_exit", f.favourable_exit)] {
            let ci = crate::statistics::wilson(k.unwrap(), f.n_paired);
            close(ci.map(|c| c.0), &w[name][0], &format!("{what}: {name} low"));
            close(ci.map(|c| c.1), &w[name][1], &format!("{what}: {name} high"));
        }
        if let Some(want) = w.get("p_holm") {
            let adjusted = items::holm_adjusted(&data.filtered(&filter), inst);
            let r = a.rows.iter().position(|(g, _)| *g == row).unwrap();
            close(adjusted[item][r], want, &format!("{what}: Holm"));
            holm_checked += 1;
        }
    }
    assert!(holm_checked > 100, "{holm_checked} Holm values checked");
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
        let later = &w["after_6_months_activity"];
        assert_eq!(f.later_n as u64, later["n"].as_u64().unwrap(), "{group}: six months");
        assert_eq!(f.later_studies_or_work as u64, later["studies_or_work"].as_u64().unwrap(), "{group}: six months");
        for (i, p) in out.activity_scale.points.iter().enumerate() {
            assert_eq!(f.later_activity[i] as u64, later["counts"][p.value.to_string()].as_u64().unwrap_or(0), "{group} {}", p.value);
        }
        let ci = crate::statistics::wilson(f.studies_or_work, f.activity_n);
        close(ci.map(|c| c.0), &a["wilson"][0], &format!("{group}: Wilson low"));
        close(ci.map(|c| c.1), &a["wilson"][1], &format!("{group}: Wilson high"));
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
        for row in a.transitions_shown() {
            assert!(row.iter().all(|c| c.count().is_none_or(|n| n >= 5)));
        }
    }
    assert!(hidden > 0, "the fixture has groups under five");
    // Suppression still leaves everyone's paired count readable, and one of
    // the two large gender groups': the two small ones (3 together) would
    // be bounded under five if both large ones were shown.
    let framtiden = analysis.iter().find(|a| a.instrument.id == "kaa-steg" && a.item.id == "framtiden").unwrap();
    let shown = framtiden.shown();
    let paired = |g: Group| {
        let n = framtiden.rows.iter().position(|(x, _)| *x == g).unwrap();
        (shown[n][items::column::N_PAIRED], framtiden.rows[n].1.n_paired)
    };
    assert_eq!(paired(Group::All).0.count(), Some(paired(Group::All).1));
    let large = [paired(Group::Gender(GenderGroup::Girl)), paired(Group::Gender(GenderGroup::Boy))];
    assert_eq!(large.iter().filter(|(s, n)| s.count() == Some(*n)).count(), 1, "{large:?}");
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

/// The audit over every page the fixture gives (everyone, each gender, each
/// track): no hidden count under five can be worked out from what is shown,
/// and every shown figure is the count the analysis computed.
#[test]
fn every_page_of_the_fixture_passes_the_audit() {
    let data = fixture();
    let mut filters = vec![Filter::default()];
    filters.extend(GenderGroup::ALL.map(|g| Filter { gender: Some(g), ..Filter::default() }));
    filters.extend(data.tracks().into_iter().map(|t| Filter { track: Some(t), ..Filter::default() }));
    let started = std::time::Instant::now();
    for filter in &filters {
        let page = data.filtered(filter);
        for a in analyse(&page, shipped(), &BTreeMap::new()) {
            let shown = a.shown();
            for (row, (g, f)) in shown.iter().zip(&a.rows) {
                for (c, cell) in row.iter().enumerate() {
                    if let Some(n) = cell.count() {
                        assert_eq!(n, f.counts()[c], "{}/{} {g:?} column {c}", a.instrument.id, a.item.id);
                        assert!(n >= 5);
                    }
                }
            }
            audit(a.family(), &format!("{}/{} {filter:?}", a.instrument.id, a.item.id));
            needed_only(a.family(), &format!("{}/{} {filter:?}", a.instrument.id, a.item.id));
            // Everyone's headline is never hidden when all four are five or
            // more. (When one is under five, the other three would give it:
            // one more of them must be hidden.)
            let all = a.all();
            let large = [all.n_paired, all.better, all.unchanged, all.worse].iter().all(|n| *n >= 5);
            for (c, n) in [(items::column::N_PAIRED, all.n_paired), (items::column::BETTER, all.better), (items::column::UNCHANGED, all.unchanged), (items::column::WORSE, all.worse)] {
                if large {
                    assert_eq!(shown[0][c].count(), Some(n), "{}/{} {filter:?}: headline column {c}", a.instrument.id, a.item.id);
                }
            }
        }
        for (n, family) in outcomes(&page, shipped()).families().iter().enumerate() {
            audit(family, &format!("outcome table {n} {filter:?}"));
        }
    }
    eprintln!("audited {} pages in {:?}", filters.len(), started.elapsed());
}

/// Each of everyone's headline counts of five or more that is hidden is
/// needed: shown alone, it would let a hidden count under five be worked out.
fn needed_only(family: &disclosure::Family, what: &str) {
    let hidden: Vec<bool> = family.shown().iter().map(|s| s.count().is_none()).collect();
    for (f, figure) in family.figures.iter().enumerate() {
        if hidden[f] && figure.tier == disclosure::tier::HEADLINE && figure.value >= 5 {
            let mut more = hidden.clone();
            more[f] = false;
            assert!(!family.exposed(&more).is_empty(), "{what}: headline figure {f} ({}) is hidden but not needed", figure.value);
        }
    }
}

/// No hidden count under five is pinned or bounded under five.
fn audit(family: &disclosure::Family, what: &str) {
    let hidden: Vec<bool> = family.shown().iter().map(|s| s.count().is_none()).collect();
    assert_eq!(family.exposed(&hidden), Vec::<usize>::new(), "{what}");
}

/// The bounds the core's audit finds for every hidden count of the
/// fixture's results page equal SciPy's (`scripts/reference-disclosure.py`),
/// computed over a variable per gender × track × state.
#[test]
fn every_hidden_count_has_the_bounds_scipy_finds() {
    let data = fixture();
    let mut families: Vec<(String, disclosure::Family)> = analyse(&data, shipped(), &BTreeMap::new())
        .iter()
        .filter(|a| a.all().n_intake > 0)
        .map(|a| (format!("{}/{}", a.instrument.id, a.item.id), a.family().clone()))
        .collect();
    for (n, f) in outcomes(&data, shipped()).families().iter().enumerate() {
        families.push((["activity", "support", "goals", "activity after 6 months"][n].to_string(), f.clone()));
    }
    let model: Vec<Value> = families
        .iter()
        .map(|(name, f)| {
            let hidden: Vec<bool> = f.shown().iter().map(|s| s.count().is_none()).collect();
            let mut json = f.to_json(&hidden);
            json["name"] = Value::from(name.clone());
            json
        })
        .collect();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/evaluation/disclosure-model.json");
    let model = serde_json::json!({ "made_by": "stegvis-core every_hidden_count_has_the_bounds_scipy_finds", "families": model });
    if std::env::var_os("STEGVIS_WRITE_DISCLOSURE").is_some() {
        std::fs::write(path, serde_json::to_string(&model).unwrap()).unwrap();
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The committed model is this page's (bounds aside: floats written and read back).
    let strip = |m: &Value| -> Value {
        let mut m = m["families"].clone();
        for f in m.as_array_mut().unwrap().iter_mut().flat_map(|f| f["figures"].as_array_mut().unwrap()) {
            f["bounds"] = Value::Null;
        }
        m
    };
    assert!(strip(&committed) == strip(&model), "the page's figures changed: write the model again and run the reference script");
    let scipy: Value = serde_json::from_str(include_str!("../../../../tests/fixtures/evaluation/disclosure-bounds.json")).unwrap();
    assert_eq!(model["families"].as_array().unwrap().len(), scipy["families"].as_array().unwrap().len());
    let mut compared = 0;
    for (ours, theirs) in model["families"].as_array().unwrap().iter().zip(scipy["families"].as_array().unwrap()) {
        assert_eq!(ours["name"], theirs["name"]);
        for (i, (f, b)) in ours["figures"].as_array().unwrap().iter().zip(theirs["bounds"].as_array().unwrap()).enumerate() {
            if b.is_null() {
                assert!(!f["hidden"].as_bool().unwrap());
                continue;
            }
            for (x, y) in f["bounds"].as_array().unwrap().iter().zip(b.as_array().unwrap()) {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!((x - y).abs() < 1e-6, "{} figure {i}: core {x}, SciPy {y}", ours["name"]);
            }
            compared += 1;
        }
    }
    assert!(compared > 500, "only {compared} hidden counts compared");
}

/// summary.csv in the data package has the reference's figures and intervals.
#[test]
fn the_package_summary_has_the_figures_with_their_intervals() {
    let data = fixture();
    let files = export::package(&data, shipped(), export::Options::default(), "2026-11-26T10:00:00Z");
    let summary = String::from_utf8(files.iter().find(|(n, _)| *n == "summary.csv").unwrap().1.clone()).unwrap();
    let mut lines = summary.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let want = expected();
    let mut checked = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let at = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
        let number = |name: &str| at(name).parse::<f64>().ok();
        let Some(w) = want["items"].as_array().unwrap().iter().find(|w| {
            export::variable(w["instrument"].as_str().unwrap(), w["item"].as_str().unwrap()) == at("variable")
                && w["group"] == at("group")
                && w.get("p_holm").is_some()
        }) else {
            continue;
        };
        assert_eq!(at("n_paired"), w["n_paired"].to_string());
        close(number("hodges_lehmann"), &w["hodges_lehmann"]["estimate"], "HL");
        close(number("hodges_lehmann_low"), &w["hodges_lehmann"]["interval"][0], "HL low");
        close(number("p"), &w["wilcoxon"]["pvalue"], "p");
        close(number("p_holm"), &w["p_holm"], "Holm");
        close(number("favourable_exit_high"), &w["wilson_favourable_exit"][1], "Wilson");
        checked += 1;
    }
    assert!(checked > 100, "{checked} rows checked");
}

/// A response given twice (by id) counts as given first, wherever the copies
/// are; every participant's responses are theirs and no one else's.
#[test]
fn a_response_given_twice_counts_once_as_first_given() {
    let payloads = fixture_payloads();
    let mut first = payloads[0].clone();
    let mut copy = first.responses[0].clone();
    copy.completed_at = "2026-12-31T00:00:00.000Z".into();
    // The changed copy comes after the first in the list and in a later payload.
    first.responses.push(copy.clone());
    let mut later = payloads[1].clone();
    later.responses.insert(0, copy.clone());
    let all: Vec<&Payload> = std::iter::once(&first).chain(std::iter::once(&later)).chain(&payloads[2..]).collect();
    let data = Dataset::from_payloads(&all);
    let kept: Vec<&Response> = data.responses.iter().filter(|r| r.id == copy.id).collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0], &payloads[0].responses[0]);
    assert_eq!(data.responses.len(), fixture().responses.len());
    let mut seen = 0;
    for (p, mine) in data.people_with_responses() {
        assert!(mine.iter().all(|r| r.participant.as_str() == p.code));
        seen += mine.len();
    }
    assert_eq!(seen, data.responses.len(), "every response belongs to a listed participant");
}
