//! What the participant's app fetches at run time instead of carrying it:
//! the shipped instruments and words, checked at build time and split so a
//! phone downloads only its own language and the instruments of its plan.
//!
//! `stegvis content <dir>` (the native binary) checks every content file with
//! the full parsers, naming the file and field of any problem, and writes:
//! - `content/plan.txt`: which instruments a participant answers, by track
//!   and timepoint ([`ParticipantPlan`]);
//! - `content/<lang>/ord.txt`: the words a participant can see ([`Words`]);
//! - `content/<lang>/<instrument>.txt`: one participant instrument with its
//!   texts in that language only ([`Instrument`], see [`instrument_in`]);
//! - `content/definitions/<instrument>@<version>.json`: the instrument's
//!   source files as a signed bundle carries them ([`InstrumentDefinition`]),
//!   for the shipped and every earlier released version, fetched only when
//!   the phone signs its answers.
//!
//! The first three are in the compact form of [`crate::packed`] ([`Packed`]):
//! the app reads them field by field, with no JSON parser and no checks of
//! its own beyond "the file is whole". The definitions stay JSON: they are
//! signed as they are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bundle::InstrumentDefinition;
use crate::instrument::plan::{Plan, Track};
use crate::instrument::{
    Favourable, Instrument, Item, ItemKind, Respondent, Scale, ScalePoint, SpecialAnswer, Text, Timepoint, Trigger,
};
use crate::language::Language;
use crate::packed::{Fields, Writer};
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
    pub const PATH: &'static str = "content/plan.txt";

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
    format!("content/{}/ord.txt", lang.code())
}

