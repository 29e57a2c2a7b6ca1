//! What an evaluator's import makes of a verified bundle, against what is
//! already imported: new, already imported, or imported with flags (a new or
//! revoked key, a gap or a break in the device's sequence, conflicting records).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Verified;
use crate::goal::Goal;
use crate::instrument::plan::Track;
use crate::participant::{Gender, Participant};
use crate::response::Response;

/// What the evaluation reads of one verified bundle (or of a bundle
/// forwarded inside it): an import verifies a file once and keeps these
/// beside it, so results never verify or parse the files again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleRecords {
    pub sequence: u64,
    pub participants: Vec<Participant>,
    pub responses: Vec<Response>,
    pub assessments: Vec<Response>,
    pub goals: Vec<Goal>,
}

impl BundleRecords {
    /// Forms: the participants' responses and the staff's ratings.
    pub fn forms(&self) -> usize {
        self.responses.len() + self.assessments.len()
    }

    /// The answers in those forms.
    pub fn answers(&self) -> usize {
        self.responses.iter().chain(&self.assessments).map(|r| r.answers.len()).sum()
    }

    /// The bundle's records and those of every bundle forwarded in it.
    pub fn of(bundle: &Verified) -> Vec<BundleRecords> {
        std::iter::once(bundle)
            .chain(&bundle.forwarded)
            .map(|b| {
                let p = &b.payload;
                BundleRecords {
                    sequence: p.sequence,
                    participants: p.participants.clone(),
                    responses: p.responses.clone(),
                    assessments: p.assessments.clone(),
                    goals: p.goals.clone(),
                }
            })
            .collect()
    }
}

/// A bundle already imported, as the chain check needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownBundle {
    pub hash: String,
    pub kid: String,
    pub sequence: u64,
    pub previous: Option<String>,
}

/// What the evaluator has said about a device key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyTrust {
    /// Seen before, fingerprint not yet confirmed.
    Unconfirmed,
    Confirmed,
    /// The evaluator no longer trusts the key (a lost tablet, say).
    Revoked,
}

/// One device in a trust file: what the evaluator's app downloads under
/// *Enheter* and `stegvis --trust` reads (a JSON list of these).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedDevice {
    pub kid: String,
    /// The name staff gave the device; for people reading the file.
    #[serde(default)]
    pub label: String,
    pub trust: KeyTrust,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "kebab-case")]
pub enum Flag {
    /// The key is seen for the first time: the evaluator confirms its fingerprint.
    NewKey,
    UnconfirmedKey,
    RevokedKey,
    /// Bundles between the last known one and this one are missing.
    Gap {
        missing_from: u64,
        missing_to: u64,
    },
    /// The bundle does not follow on the one before it from the same device.
    BrokenChain,
    /// Records with these ids are already imported with other content; both are kept.
    Conflict {
        ids: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Imported(Vec<Flag>),
    AlreadyImported,
}

/// One record already imported: which device it came from and a digest of
/// its content (SHA-256 of its canonical JSON), enough to tell a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownRecord {
    pub kid: String,
    pub digest: String,
    /// Participants and goals change over time on their device; answers never do.
    pub mutable: bool,
}

/// Every record of a bundle (outer and forwarded) as (id, content digest,
/// mutable): the digest is the SHA-256 of the record's canonical JSON.
pub fn records(bundle: &Verified) -> Vec<(String, String, bool)> {
    std::iter::once(bundle).chain(&bundle.forwarded).flat_map(|b| b.record_digests.iter().cloned()).collect()
}

/// What a classification reads of the records imported before.
pub trait ImportedRecords {
    /// Whether record `id`, brought now from device `kid` with content
    /// `digest`, conflicts with the record of that id imported before.
    fn conflicts(&self, id: &str, digest: &str, mutable: bool, kid: &str) -> bool;
}

/// Other content under an imported id is a conflict, unless both are
/// mutable records (participants, goals) from the same device: an update there.
fn is_conflict(same_content: bool, both_mutable: bool, same_device: bool) -> bool {
    !same_content && !(both_mutable && same_device)
}

