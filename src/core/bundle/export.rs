//! Choosing what a staff device's next bundle holds, and naming its file.
//! An export remembers a key per record (kind, id and a hash of its
//! content), so "not yet exported" also catches a record changed since.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::jws::FlattenedJws;
use crate::core::canonical_json;
use crate::core::goal::Goal;
use crate::core::participant::Participant;
use crate::core::response::Response;

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
    format!("{kind}:{id}:{}", digest[..8].iter().map(|b| format!("{b:02x}")).collect::<String>())
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

    #[test]
    fn file_names_are_plain_and_safe() {
        assert_eq!(file_name("Surfplatta 2 (Åsa)", "2026-11-26", 3), "stegvis-surfplatta-2-asa-2026-11-26-3.json");
        assert_eq!(file_name("../../etc", "2026-11-26", 1), "stegvis-etc-2026-11-26-1.json");
        assert_eq!(file_name("", "2026-11-26", 1), "stegvis-enhet-2026-11-26-1.json");
    }
}
