//! Review status of translated text. A draft is never shown as reviewed.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// The Swedish original that every translation is made from.
    Source,
    /// Machine or first-pass translation, not yet checked by a qualified translator.
    Draft,
    /// Checked by a qualified translator.
    Reviewed,
}

impl TranslationStatus {
    /// True when the reader should be told the wording is unchecked.
    pub fn needs_review_notice(self) -> bool {
        self == TranslationStatus::Draft
    }
}