impl ImportedRecords for BTreeMap<String, KnownRecord> {
    fn conflicts(&self, id: &str, digest: &str, mutable: bool, kid: &str) -> bool {
        self.get(id).is_some_and(|e| is_conflict(e.digest == digest, mutable && e.mutable, e.kid == kid))
    }
}

/// Classifies a verified bundle. `trust` is `None` for a key never seen.
pub fn classify(
    bundle: &Verified,
    known: &[KnownBundle],
    trust: Option<KeyTrust>,
    existing: &BTreeMap<String, KnownRecord>,
) -> Outcome {
    classify_file(&FileIndex::of(bundle, String::new()), known, trust, existing)
}

/// [`classify`] from what the index keeps of a verified file.
pub fn classify_file(
    file: &FileIndex,
    known: &(impl KnownBundles + ?Sized),
    trust: Option<KeyTrust>,
    existing: &impl ImportedRecords,
) -> Outcome {
    let this = &file.bundle;
    if known.has(&this.hash) {
        return Outcome::AlreadyImported;
    }
    let kid = &this.kid;
    let mut flags = Vec::new();
    match trust {
        None => flags.push(Flag::NewKey),
        Some(KeyTrust::Unconfirmed) => flags.push(Flag::UnconfirmedKey),
        Some(KeyTrust::Revoked) => flags.push(Flag::RevokedKey),
        Some(KeyTrust::Confirmed) => {}
    }
    let p = this;
    let numbered = |sequence: Option<u64>| sequence.into_iter().flat_map(|n| known.numbered(kid, n));
    let before = numbered(p.sequence.checked_sub(1)).next();
    let chain_ok = match (p.sequence, &p.previous, before) {
        (1, None, _) => true,
        (1, Some(_), _) => false,
        (_, Some(prev), Some(b)) => &b.hash == prev,
        (_, _, None) => true, // The one before is missing: reported as a gap.
        _ => false,
    };
    // A later bundle already here must name this one as its previous, and
    // no other bundle from the device may carry the same number.
    let after_ok = numbered(p.sequence.checked_add(1)).all(|k| k.previous.as_ref() == Some(&this.hash));
    let number_taken = numbered(Some(p.sequence)).next().is_some();
    if p.sequence == 0 || !chain_ok || !after_ok || number_taken {
        flags.push(Flag::BrokenChain);
    }
    let highest = known.highest(kid);
    if p.sequence > highest + 1 {
        flags.push(Flag::Gap { missing_from: highest + 1, missing_to: p.sequence - 1 });
    }
    let conflicts: Vec<String> = file
        .records
        .iter()
        .filter(|(id, digest, mutable)| existing.conflicts(id, digest, *mutable, kid))
        .map(|(id, _, _)| id.clone())
        .collect();
    if !conflicts.is_empty() {
        flags.push(Flag::Conflict { ids: conflicts });
    }
    Outcome::Imported(flags)
}

/// What the chain check asks of the bundles imported before.
pub trait KnownBundles {
    /// Whether a bundle with this hash is among them.
    fn has(&self, hash: &str) -> bool;
    /// Device `kid`'s bundles numbered `sequence`, in the order they were imported.
    fn numbered<'a>(&'a self, kid: &'a str, sequence: u64) -> impl Iterator<Item = &'a KnownBundle> + 'a;
    /// The highest number among device `kid`'s bundles, 0 for none.
    fn highest(&self, kid: &str) -> u64;
}

impl KnownBundles for [KnownBundle] {
    fn has(&self, hash: &str) -> bool {
        self.iter().any(|k| k.hash == hash)
    }

    fn numbered<'a>(&'a self, kid: &'a str, sequence: u64) -> impl Iterator<Item = &'a KnownBundle> + 'a {
        self.iter().filter(move |k| k.kid == kid && k.sequence == sequence)
    }

    fn highest(&self, kid: &str) -> u64 {
        self.iter().filter(|k| k.kid == kid).map(|k| k.sequence).max().unwrap_or(0)
    }
}

