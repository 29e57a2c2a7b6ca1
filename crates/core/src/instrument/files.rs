//! The on-disk formats, exactly as translators and coordinators edit them.
//! Unknown fields are errors, so a misspelt key never goes unnoticed.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Favourable, Respondent, Timepoint};
use crate::language::Language;
use crate::translation::TranslationStatus;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceFile {
    pub id: String,
    pub version: u32,
    pub respondent: Respondent,
    pub timepoints: Vec<Timepoint>,
    /// Where the content comes from in the project reports (provenance only).
    pub sources: String,
    pub title: String,
    pub intro: Option<String>,
    pub stem: Option<String>,
    pub scales: Vec<SourceScale>,
    pub items: Vec<SourceItem>,
    #[serde(default)]
    pub triggers: Vec<SourceTrigger>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceScale {
    pub id: String,
    pub ordered: bool,
    pub points: Vec<SourcePoint>,
    #[serde(default)]
    pub special: Vec<SourceSpecial>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourcePoint {
    pub value: i32,
    pub label: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub verbatim: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceSpecial {
    pub id: String,
    pub label: String,
    pub verbatim: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceItem {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub read_aloud: Option<String>,
    pub scale: Option<String>,
    pub min: Option<i32>,
    pub max: Option<i32>,
    pub unit: Option<String>,
    pub max_length: Option<u32>,
    pub reminder: Option<String>,
    pub favourable: Favourable,
    pub favourable_cutoff: Option<i32>,
    pub timepoints: Option<Vec<Timepoint>>,
    pub verbatim: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceTrigger {
    pub id: String,
    pub items: Vec<String>,
    pub values: Vec<i32>,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TranslationFile {
    pub instrument: String,
    pub version: u32,
    pub language: Language,
    pub status: TranslationStatus,
    pub title: String,
    pub intro: Option<String>,
    pub stem: Option<String>,
    pub items: BTreeMap<String, TranslatedItem>,
    pub scales: BTreeMap<String, TranslatedScale>,
    #[serde(default)]
    pub triggers: BTreeMap<String, TranslatedTrigger>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TranslatedItem {
    pub text: String,
    pub read_aloud: Option<String>,
    pub unit: Option<String>,
    pub reminder: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TranslatedScale {
    #[serde(default)]
    pub points: BTreeMap<String, String>,
    #[serde(default)]
    pub special: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TranslatedTrigger {
    pub heading: String,
    pub text: String,
}
