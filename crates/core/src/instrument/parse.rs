//! Reads and checks instrument files, merges the translations and computes
//! the content hash. Every error names the file, the instrument and the field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::files::{SourceFile, SourceItem, TranslationFile};
use super::{Favourable, Instrument, Item, ItemKind, Scale, ScalePoint, SpecialAnswer, Text, Trigger};
use crate::canonical_json;
use crate::language::Language;
use crate::translation::TranslationStatus;

const ROOT: &str = "content/instruments/";
const PLACEHOLDERS: [&str; 1] = ["{projekt}"];

#[derive(Debug, PartialEq, Eq)]
pub struct DefinitionError {
    pub file: String,
    pub instrument: String,
    /// Path of the field inside the file, e.g. `items.inkluderad.text`; empty
    /// when the file as a whole is at fault.
    pub field: String,
    pub message: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: instrument {:?}", self.file, self.instrument)?;
        if !self.field.is_empty() {
            write!(f, ", field {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DefinitionError {}

/// Where an error is, while one file is being read.
struct At<'a> {
    file: &'a str,
    instrument: &'a str,
}

impl At<'_> {
    fn err(&self, field: impl Into<String>, message: impl Into<String>) -> DefinitionError {
        DefinitionError {
            file: self.file.to_string(),
            instrument: self.instrument.to_string(),
            field: field.into(),
            message: message.into(),
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Labels made only of digits ("2", "13") read the same in every language.
fn is_neutral(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses the typed file straight from the text (so a field given twice is
/// an error) and as a JSON value for the hash.
fn read<T: DeserializeOwned>(content: &str, at: &At) -> Result<(Value, T), DefinitionError> {
    let value: Value = serde_json::from_str(content).map_err(|e| at.err("", format!("not valid JSON: {e}")))?;
    // Field paths in errors matter where files are edited and checked
    // (native builds and tests); the shipped app only reads checked files.
    #[cfg(not(target_arch = "wasm32"))]
    let typed = {
        let mut de = serde_json::Deserializer::from_str(content);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            at.err(if path == "." { String::new() } else { path }, e.into_inner().to_string())
        })?
    };
    #[cfg(target_arch = "wasm32")]
    let typed = serde_json::from_str(content).map_err(|e| at.err("", e.to_string()))?;
    Ok((value, typed))
}

fn swedish(text: &str, at: &At, field: &str) -> Result<Text, DefinitionError> {
    if text.trim().is_empty() {
        return Err(at.err(field, "the text is empty"));
    }
    Ok(Text(BTreeMap::from([(Language::Sv, text.to_string())])))
}

fn swedish_opt(text: &Option<String>, at: &At, field: &str) -> Result<Option<Text>, DefinitionError> {
    text.as_deref().map(|t| swedish(t, at, field)).transpose()
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>, at: &At, field: &str) -> Result<(), DefinitionError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !is_id(id) {
            return Err(at.err(field, format!("{id:?} is not an id (lower-case letters, digits and hyphens)")));
        }
        if !seen.insert(id) {
            return Err(at.err(field, format!("the id {id:?} appears twice")));
        }
    }
    Ok(())
}

fn build_scale(s: &super::files::SourceScale, at: &At) -> Result<Scale, DefinitionError> {
    let field = format!("scales.{}", s.id);
    if s.points.is_empty() {
        return Err(at.err(format!("{field}.points"), "a scale needs at least one point"));
    }
    let mut values = BTreeSet::new();
    for p in &s.points {
        if !values.insert(p.value) {
            return Err(at.err(format!("{field}.points"), format!("the value {} appears twice", p.value)));
        }
    }
    unique(s.special.iter().map(|x| x.id.as_str()), at, &format!("{field}.special"))?;
    Ok(Scale {
        id: s.id.clone(),
        ordered: s.ordered,
        points: s
            .points
            .iter()
            .map(|p| {
                Ok(ScalePoint {
                    value: p.value,
                    label: swedish(&p.label, at, &format!("{field}.points.{}", p.value))?,
                    tags: p.tags.clone(),
                    verbatim: p.verbatim.clone(),
                })
            })
            .collect::<Result<_, DefinitionError>>()?,
        special: s
            .special
            .iter()
            .map(|x| {
                Ok(SpecialAnswer {
                    id: x.id.clone(),
                    label: swedish(&x.label, at, &format!("{field}.special.{}", x.id))?,
                    verbatim: x.verbatim.clone(),
                })
            })
            .collect::<Result<_, DefinitionError>>()?,
    })
}

fn build_item(
    src: &SourceItem,
    scales: &[Scale],
    timepoints: &[super::Timepoint],
    at: &At,
) -> Result<Item, DefinitionError> {
    let field = format!("items.{}", src.id);
    let f = |name: &str| format!("{field}.{name}");
    let forbid = |present: bool, name: &str| -> Result<(), DefinitionError> {
        if present {
            Err(at.err(f(name), format!("not allowed for an item of kind {:?}", src.kind)))
        } else {
            Ok(())
        }
    };
    if !["scale", "number", "date", "text"].contains(&src.kind.as_str()) {
        return Err(at.err(f("kind"), format!("unknown kind {:?}: use scale, number, date or text", src.kind)));
    }
    forbid(src.scale.is_some() && src.kind != "scale", "scale")?;
    forbid((src.min.is_some() || src.max.is_some() || src.unit.is_some()) && src.kind != "number", "min")?;
    forbid((src.max_length.is_some() || src.reminder.is_some()) && src.kind != "text", "max_length")?;
    let kind = match src.kind.as_str() {
        "scale" => {
            let id = src.scale.as_ref().ok_or_else(|| at.err(f("scale"), "a scale item names its scale"))?;
            let scale = scales
                .iter()
                .find(|s| &s.id == id)
                .ok_or_else(|| at.err(f("scale"), format!("there is no scale {id:?}")))?;
            if src.favourable != Favourable::None {
                if !scale.ordered {
                    return Err(at.err(f("favourable"), "only an ordered scale has a favourable direction"));
                }
                let cutoff = src
                    .favourable_cutoff
                    .ok_or_else(|| at.err(f("favourable_cutoff"), "needed when favourable is higher or lower"))?;
                if !scale.points.iter().any(|p| p.value == cutoff) {
                    return Err(at.err(f("favourable_cutoff"), format!("{cutoff} is not a value of scale {id:?}")));
                }
            }
            ItemKind::Scale { scale: id.clone() }
        }
        "number" => {
            let (Some(min), Some(max)) = (src.min, src.max) else {
                return Err(at.err(f("min"), "a number item needs min and max"));
            };
            if min >= max {
                return Err(at.err(f("max"), "max must be larger than min"));
            }
            ItemKind::Number { min, max, unit: swedish_opt(&src.unit, at, &f("unit"))? }
        }
        "date" => ItemKind::Date,
        "text" => {
            let max_length = src
                .max_length
                .filter(|n| *n > 0)
                .ok_or_else(|| at.err(f("max_length"), "a text item needs a max_length above 0"))?;
            ItemKind::FreeText { max_length, reminder: swedish_opt(&src.reminder, at, &f("reminder"))? }
        }
        _ => unreachable!("kind checked above"),
    };
    if src.favourable_cutoff.is_some()
        && (src.favourable == Favourable::None || !matches!(kind, ItemKind::Scale { .. }))
    {
        return Err(at.err(f("favourable_cutoff"), "only a scale item with a favourable direction has a cutoff"));
    }
    if matches!(kind, ItemKind::Date | ItemKind::FreeText { .. }) && src.favourable != Favourable::None {
        return Err(at.err(f("favourable"), "dates and free text have no favourable direction"));
    }
    if let Some(own) = &src.timepoints {
        if own.is_empty() || own.iter().any(|t| !timepoints.contains(t)) {
            return Err(at.err(f("timepoints"), "must be a non-empty subset of the instrument's timepoints"));
        }
    }
    Ok(Item {
        id: src.id.clone(),
        kind,
        text: swedish(&src.text, at, &f("text"))?,
        read_aloud: swedish_opt(&src.read_aloud, at, &f("read_aloud"))?,
        favourable: src.favourable,
        favourable_cutoff: src.favourable_cutoff,
        timepoints: src.timepoints.clone(),
        verbatim: src.verbatim.clone(),
    })
}

fn build_source(src: &SourceFile, at: &At) -> Result<Instrument, DefinitionError> {
    if src.version == 0 {
        return Err(at.err("version", "versions start at 1"));
    }
    if src.timepoints.is_empty() || src.timepoints.iter().collect::<BTreeSet<_>>().len() != src.timepoints.len() {
        return Err(at.err("timepoints", "list each timepoint once, at least one"));
    }
    unique(src.scales.iter().map(|s| s.id.as_str()), at, "scales")?;
    unique(src.items.iter().map(|i| i.id.as_str()), at, "items")?;
    unique(src.triggers.iter().map(|t| t.id.as_str()), at, "triggers")?;
    if src.items.is_empty() {
        return Err(at.err("items", "an instrument needs at least one item"));
    }
    let scales = src.scales.iter().map(|s| build_scale(s, at)).collect::<Result<Vec<_>, _>>()?;
    let items = src.items.iter().map(|i| build_item(i, &scales, &src.timepoints, at)).collect::<Result<Vec<_>, _>>()?;
    // Participants answer on a phone by choosing an option: no typing.
    if src.respondent == super::Respondent::Participant {
        if let Some(item) = items.iter().find(|i| !matches!(i.kind, ItemKind::Scale { .. })) {
            return Err(at.err(format!("items.{}.kind", item.id), "participant instruments have scale items only"));
        }
    }
    let mut triggers = Vec::new();
    for t in &src.triggers {
        let field = format!("triggers.{}", t.id);
        if t.items.is_empty() || t.values.is_empty() {
            return Err(at.err(&field, "a trigger needs items and values"));
        }
        for item_id in &t.items {
            let scale = items
                .iter()
                .find(|i| &i.id == item_id)
                .and_then(|i| match &i.kind {
                    ItemKind::Scale { scale } => scales.iter().find(|s| &s.id == scale),
                    _ => None,
                })
                .ok_or_else(|| {
                    at.err(format!("{field}.items"), format!("{item_id:?} is not a scale item of this instrument"))
                })?;
            if let Some(v) = t.values.iter().find(|v| !scale.points.iter().any(|p| p.value == **v)) {
                return Err(at.err(format!("{field}.values"), format!("{v} is not a value of scale {:?}", scale.id)));
            }
        }
        triggers.push(Trigger {
            id: t.id.clone(),
            items: t.items.clone(),
            values: t.values.clone(),
            heading: swedish(&t.heading, at, &format!("{field}.heading"))?,
            text: swedish(&t.text, at, &format!("{field}.text"))?,
        });
    }
    Ok(Instrument {
        id: src.id.clone(),
        version: src.version,
        respondent: src.respondent,
        timepoints: src.timepoints.clone(),
        sources: src.sources.clone(),
        title: swedish(&src.title, at, "title")?,
        intro: swedish_opt(&src.intro, at, "intro")?,
        stem: swedish_opt(&src.stem, at, "stem")?,
        scales,
        items,
        triggers,
        status: BTreeMap::from([(Language::Sv, TranslationStatus::Source)]),
        hash: String::new(),
    })
}

/// Adds one language to a text, checking it is there, not empty, and keeps
/// the placeholders of the Swedish.
fn put(
    text: &mut Text,
    lang: Language,
    translated: Option<&String>,
    at: &At,
    field: &str,
) -> Result<(), DefinitionError> {
    let sv = text.swedish().to_string();
    let value = match translated {
        Some(t) if t.trim().is_empty() => return Err(at.err(field, "the text is empty")),
        Some(t) => t.clone(),
        None if is_neutral(&sv) => sv.clone(),
        None => return Err(at.err(field, "the translation is missing")),
    };
    for p in PLACEHOLDERS {
        if sv.contains(p) != value.contains(p) {
            return Err(at.err(field, format!("the placeholder {p} must stay exactly as in the Swedish")));
        }
    }
    text.0.insert(lang, value);
    Ok(())
}

fn put_opt(
    text: &mut Option<Text>,
    lang: Language,
    translated: Option<&String>,
    at: &At,
    field: &str,
) -> Result<(), DefinitionError> {
    match text {
        Some(t) => put(t, lang, translated, at, field),
        None if translated.is_some() => Err(at.err(field, "the Swedish source has no such text")),
        None => Ok(()),
    }
}

fn no_extra<'a, V>(
    keys: impl Iterator<Item = &'a String>,
    known: impl Fn(&str) -> bool,
    at: &At,
    field: &str,
) -> Result<(), DefinitionError>
where
    V: ?Sized,
{
    for key in keys {
        if !known(key) {
            return Err(at.err(format!("{field}.{key}"), "the Swedish source has no such id"));
        }
    }
    Ok(())
}

fn apply_translation(inst: &mut Instrument, tr: &TranslationFile, at: &At) -> Result<(), DefinitionError> {
    let lang = tr.language;
    if tr.status == TranslationStatus::Source {
        return Err(at.err("status", "only the Swedish file is the source; use draft or reviewed"));
    }
    put(&mut inst.title, lang, Some(&tr.title), at, "title")?;
    put_opt(&mut inst.intro, lang, tr.intro.as_ref(), at, "intro")?;
    put_opt(&mut inst.stem, lang, tr.stem.as_ref(), at, "stem")?;

    no_extra::<()>(tr.items.keys(), |k| inst.items.iter().any(|i| i.id == k), at, "items")?;
    for item in &mut inst.items {
        let field = format!("items.{}", item.id);
        let t = tr.items.get(&item.id);
        put(&mut item.text, lang, t.map(|t| &t.text), at, &format!("{field}.text"))?;
        if let Some(read_aloud) = t.and_then(|t| t.read_aloud.as_ref()) {
            // A translator may add read-aloud wording of their own; it is checked like the text.
            let mut checked = Text(BTreeMap::from([(Language::Sv, item.text.swedish().to_string())]));
            put(&mut checked, lang, Some(read_aloud), at, &format!("{field}.read_aloud"))?;
            let own = checked.0.remove(&lang).unwrap_or_default();
            item.read_aloud.get_or_insert_with(|| Text(BTreeMap::new())).0.insert(lang, own);
        }
        match &mut item.kind {
            ItemKind::Number { unit, .. } => {
                put_opt(unit, lang, t.and_then(|t| t.unit.as_ref()), at, &format!("{field}.unit"))?
            }
            ItemKind::FreeText { reminder, .. } => {
                put_opt(reminder, lang, t.and_then(|t| t.reminder.as_ref()), at, &format!("{field}.reminder"))?
            }
            _ => {
                if t.is_some_and(|t| t.unit.is_some() || t.reminder.is_some()) {
                    return Err(at.err(field, "the Swedish source has no unit or reminder here"));
                }
            }
        }
    }

    no_extra::<()>(tr.scales.keys(), |k| inst.scales.iter().any(|s| s.id == k), at, "scales")?;
    for scale in &mut inst.scales {
        let field = format!("scales.{}", scale.id);
        let t = tr.scales.get(&scale.id);
        if let Some(t) = t {
            no_extra::<()>(
                t.points.keys(),
                |k| scale.points.iter().any(|p| p.value.to_string() == k),
                at,
                &format!("{field}.points"),
            )?;
            no_extra::<()>(
                t.special.keys(),
                |k| scale.special.iter().any(|s| s.id == k),
                at,
                &format!("{field}.special"),
            )?;
        }
        for point in &mut scale.points {
            let label = t.and_then(|t| t.points.get(&point.value.to_string()));
            put(&mut point.label, lang, label, at, &format!("{field}.points.{}", point.value))?;
        }
        for special in &mut scale.special {
            let label = t.and_then(|t| t.special.get(&special.id));
            put(&mut special.label, lang, label, at, &format!("{field}.special.{}", special.id))?;
        }
    }

    no_extra::<()>(tr.triggers.keys(), |k| inst.triggers.iter().any(|t| t.id == k), at, "triggers")?;
    for trigger in &mut inst.triggers {
        let field = format!("triggers.{}", trigger.id);
        let t = tr.triggers.get(&trigger.id);
        put(&mut trigger.heading, lang, t.map(|t| &t.heading), at, &format!("{field}.heading"))?;
        put(&mut trigger.text, lang, t.map(|t| &t.text), at, &format!("{field}.text"))?;
    }
    inst.status.insert(lang, tr.status);
    Ok(())
}

/// `sha256:<hex>` over the canonical JSON of the source file and every
/// translation file (without its review status: reviewing a translation
/// without changing a word keeps the hash).
pub fn content_hash<'a>(
    source: &Value,
    translations: impl IntoIterator<Item = (&'a str, &'a Value)>,
) -> Result<String, String> {
    let mut stripped = serde_json::Map::new();
    for (code, value) in translations {
        let mut value = value.clone();
        if let Value::Object(map) = &mut value {
            map.remove("status");
        }
        stripped.insert(code.to_string(), value);
    }
    let whole = serde_json::json!({ "source": source, "translations": Value::Object(stripped) });
    let canonical = canonical_json::to_string(&whole).map_err(|e| e.0)?;
    let digest = Sha256::digest(canonical.as_bytes());
    Ok(format!("sha256:{}", crate::hex::hex(&digest)))
}

