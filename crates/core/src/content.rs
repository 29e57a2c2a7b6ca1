//! What the participant's app fetches at run time instead of carrying it:
//! the shipped instruments and words, checked at build time and split so a
//! phone downloads only its own language and the instruments of its plan.
//!
//! `stegvis content <dir>` (the native binary) checks every content file with
//! the full parsers, naming the file and field of any problem, and writes:
//! - `content/plan.json`: which instruments a participant answers, by track
//!   and timepoint ([`ParticipantPlan`]);
//! - `content/<lang>/ord.json`: the words a participant can see ([`Words`]);
//! - `content/<lang>/<instrument>.json`: one participant instrument with its
//!   texts in that language only ([`Instrument`], as serde writes it);
//! - `content/definitions/<instrument>@<version>.json`: the instrument's
//!   source files as a signed bundle carries them ([`InstrumentDefinition`]),
//!   for the shipped and every earlier released version, fetched only when
//!   the phone signs its answers.
//!
//! The app reads these with serde alone: no parser, no checks, no error
//! paths of its own beyond "could not load".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bundle::InstrumentDefinition;
use crate::instrument::plan::{Plan, Track};
use crate::instrument::{Instrument, ItemKind, Respondent, Text, Timepoint};
use crate::language::Language;
use crate::translation::TranslationStatus;
use crate::ui_text::UiText;

/// The app's words a participant sees, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub language: Language,
    pub status: TranslationStatus,
    pub words: BTreeMap<String, String>,
}

/// The instruments a participant answers, by track and timepoint, in plan order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantPlan(pub BTreeMap<Track, BTreeMap<Timepoint, Vec<String>>>);

impl ParticipantPlan {
    pub const PATH: &'static str = "content/plan.json";

    pub fn of(plan: &Plan, instruments: &[Instrument]) -> ParticipantPlan {
        ParticipantPlan(
            Track::ALL
                .into_iter()
                .map(|track| {
                    // Only instruments that ask something then: a timepoint
                    // with none has no survey, and its link is no link.
                    let steps = Timepoint::ALL.into_iter().map(|t| {
                        let asked = plan.participant_instruments(instruments, track, t).into_iter();
                        (t, asked.filter(|i| i.items_at(t).next().is_some()).map(|i| i.id.clone()).collect())
                    });
                    (track, steps.collect())
                })
                .collect(),
        )
    }

    /// The participant's instruments at a timepoint of a track; none where
    /// the participant has nothing to answer then.
    pub fn instruments(&self, track: Track, timepoint: Timepoint) -> &[String] {
        self.0.get(&track).and_then(|s| s.get(&timepoint)).map_or(&[], Vec::as_slice)
    }
}

/// Where a language's words are, relative to the app's root folder.
pub fn words_path(lang: Language) -> String {
    format!("content/{}/ord.json", lang.code())
}

/// Where an instrument's texts in one language are.
pub fn instrument_path(lang: Language, id: &str) -> String {
    format!("content/{}/{id}.json", lang.code())
}

/// Where an instrument's definition (its source files) is.
/// One version's definition: a survey begun before an update is signed with
/// the version its answers were given to.
pub fn definition_path(id: &str, version: u32) -> String {
    format!("content/definitions/{id}@{version}.json")
}

/// Only `lang`'s text, or the Swedish where a text has no translation.
fn only(text: &Text, lang: Language) -> Text {
    let (l, t) = text.0.get_key_value(&lang).or_else(|| text.0.get_key_value(&Language::Sv)).map_or_else(
        || (Language::Sv, String::new()),
        |(l, t)| (*l, t.clone()),
    );
    Text(BTreeMap::from([(l, t)]))
}

/// An instrument with its texts in one language and nothing a participant's
/// screen does not use (sources and verbatim references stay in the files).
pub fn instrument_in(inst: &Instrument, lang: Language) -> Instrument {
    let mut out = inst.clone();
    out.sources.clear();
    out.title = only(&inst.title, lang);
    out.intro = inst.intro.as_ref().map(|t| only(t, lang));
    out.stem = inst.stem.as_ref().map(|t| only(t, lang));
    for scale in &mut out.scales {
        for p in &mut scale.points {
            p.label = only(&p.label, lang);
            p.verbatim = None;
        }
        for s in &mut scale.special {
            s.label = only(&s.label, lang);
            s.verbatim = None;
        }
    }
    for item in &mut out.items {
        item.text = only(&item.text, lang);
        item.read_aloud = item.read_aloud.as_ref().map(|t| only(t, lang));
        item.verbatim = None;
        match &mut item.kind {
            ItemKind::Number { unit: Some(unit), .. } => *unit = only(unit, lang),
            ItemKind::FreeText { reminder: Some(reminder), .. } => *reminder = only(reminder, lang),
            _ => {}
        }
    }
    for t in &mut out.triggers {
        t.heading = only(&t.heading, lang);
        t.text = only(&t.text, lang);
    }
    out.status = BTreeMap::from([(lang, inst.status(lang))]);
    out
}

