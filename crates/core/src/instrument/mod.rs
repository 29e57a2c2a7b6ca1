//! Instruments: the questionnaires and rating scales, as versioned data.
//!
//! Each instrument is a Swedish source file `content/instruments/<id>.json`
//! and one translation file a language, `content/instruments/<lang>/<id>.json`.
//! The format is documented in `docs/instruments.md`. A content hash over all
//! of an instrument's files identifies the exact wording every answer was
//! given on.

mod files;
mod parse;
pub mod plan;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::language::Language;
use super::translation::TranslationStatus;

pub use parse::{content_hash, parse_instruments, DefinitionError};

include!(concat!(env!("OUT_DIR"), "/shipped_instruments.rs"));

/// Who fills in an instrument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Respondent {
    Participant,
    Staff,
}

/// When in a participant's time in the project an instrument is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timepoint {
    Intake,
    FollowUp,
    Exit,
    #[serde(rename = "after-6-months")]
    After6Months,
}

impl Timepoint {
    pub const ALL: [Timepoint; 4] = [Timepoint::Intake, Timepoint::FollowUp, Timepoint::Exit, Timepoint::After6Months];

    pub fn from_id(id: &str) -> Option<Timepoint> {
        Timepoint::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Timepoint::Intake => "intake",
            Timepoint::FollowUp => "follow-up",
            Timepoint::Exit => "exit",
            Timepoint::After6Months => "after-6-months",
        }
    }
}

/// Which direction of an ordered answer is the better one for the participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Favourable {
    Higher,
    Lower,
    /// Categories or facts (gender, main activity): no step is better or worse.
    None,
}

/// A text in every language (in a language pack, in one). Labels made only
/// of digits are the same in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(pub BTreeMap<Language, String>);

impl Text {
    pub fn get(&self, lang: Language) -> &str {
        self.0.get(&lang).or_else(|| self.0.get(&Language::Sv)).map_or("", String::as_str)
    }

    pub fn swedish(&self) -> &str {
        self.get(Language::Sv)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScalePoint {
    pub value: i32,
    pub label: Text,
    /// Marks a point as counting for a derived outcome, e.g. `studier-eller-arbete`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Source reference where the Swedish is the report's exact wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
}

/// An answer such as "ej relevant" or "vet ej": stored, never counted as a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialAnswer {
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    /// True when the points are steps (1 < 2 < 3); false for categories.
    pub ordered: bool,
    pub points: Vec<ScalePoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special: Vec<SpecialAnswer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    Scale { scale: String },
    Number {
        min: i32,
        max: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
    },
    Date,
    FreeText {
        max_length: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reminder: Option<Text>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub text: Text,
    /// What read-aloud says instead of `text`, where the two differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_aloud: Option<Text>,
    pub favourable: Favourable,
    /// The first value that counts as a favourable answer (in the favourable direction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favourable_cutoff: Option<i32>,
    /// Where an item is asked at only some of the instrument's timepoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timepoints: Option<Vec<Timepoint>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbatim: Option<String>,
}

/// A calm support screen shown once after certain answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: String,
    pub items: Vec<String>,
    pub values: Vec<i32>,
    pub heading: Text,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub version: u32,
    pub respondent: Respondent,
    pub timepoints: Vec<Timepoint>,
    /// Where the content comes from in the project reports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sources: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// Shared start of every item ("Hur ofta har du under den senaste månaden …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stem: Option<Text>,
    pub scales: Vec<Scale>,
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    pub status: BTreeMap<Language, TranslationStatus>,
    /// `sha256:` and the hex digest of the canonical content.
    pub hash: String,
}

/// Replaces the `{projekt}` placeholder with the deployment's project name.
pub fn fill_project(text: &str, project: &str) -> String {
    text.replace("{projekt}", project)
}

impl Instrument {
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The scale an item is answered on, if it is a scale item.
    pub fn scale_of(&self, item: &Item) -> Option<&Scale> {
        match &item.kind {
            ItemKind::Scale { scale } => self.scale(scale),
            _ => None,
        }
    }

    /// The items asked at `timepoint`, in order.
    pub fn items_at(&self, timepoint: Timepoint) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.timepoints.as_ref().is_none_or(|t| t.contains(&timepoint)))
    }

    /// The whole question as read: the stem (if any) and the item text.
    pub fn question(&self, item: &Item, lang: Language, project: &str) -> String {
        let text = item.text.get(lang);
        // A stem written to trail off ("… den senaste månaden …") joins its
        // item as one sentence, without the dots between them.
        let full = match &self.stem {
            Some(stem) => {
                let stem = stem.get(lang).trim_end().trim_end_matches('…').trim_end_matches("...").trim_end();
                format!("{stem} {text}")
            }
            None => text.to_string(),
        };
        fill_project(&full, project)
    }

    /// The scale point from which an answer counts as favourable.
    pub fn favourable_point(&self, item: &Item) -> Option<&ScalePoint> {
        let cutoff = item.favourable_cutoff?;
        self.scale_of(item)?.points.iter().find(|p| p.value == cutoff)
    }

    /// What read-aloud says for an item: the question, then every answer option.
    pub fn read_aloud(&self, item: &Item, lang: Language, project: &str) -> String {
        let question = match item.read_aloud.as_ref().and_then(|t| t.0.get(&lang)) {
            Some(own) => fill_project(own, project),
            None => self.question(item, lang, project),
        };
        let options = self.scale_of(item).map(|scale| {
            scale
                .points
                .iter()
                .map(|p| p.label.get(lang))
                .chain(scale.special.iter().map(|s| s.label.get(lang)))
                .collect::<Vec<_>>()
        });
        match options {
            Some(options) if !options.is_empty() => format!("{question} {}.", options.join(". ")),
            _ => question,
        }
    }

    pub fn status(&self, lang: Language) -> TranslationStatus {
        self.status.get(&lang).copied().unwrap_or(TranslationStatus::Draft)
    }
}

/// Every shipped instrument, parsed once. The files are checked by the
/// tests, so a failure here is a build defect.
pub fn shipped() -> &'static [Instrument] {
    static SHIPPED: std::sync::OnceLock<Vec<Instrument>> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| parse_instruments(SHIPPED_INSTRUMENT_FILES).expect("shipped instruments are valid"))
}

#[cfg(test)]
mod tests;