/// Where an instrument's texts in one language are.
pub fn instrument_path(lang: Language, id: &str) -> String {
    format!("content/{}/{id}.txt", lang.code())
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

/// Every file the participant's app may fetch, as (path, text); an error
/// names a text the compact form cannot hold.
pub fn site_files(plan: &Plan, instruments: &[Instrument], text: &UiText) -> Result<Vec<(String, String)>, String> {
    fn packed(path: String, value: &impl Packed) -> Result<(String, String), String> {
        let text = value.packed().map_err(|e| format!("{path}: {e}"))?;
        Ok((path, text))
    }
    let mut files = vec![packed(ParticipantPlan::PATH.to_string(), &ParticipantPlan::of(plan, instruments))?];
    let own: Vec<&Instrument> = instruments.iter().filter(|i| i.respondent == Respondent::Participant).collect();
    for lang in Language::ALL {
        let words = Words { language: lang, status: text.status(lang), words: text.participant_words(lang) };
        files.push(packed(words_path(lang), &words)?);
        for inst in &own {
            files.push(packed(instrument_path(lang, &inst.id), &instrument_in(inst, lang))?);
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
    Ok(files)
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("content is plain data")
}

/// The participant's content in its compact form ([`crate::packed`]): what
/// `stegvis content` writes and the participant's app reads. An instrument
/// keeps what a participant's screens use: no sources and no verbatim
/// references (see [`instrument_in`]).
pub trait Packed: Sized {
    fn pack(&self, w: &mut Writer);
    fn unpack(f: &mut Fields) -> Option<Self>;

    /// The packed text; an error names a text content may not hold.
    fn packed(&self) -> Result<String, String> {
        let mut w = Writer::default();
        self.pack(&mut w);
        w.finish()
    }

    /// A whole packed text read back; `None` when it is broken or has more.
    fn read(text: &str) -> Option<Self> {
        let mut f = Fields::new(text);
        let value = Self::unpack(&mut f)?;
        f.finished().then_some(value)
    }
}

impl Packed for String {
    fn pack(&self, w: &mut Writer) {
        w.text(self);
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        f.string()
    }
}

impl Packed for bool {
    fn pack(&self, w: &mut Writer) {
        w.flag(*self);
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        f.flag()
    }
}

impl Packed for i32 {
    fn pack(&self, w: &mut Writer) {
        w.number(i64::from(*self));
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        f.number()
    }
}

impl Packed for u32 {
    fn pack(&self, w: &mut Writer) {
        w.number(i64::from(*self));
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        f.number()
    }
}

impl<T: Packed> Packed for Vec<T> {
    fn pack(&self, w: &mut Writer) {
        w.count(self.len());
        self.iter().for_each(|v| v.pack(w));
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        f.list(T::unpack)
    }
}

impl<T: Packed> Packed for Option<T> {
    fn pack(&self, w: &mut Writer) {
        w.flag(self.is_some());
        if let Some(v) = self {
            v.pack(w);
        }
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        if f.flag()? { T::unpack(f).map(Some) } else { Some(None) }
    }
}

impl<K: Packed + Ord, V: Packed> Packed for BTreeMap<K, V> {
    fn pack(&self, w: &mut Writer) {
        w.count(self.len());
        for (k, v) in self {
            k.pack(w);
            v.pack(w);
        }
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        // Inserted one by one: `collect` would sort first, and a sort for
        // each kind of map is more code than the rest of the reader.
        let mut map = BTreeMap::new();
        for _ in 0..f.number::<usize>()? {
            map.insert(K::unpack(f)?, V::unpack(f)?);
        }
        Some(map)
    }
}

/// An enum packed as its name: by the names it has already, or by those listed.
macro_rules! packed_by_name {
    ($t:ty, $to:expr, $from:expr) => {
        impl Packed for $t {
            fn pack(&self, w: &mut Writer) {
                w.text($to(*self));
            }
            fn unpack(f: &mut Fields) -> Option<Self> {
                $from(f.text()?)
            }
        }
    };
    ($t:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        packed_by_name!(
            $t,
            |v| match v { $($t::$variant => $name),+ },
            |name| match name { $($name => Some($t::$variant),)+ _ => None }
        );
    };
}

packed_by_name!(Language, Language::code, Language::from_code);
packed_by_name!(Track, Track::id, Track::from_id);
packed_by_name!(Timepoint, Timepoint::id, Timepoint::from_id);
packed_by_name!(Respondent { Participant => "participant", Staff => "staff" });
packed_by_name!(Favourable { Higher => "higher", Lower => "lower", None => "none" });
packed_by_name!(TranslationStatus {
    Source => "source",
    Draft => "draft",
    BackTranslated => "back-translated",
    Reviewed => "reviewed",
});

impl Packed for Text {
    fn pack(&self, w: &mut Writer) {
        self.0.pack(w);
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        BTreeMap::unpack(f).map(Text)
    }
}

impl Packed for ItemKind {
    fn pack(&self, w: &mut Writer) {
        match self {
            ItemKind::Scale { scale } => {
                w.text("scale");
                scale.pack(w);
            }
            ItemKind::Number { min, max, unit } => {
                w.text("number");
                min.pack(w);
                max.pack(w);
                unit.pack(w);
            }
            ItemKind::Date => w.text("date"),
            ItemKind::FreeText { max_length, reminder } => {
                w.text("free-text");
                max_length.pack(w);
                reminder.pack(w);
            }
        }
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        Some(match f.text()? {
            "scale" => ItemKind::Scale { scale: f.string()? },
            "number" => ItemKind::Number { min: i32::unpack(f)?, max: i32::unpack(f)?, unit: Option::unpack(f)? },
            "date" => ItemKind::Date,
            "free-text" => ItemKind::FreeText { max_length: u32::unpack(f)?, reminder: Option::unpack(f)? },
            _ => return None,
        })
    }
}

/// A struct packed as its fields in the order listed (read back in the
/// same order: one list for both ways); the fields after `;` are not packed
/// and read back as the value given.
macro_rules! packed_fields {
    ($t:ident { $($field:ident),+ $(; $($fixed:ident: $value:expr),+)? }) => {
        impl Packed for $t {
            fn pack(&self, w: &mut Writer) {
                $(self.$field.pack(w);)+
            }
            fn unpack(f: &mut Fields) -> Option<Self> {
                Some($t { $($field: Packed::unpack(f)?,)+ $($($fixed: $value,)+)? })
            }
        }
    };
}

packed_fields!(ScalePoint { value, label, tags; verbatim: None });
packed_fields!(SpecialAnswer { id, label; verbatim: None });
packed_fields!(Scale { id, ordered, points, special });
packed_fields!(Item { id, kind, text, read_aloud, favourable, favourable_cutoff, timepoints; verbatim: None });
packed_fields!(Trigger { id, items, values, heading, text });
packed_fields!(Instrument {
    id, version, respondent, timepoints, title, intro, stem, scales, items, triggers, status, hash;
    sources: String::new()
});
packed_fields!(Words { language, status, words });

impl Packed for ParticipantPlan {
    fn pack(&self, w: &mut Writer) {
        self.0.pack(w);
    }
    fn unpack(f: &mut Fields) -> Option<Self> {
        BTreeMap::unpack(f).map(ParticipantPlan)
    }
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
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped()).unwrap();
        let whole = shipped().iter().find(|i| i.id == "kaa-steg").unwrap();
        for lang in Language::ALL {
            let pack = Instrument::read(find(&files, &instrument_path(lang, "kaa-steg"))).unwrap();
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
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped()).unwrap();
        assert!(files.iter().all(|(p, _)| !p.contains("personal-beteende")));
        let words = Words::read(find(&files, &words_path(Language::Fa))).unwrap();
        assert_eq!(words.language, Language::Fa);
        assert!(words.words.keys().all(|k| !k.starts_with("staff.") && !k.starts_with("evaluator.")));
        assert_eq!(words.words["role.participant"], UiText::shipped().get(Language::Fa, "role.participant"));
        // Every instrument a participant answers in any plan has its files,
        // and the participant plan names exactly those.
        let own = ParticipantPlan::read(find(&files, ParticipantPlan::PATH)).unwrap();
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
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped()).unwrap();
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

    #[test]
    fn every_packed_file_reads_back_as_the_value_it_was_made_from() {
        let text = UiText::shipped();
        let files = site_files(plan::shipped(), shipped(), &text).unwrap();
        let mut instruments = 0;
        for lang in Language::ALL {
            for inst in shipped().iter().filter(|i| i.respondent == Respondent::Participant) {
                let packed = find(&files, &instrument_path(lang, &inst.id));
                assert_eq!(Instrument::read(packed), Some(instrument_in(inst, lang)), "{}/{}", lang.code(), inst.id);
                // Smaller than the JSON it replaces.
                assert!(packed.len() < serde_json::to_string(&instrument_in(inst, lang)).unwrap().len());
                instruments += 1;
            }
            let words = Words { language: lang, status: text.status(lang), words: text.participant_words(lang) };
            assert_eq!(Words::read(find(&files, &words_path(lang))), Some(words));
        }
        assert!(instruments >= 8 * 4, "{instruments}");
        assert_eq!(
            ParticipantPlan::read(find(&files, ParticipantPlan::PATH)),
            Some(ParticipantPlan::of(plan::shipped(), shipped()))
        );
        // Every kind of item reads back: the participant's instruments ask
        // only on scales, so the staff's (never fetched) are read back too.
        let mut kinds = std::collections::HashSet::new();
        for inst in shipped() {
            let one = instrument_in(inst, Language::Ar);
            assert_eq!(Instrument::read(&one.packed().unwrap()), Some(one), "{}", inst.id);
            kinds.extend(inst.items.iter().map(|item| std::mem::discriminant(&item.kind)));
        }
        assert_eq!(kinds.len(), 4, "{kinds:?}");
    }

    #[test]
    fn a_packed_file_cut_short_or_with_more_reads_as_broken() {
        let files = site_files(plan::shipped(), shipped(), &UiText::shipped()).unwrap();
        let packed = find(&files, &instrument_path(Language::Sv, "maende"));
        assert!(Instrument::read(packed).is_some());
        for cut in [1, packed.len() / 2, packed.len() - 1] {
            let end = (0..=cut).rev().find(|&i| packed.is_char_boundary(i)).unwrap();
            assert_eq!(Instrument::read(&packed[..end]), None, "cut at {end}");
        }
        assert_eq!(Instrument::read(&format!("{packed}x\u{1f}")), None);
        // A text that holds the separator fails the build, naming the file.
        let mut broken = shipped().to_vec();
        let maende = broken.iter_mut().find(|i| i.id == "maende").unwrap();
        maende.items[0].text.0.insert(Language::Sv, "Hur \u{1f} mår du?".into());
        let e = site_files(plan::shipped(), &broken, &UiText::shipped()).unwrap_err();
        assert!(e.starts_with("content/sv/maende.txt: ") && e.contains("U+001F"), "{e}");
    }
}
