//! Review status of translated text. A draft is never shown as reviewed.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// The Swedish original that every translation is made from.
    Source,
    /// Machine or first-pass translation, not yet checked by a qualified translator.
    Draft,
    /// Translated back into Swedish by a reader who did not write it, and the
    /// meaning matched (content/translations/<lang>.json keeps the back-translations).
    /// Still not reviewed by a qualified translator.
    #[serde(rename = "back-translated")]
    BackTranslated,
    /// Checked by a qualified translator.
    Reviewed,
}

impl TranslationStatus {
    /// True when the reader should be told no qualified translator has
    /// reviewed the wording; a back-translation check is not a review.
    pub fn needs_review_notice(self) -> bool {
        matches!(self, TranslationStatus::Draft | TranslationStatus::BackTranslated)
    }
}
