//! Choosing what a staff device's next bundle holds, and naming its file.
//! An export remembers a key per record (kind, id and a hash of its
//! content), so "not yet exported" also catches a record changed since.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::jws::FlattenedJws;
use crate::canonical_json;
use crate::goal::Goal;
use crate::participant::Participant;
use crate::response::Response;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    NotYetExported,
    Everything,
    /// Answers and ratings completed on these days (YYYY-MM-DD, both included).
    Between {
        from: String,
        to: String,
    },
}

/// Everything on the device that can go into a bundle.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeviceRecords {
    pub participants: Vec<Participant>,
    pub responses: Vec<Response>,
    pub assessments: Vec<Response>,
    pub goals: Vec<Goal>,
    /// Bundles received from participants' phones, by their hash.
    pub received: Vec<(String, FlattenedJws)>,
}

fn key(kind: &str, id: &str, record: &impl serde::Serialize) -> String {
    let value = serde_json::to_value(record).unwrap_or_default();
    let digest = Sha256::digest(canonical_json::to_string(&value).unwrap_or_default().as_bytes());
    format!("{kind}:{id}:{}", crate::hex::hex(&digest[..8]))
}

/// The records chosen and the keys to remember for them.
pub fn select(all: &DeviceRecords, exported: &BTreeSet<String>, selection: &Selection) -> (DeviceRecords, Vec<String>) {
    let wanted = |k: &str, day: Option<&str>| match selection {
        Selection::Everything => true,
        Selection::NotYetExported => !exported.contains(k),
        Selection::Between { from, to } => day.is_some_and(|d| from.as_str() <= d && d <= to.as_str()),
    };
    let day = |at: &str| at.get(..10).map(str::to_string);
    let mut out = DeviceRecords::default();
    let mut keys = Vec::new();
    for r in &all.responses {
        let k = key("response", &r.id, r);
        if wanted(&k, day(&r.completed_at).as_deref()) {
            keys.push(k);
            out.responses.push(r.clone());
        }
    }
    for r in &all.assessments {
        let k = key("assessment", &r.id, r);
        if wanted(&k, day(&r.completed_at).as_deref()) {
            keys.push(k);
            out.assessments.push(r.clone());
        }
    }
    for g in &all.goals {
        let k = key("goal", &g.id, g);
        let last = g.placements.iter().map(|p| p.at.as_str()).chain(g.closed_at.as_deref()).max();
        if wanted(&k, last.and_then(day).as_deref()) {
            keys.push(k);
            out.goals.push(g.clone());
        }
    }
    for (hash, jws) in &all.received {
        let k = format!("received:{hash}");
        let day = jws_day(jws);
        if wanted(&k, day.as_deref()) {
            keys.push(k);
            out.received.push((hash.clone(), jws.clone()));
        }
    }
    // A participant goes along when changed, and always with any record about them.
    let about: BTreeSet<&str> = out
        .responses
        .iter()
        .chain(&out.assessments)
        .map(|r| r.participant.as_str())
        .chain(out.goals.iter().map(|g| g.participant.as_str()))
        .collect();
    for p in &all.participants {
        let k = key("participant", p.id.as_str(), p);
        let changed = wanted(&k, Some(p.enrolled_on.as_str()));
        if changed || about.contains(p.id.as_str()) {
            keys.push(k);
            out.participants.push(p.clone());
        }
    }
    (out, keys)
}

/// What staff may remove from the device after an export: closed cases
/// whose every record (the participant, answers, ratings, goals and phone
/// bundles) has been exported as it is now. Open cases stay whole, since
/// staff still work with them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removable {
    pub participants: Vec<String>,
    /// Answers and ratings, also those stored from phone bundles.
    pub responses: Vec<String>,
    pub assessments: Vec<String>,
    pub goals: Vec<String>,
    /// Phone bundles, by hash.
    pub received: Vec<String>,
}

impl Removable {
    pub fn is_empty(&self) -> bool {
        self.participants.is_empty()
    }
}

/// The participants and answer ids a received phone bundle holds.
fn received_contents(jws: &FlattenedJws) -> (BTreeSet<String>, Vec<String>) {
    let value: serde_json::Value = super::base64url::decode(&jws.payload)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let responses = value.get("responses").and_then(|r| r.as_array()).cloned().unwrap_or_default();
    let text = |r: &serde_json::Value, k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    (responses.iter().map(|r| text(r, "participant")).collect(), responses.iter().map(|r| text(r, "id")).collect())
}