/// One device's imported bundles, found by number and by hash without going
/// through them all: an import of 10 000 files from 20 devices otherwise
/// compares each file with every file of its device before it.
#[derive(Clone, Debug, Default)]
struct DeviceChain {
    by_sequence: BTreeMap<u64, Vec<KnownBundle>>,
    hashes: BTreeSet<String>,
}

impl KnownBundles for DeviceChain {
    fn has(&self, hash: &str) -> bool {
        self.hashes.contains(hash)
    }

    /// Every bundle here is the device's own (`Session` keeps one chain a device).
    fn numbered<'a>(&'a self, _kid: &'a str, sequence: u64) -> impl Iterator<Item = &'a KnownBundle> + 'a {
        self.by_sequence.get(&sequence).into_iter().flatten()
    }

    fn highest(&self, _kid: &str) -> u64 {
        self.by_sequence.last_key_value().map_or(0, |(n, _)| *n)
    }
}

/// What the next import checks of one imported file: its place in its
/// device's chain and each record's content digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIndex {
    /// Import order: a later import of a record id describes it.
    pub order: String,
    pub bundle: KnownBundle,
    /// (record id, digest, mutable), see [`records`].
    pub records: Vec<(String, String, bool)>,
}

impl FileIndex {
    pub fn of(v: &Verified, order: String) -> FileIndex {
        let p = &v.payload;
        FileIndex {
            order,
            bundle: KnownBundle {
                hash: v.hash.clone(),
                kid: v.header.kid.clone(),
                sequence: p.sequence,
                previous: p.previous.clone(),
            },
            records: records(v),
        }
    }
}

/// Many files read in one go, in the order they come: each verified bundle
/// is classified against every file imported before it (stored ones and
/// those this session took in). The browser's import and the command line
/// both go through it, so a file gets the same verdict in either.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// Each device's bundles, by key id.
    chains: BTreeMap<String, DeviceChain>,
    /// Every record imported, by id (the last import of an id wins).
    records: CompactRecords,
}

/// [`KnownRecord`]s held small: a large import holds hundreds of thousands
/// (the command line packages a million answers within its memory budget).
#[derive(Clone, Debug, Default)]
struct CompactRecords {
    /// Each device's key id once; a record names its device by place here.
    kids: Vec<String>,
    places: BTreeMap<String, u32>,
    by_id: BTreeMap<String, CompactRecord>,
}

#[derive(Clone, Copy, Debug)]
struct CompactRecord {
    device: u32,
    digest: [u8; 32],
    mutable: bool,
}

/// A digest's 32 bytes from its hexadecimal text. Text that is not that
/// (never written by Stegvis) is hashed instead, so equal texts still give
/// equal keys.
fn digest_bytes(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let hex = text.as_bytes();
    let digit = |c: u8| (c as char).to_digit(16);
    if hex.len() == 64 && hex.iter().all(|&c| digit(c).is_some() && !c.is_ascii_uppercase()) {
        for (i, pair) in hex.chunks(2).enumerate() {
            out[i] = (digit(pair[0]).unwrap_or(0) * 16 + digit(pair[1]).unwrap_or(0)) as u8;
        }
        return out;
    }
    use sha2::{Digest, Sha256};
    out.copy_from_slice(&Sha256::digest(text.as_bytes()));
    out
}

#[cfg(test)]
#[test]
fn a_digest_is_its_bytes_and_other_text_its_hash() {
    let bytes: [u8; 32] = std::array::from_fn(|i| (i * 7) as u8);
    assert_eq!(digest_bytes(&crate::hex::hex(&bytes)), bytes);
    // Upper case is not what Stegvis writes: another text, another key.
    let upper = crate::hex::hex(&bytes).to_uppercase();
    assert_ne!(digest_bytes(&upper), bytes);
    assert_eq!(digest_bytes(&upper), digest_bytes(&upper));
    assert_ne!(digest_bytes("zz"), digest_bytes("zy"));
}