/// Every file the participant's app may fetch, as (path, JSON text).
pub fn site_files(plan: &Plan, instruments: &[Instrument], text: &UiText) -> Vec<(String, String)> {
    let mut files = vec![(ParticipantPlan::PATH.to_string(), json(&ParticipantPlan::of(plan, instruments)))];
    let own: Vec<&Instrument> = instruments.iter().filter(|i| i.respondent == Respondent::Participant).collect();
    for lang in Language::ALL {
        let words = Words { language: lang, status: text.status(lang), words: text.participant_words(lang) };
        files.push((words_path(lang), json(&words)));
        for inst in &own {
            files.push((instrument_path(lang, &inst.id), json(&instrument_in(inst, lang))));
        }
    }
    for inst in &own {
        files.push((definition_path(&inst.id, inst.version), json(&InstrumentDefinition::shipped(inst))));
    }
    for def in crate::bundle::released_definitions() {
        if own.iter().any(|i| i.id == def.id) {
            files.push((definition_path(&def.id, def.version), json(&def)));
        }
    }
    files
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("content is plain data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{plan, shipped};

    fn find<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
        &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path} is written")).1
    }

    #[test]
    fn a_language_file_holds_that_language_and_reads_back_as_the_same_questions() {
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped());
        let whole = shipped().iter().find(|i| i.id == "kaa-steg").unwrap();
        for lang in Language::ALL {
            let pack: Instrument = serde_json::from_str(find(&files, &instrument_path(lang, "kaa-steg"))).unwrap();
            assert_eq!(pack.hash, whole.hash);
            assert_eq!(pack.items.len(), whole.items.len());
            for (a, b) in pack.items.iter().zip(&whole.items) {
                assert_eq!(pack.question(a, lang, "P"), whole.question(b, lang, "P"), "{}", lang.code());
                assert_eq!(pack.read_aloud(a, lang, "P"), whole.read_aloud(b, lang, "P"));
                assert_eq!(a.text.0.len(), 1, "one language only");
            }
            assert_eq!(pack.status(lang), whole.status(lang));
            assert!(pack.sources.is_empty());
        }
        // Arabic text is in the Arabic file and not in the Swedish one.
        let ar_title = whole.title.get(Language::Ar);
        assert!(find(&files, &instrument_path(Language::Ar, "kaa-steg")).contains(ar_title));
        assert!(!find(&files, &instrument_path(Language::Sv, "kaa-steg")).contains(ar_title));
    }

    #[test]
    fn only_participant_instruments_and_participant_words_are_written() {
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped());
        assert!(files.iter().all(|(p, _)| !p.contains("personal-beteende")));
        let words: Words = serde_json::from_str(find(&files, &words_path(Language::Fa))).unwrap();
        assert_eq!(words.language, Language::Fa);
        assert!(words.words.keys().all(|k| !k.starts_with("staff.") && !k.starts_with("evaluator.")));
        assert_eq!(words.words["role.participant"], UiText::shipped().get(Language::Fa, "role.participant"));
        // Every instrument a participant answers in any plan has its files,
        // and the participant plan names exactly those.
        let own: ParticipantPlan = serde_json::from_str(find(&files, ParticipantPlan::PATH)).unwrap();
        for track in Track::ALL {
            for t in Timepoint::ALL {
                let chosen = plan::shipped().participant_instruments(shipped(), track, t);
                let ids: Vec<String> =
                    chosen.iter().filter(|i| i.items_at(t).next().is_some()).map(|i| i.id.clone()).collect();
                assert_eq!(own.instruments(track, t), ids.as_slice());
                assert_eq!(ids.is_empty(), !crate::survey::Survey::has_questions(&chosen, t));
                for id in ids {
                    let version = shipped().iter().find(|i| i.id == id).unwrap().version;
                    find(&files, &definition_path(&id, version));
                    find(&files, &instrument_path(Language::Ti, &id));
                }
            }
        }
        assert_eq!(own.instruments(Track::Kaa, Timepoint::Intake), ["bakgrund", "kaa-steg", "maende"]);
    }

    #[test]
    fn a_definition_file_is_what_a_signed_bundle_carries() {
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped());
        let inst = shipped().iter().find(|i| i.id == "maende").unwrap();
        let def: InstrumentDefinition =
            serde_json::from_str(find(&files, &definition_path("maende", inst.version))).unwrap();
        assert_eq!(def, InstrumentDefinition::shipped(inst));
        assert_eq!(def.translations.len(), Language::ALL.len() - 1);
        // A survey begun before an update is signed with its own version.
        for old in crate::bundle::released_definitions() {
            let own = shipped().iter().any(|i| i.id == old.id && i.respondent == Respondent::Participant);
            let found = files.iter().find(|(p, _)| *p == definition_path(&old.id, old.version));
            assert_eq!(found.is_some(), own, "{}@{}", old.id, old.version);
            if let Some((_, json)) = found {
                assert_eq!(serde_json::from_str::<InstrumentDefinition>(json).unwrap(), old);
            }
        }
    }
}