/// Reads a set of instrument files: `content/instruments/<id>.json` (Swedish
/// source) and `content/instruments/<lang>/<id>.json` (translations). Every
/// language must translate every instrument.
pub fn parse_instruments(files: &[(&str, &str)]) -> Result<Vec<Instrument>, DefinitionError> {
    let mut sources = Vec::new();
    let mut translations: BTreeMap<(String, &'static str), (&str, &str)> = BTreeMap::new();
    for (path, content) in files {
        let rest = path.strip_prefix(ROOT).unwrap_or(path);
        let stem = |name: &str| name.strip_suffix(".json").unwrap_or(name).to_string();
        match rest.split('/').collect::<Vec<_>>().as_slice() {
            [name] => sources.push((*path, stem(name), *content)),
            [code, name] => {
                let lang = Language::from_code(code).filter(|l| *l != Language::Sv).ok_or_else(|| DefinitionError {
                    file: path.to_string(),
                    instrument: stem(name),
                    field: String::new(),
                    message: format!("{code:?} is not a translation language of Stegvis"),
                })?;
                translations.insert((stem(name), lang.code()), (*path, *content));
            }
            _ => {
                return Err(DefinitionError {
                    file: path.to_string(),
                    instrument: String::new(),
                    field: String::new(),
                    message: "instrument files live in content/instruments/ or content/instruments/<language>/".into(),
                })
            }
        }
    }

    let mut instruments = Vec::new();
    for (path, id, content) in sources {
        let at = At { file: path, instrument: &id };
        let (source_value, src): (Value, SourceFile) = read(content, &at)?;
        if src.id != id {
            return Err(at.err("id", format!("the id must match the file name ({id:?})")));
        }
        let mut inst = build_source(&src, &at)?;
        let mut values = BTreeMap::new();
        for lang in Language::ALL.into_iter().filter(|l| *l != Language::Sv) {
            let expected = format!("{ROOT}{}/{id}.json", lang.code());
            let (tr_path, tr_content) =
                translations.remove(&(id.clone(), lang.code())).ok_or_else(|| DefinitionError {
                    file: expected.clone(),
                    instrument: id.clone(),
                    field: String::new(),
                    message: "the translation file is missing".into(),
                })?;
            let at = At { file: tr_path, instrument: &id };
            let (value, tr): (Value, TranslationFile) = read(tr_content, &at)?;
            if tr.instrument != id {
                return Err(at.err("instrument", format!("says {:?}, the file name says {id:?}", tr.instrument)));
            }
            if tr.language != lang {
                return Err(
                    at.err("language", format!("says {:?}, the folder says {:?}", tr.language.code(), lang.code()))
                );
            }
            if tr.version != inst.version {
                return Err(at.err(
                    "version",
                    format!("translates version {}, the source is version {}", tr.version, inst.version),
                ));
            }
            apply_translation(&mut inst, &tr, &at)?;
            values.insert(lang.code(), value);
        }
        inst.hash = content_hash(&source_value, values.iter().map(|(k, v)| (*k, v))).map_err(|m| at.err("", m))?;
        instruments.push(inst);
    }
    if let Some(((id, _), (path, _))) = translations.into_iter().next() {
        return Err(DefinitionError {
            file: path.to_string(),
            instrument: id,
            field: String::new(),
            message: "there is no Swedish source file for this translation".into(),
        });
    }
    Ok(instruments)
}