impl CompactRecords {
    fn device(&mut self, kid: &str) -> u32 {
        if let Some(&place) = self.places.get(kid) {
            return place;
        }
        let place = self.kids.len() as u32;
        self.kids.push(kid.to_string());
        self.places.insert(kid.to_string(), place);
        place
    }
}

impl ImportedRecords for CompactRecords {
    fn conflicts(&self, id: &str, digest: &str, mutable: bool, kid: &str) -> bool {
        self.by_id.get(id).is_some_and(|e| {
            is_conflict(e.digest == digest_bytes(digest), mutable && e.mutable, self.kids[e.device as usize] == kid)
        })
    }
}

impl Session {
    /// A session over what was imported before, in any order.
    pub fn from_index(mut entries: Vec<FileIndex>) -> Session {
        entries.sort_by(|a, b| a.order.cmp(&b.order));
        let mut session = Session::default();
        for entry in entries {
            session.take_in(entry);
        }
        session
    }

    /// What importing `file` now would give. `trust` is `None` for a key never seen.
    pub fn classify(&self, file: &FileIndex, trust: Option<KeyTrust>) -> Outcome {
        match self.chains.get(&file.bundle.kid) {
            Some(chain) => classify_file(file, chain, trust, &self.records),
            None => classify_file(file, &DeviceChain::default(), trust, &self.records),
        }
    }

    /// Classifies `file` and, when it is imported, counts it in for the
    /// files after it.
    pub fn add(&mut self, file: &FileIndex, trust: Option<KeyTrust>) -> Outcome {
        let outcome = self.classify(file, trust);
        if matches!(outcome, Outcome::Imported(_)) {
            self.take_in(file.clone());
        }
        outcome
    }

    /// Counts an imported file in for the files after it.
    pub fn take_in(&mut self, entry: FileIndex) {
        let device = self.records.device(&entry.bundle.kid);
        for (id, digest, mutable) in entry.records {
            self.records.by_id.insert(id, CompactRecord { device, digest: digest_bytes(&digest), mutable });
        }
        let chain = self.chains.entry(entry.bundle.kid.clone()).or_default();
        chain.hashes.insert(entry.bundle.hash.clone());
        chain.by_sequence.entry(entry.bundle.sequence).or_default().push(entry.bundle);
    }
}

/// One participant across every imported bundle, for the evaluator's view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantOverview {
    pub code: String,
    pub track: Option<Track>,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    /// The participant's own responses (one per instrument and timepoint).
    pub responses: usize,
    /// Staff ratings.
    pub ratings: usize,
}

/// Every participant seen in the bundles (also those known only from their
/// answers), each record counted once however many bundles carry it.
pub fn participants(imported: &[BundleRecords]) -> Vec<ParticipantOverview> {
    let mut by_code: BTreeMap<String, ParticipantOverview> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut ordered: Vec<&BundleRecords> = imported.iter().collect();
    // Later bundles from a device describe a participant as they are now.
    ordered.sort_by_key(|b| b.sequence);
    for p in ordered {
        let entry = |code: &str, by_code: &mut BTreeMap<String, ParticipantOverview>| {
            by_code.entry(code.to_string()).or_insert_with(|| ParticipantOverview {
                code: code.to_string(),
                track: None,
                gender: None,
                age: None,
                responses: 0,
                ratings: 0,
            });
        };
        for x in &p.participants {
            entry(x.id.as_str(), &mut by_code);
            let o = by_code.get_mut(x.id.as_str()).expect("just added");
            (o.track, o.gender, o.age) = (Some(x.track), x.gender, x.age);
        }
        for (list, staff) in [(&p.responses, false), (&p.assessments, true)] {
            for r in list {
                if !seen.insert(r.id.clone()) {
                    continue;
                }
                entry(r.participant.as_str(), &mut by_code);
                let o = by_code.get_mut(r.participant.as_str()).expect("just added");
                o.track = o.track.or(Some(r.track));
                if staff {
                    o.ratings += 1;
                } else {
                    o.responses += 1;
                }
            }
        }
    }
    by_code.into_values().collect()
}