pub fn removable(all: &DeviceRecords, exported: &BTreeSet<String>) -> Removable {
    let sent = |k: String| exported.contains(&k);
    let received: Vec<(&String, bool, BTreeSet<String>, Vec<String>)> = all
        .received
        .iter()
        .map(|(hash, jws)| {
            let (who, ids) = received_contents(jws);
            (hash, sent(format!("received:{hash}")), who, ids)
        })
        .collect();
    let mut out = Removable::default();
    for p in all.participants.iter().filter(|p| p.closed_on.is_some()) {
        let code = p.id.as_str();
        let mine = |r: &&Response| r.participant.as_str() == code;
        let done = sent(key("participant", code, p))
            && all.responses.iter().filter(mine).all(|r| sent(key("response", &r.id, r)))
            && all.assessments.iter().filter(mine).all(|r| sent(key("assessment", &r.id, r)))
            && all.goals.iter().filter(|g| g.participant.as_str() == code).all(|g| sent(key("goal", &g.id, g)))
            && received.iter().filter(|r| r.2.contains(code)).all(|r| r.1 && r.2.len() == 1);
        if !done {
            continue;
        }
        out.participants.push(code.to_string());
        out.responses.extend(all.responses.iter().filter(mine).map(|r| r.id.clone()));
        out.assessments.extend(all.assessments.iter().filter(mine).map(|r| r.id.clone()));
        out.goals.extend(all.goals.iter().filter(|g| g.participant.as_str() == code).map(|g| g.id.clone()));
        for (hash, _, _, ids) in received.iter().filter(|r| r.2.contains(code)) {
            out.received.push((*hash).clone());
            out.responses.extend(ids.iter().cloned());
        }
    }
    out
}

/// What is on the device and not yet sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Answers and ratings not yet in any export.
    pub answers: usize,
    /// The day of the oldest of them.
    pub oldest: Option<String>,
    /// The day of the newest record on the device, sent or not: a clock
    /// that shows an earlier day is wrong.
    pub newest_record: Option<String>,
}

pub fn backlog(all: &DeviceRecords, exported: &BTreeSet<String>) -> Backlog {
    let (chosen, _) = select(all, exported, &Selection::NotYetExported);
    let days = chosen.responses.iter().chain(&chosen.assessments).filter_map(|r| r.completed_at.get(..10));
    let received_days = chosen.received.iter().filter_map(|(_, jws)| jws_day(jws));
    let answers = chosen.responses.len()
        + chosen.assessments.len()
        + chosen.received.iter().map(|(_, jws)| received_contents(jws).1.len()).sum::<usize>();
    let newest_record = all.responses.iter().chain(&all.assessments).filter_map(|r| r.completed_at.get(..10)).max();
    Backlog {
        answers,
        oldest: days.map(str::to_string).chain(received_days).min(),
        newest_record: newest_record.map(str::to_string),
    }
}

/// The day a received bundle was made, from its payload.
fn jws_day(jws: &FlattenedJws) -> Option<String> {
    let bytes = super::base64url::decode(&jws.payload)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("created")?.as_str()?.get(..10).map(str::to_string)
}

/// `stegvis-<device>-<date>-<seq>.json`, the device name in plain letters.
pub fn file_name(label: &str, date: &str, sequence: u64) -> String {
    let mut slug = String::new();
    for c in label.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "enhet" } else { slug };
    format!("stegvis-{slug}-{date}-{sequence}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::instrument::plan::Track;
    use crate::instrument::Timepoint;
    use crate::response::InstrumentRef;

    fn person(seed: u8, closed: bool) -> Participant {
        Participant { closed_on: closed.then(|| "2026-06-01".into()), ..crate::testing::participant([seed; 5]) }
    }

    fn answer(id: &str, p: &Participant) -> Response {
        Response {
            id: id.into(),
            participant: p.id.clone(),
            track: Track::Kaa,
            timepoint: Timepoint::Exit,
            instrument: InstrumentRef { id: "utfall".into(), version: 1, hash: "sha256:x".into() },
            answers: Vec::new(),
            language: crate::language::Language::Sv,
            started_at: "2026-05-01T10:00:00Z".into(),
            completed_at: "2026-05-01T10:05:00Z".into(),
            device: "d".into(),
            rater: Some("AB".into()),
        }
    }

    #[test]
    fn only_closed_cases_exported_as_they_are_now_may_be_removed() {
        let (closed, open) = (person(1, true), person(2, false));
        let mut all = DeviceRecords {
            participants: vec![closed.clone(), open.clone()],
            assessments: vec![answer("a1", &closed), answer("a2", &open)],
            ..DeviceRecords::default()
        };
        let nothing = BTreeSet::new();
        assert!(removable(&all, &nothing).is_empty(), "nothing exported, nothing removable");
        let b = backlog(&all, &nothing);
        assert_eq!((b.answers, b.oldest.as_deref(), b.newest_record.as_deref()), (2, Some("2026-05-01"), Some("2026-05-01")));
        let (_, keys) = select(&all, &nothing, &Selection::Everything);
        let exported: BTreeSet<String> = keys.into_iter().collect();
        let r = removable(&all, &exported);
        assert_eq!(r.participants, [closed.id.as_str()]);
        assert_eq!(r.assessments, ["a1"]);
        assert_eq!((backlog(&all, &exported).answers, backlog(&all, &exported).oldest), (0, None));
        // A rating changed or added after the export keeps the case on the device.
        all.assessments.push(answer("a3", &closed));
        assert!(removable(&all, &exported).is_empty());
        assert_eq!(backlog(&all, &exported).answers, 1);
    }

    #[test]
    fn file_names_are_plain_and_safe() {
        assert_eq!(file_name("Surfplatta 2 (Åsa)", "2026-11-26", 3), "stegvis-surfplatta-2-asa-2026-11-26-3.json");
        assert_eq!(file_name("../../etc", "2026-11-26", 1), "stegvis-etc-2026-11-26-1.json");
        assert_eq!(file_name("", "2026-11-26", 1), "stegvis-enhet-2026-11-26-1.json");
    }
}
