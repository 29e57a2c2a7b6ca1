//! What an import says about a file: the words (a key in the UI text with
//! its values) and a stable English code, the same in the browser and on
//! the command line.

use super::import::Flag;
use super::jws::fingerprint;
use super::{ContentProblem, Rejection};

/// A text from the UI catalogue with its `{name}` values, and a count for a
/// message whose wording depends on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub values: Vec<(&'static str, String)>,
    /// For a message with a count: `key` names forms `key#one`, `key#other`, …
    /// (see `ui_text::plural_key`), chosen by the language's plural rules.
    pub count: Option<usize>,
}

impl Message {
    fn plain(key: &'static str) -> Message {
        Message { key, values: Vec::new(), count: None }
    }

    fn with(key: &'static str, values: Vec<(&'static str, String)>) -> Message {
        Message { key, values, count: None }
    }

    /// The message in `lang`'s words from `text`, in the plural form `lang`
    /// uses for its count.
    pub fn in_words(&self, text: &crate::ui_text::UiText, lang: crate::language::Language) -> String {
        match self.count {
            Some(n) => self.fill(text.form(lang, self.key, n as u64)),
            None => self.fill(text.get(lang, self.key)),
        }
    }

    /// The values to fill in, `{n}` first when there is a count.
    pub fn values(&self) -> Vec<(&str, String)> {
        let mut all: Vec<(&str, String)> = self.count.map(|n| ("n", n.to_string())).into_iter().collect();
        all.extend(self.values.iter().map(|(k, v)| (*k, v.clone())));
        all
    }

    /// The message in words, from its template (see [`Message::in_words`]).
    pub fn fill(&self, template: &str) -> String {
        crate::ui_text::fill(template, &self.values())
    }
}

impl Rejection {
    /// A stable English code for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::TooLarge => "too-large",
            Rejection::NotStegvis => "not-stegvis",
            Rejection::UnknownFormat => "unknown-format",
            Rejection::SignatureMismatch => "signature-mismatch",
            Rejection::ContentChanged => "content-changed",
            Rejection::NoKeyToOpen => "no-key-to-open",
            Rejection::CannotOpen => "cannot-open",
            Rejection::PersonalData => "personal-data",
            Rejection::UnknownInstrument { .. } => "unknown-instrument",
            Rejection::BadContent { problem, .. } => match problem {
                ContentProblem::UnknownItem { .. } => "unknown-item",
                ContentProblem::AnsweredTwice { .. } => "answered-twice",
                ContentProblem::BadAnswer { .. } => "bad-answer",
                ContentProblem::NotAGoalInstrument | ContentProblem::NotAStep { .. } => "bad-goal",
            },
        }
    }

    /// Why the file is refused, naming the instrument or record at fault.
    pub fn message(&self) -> Message {
        match self {
            Rejection::TooLarge => Message::plain("evaluator.import.too_large"),
            Rejection::NotStegvis => Message::plain("evaluator.import.not_stegvis"),
            Rejection::UnknownFormat => Message::plain("evaluator.import.unknown_format"),
            Rejection::SignatureMismatch => Message::plain("evaluator.import.signature"),
            Rejection::ContentChanged => Message::plain("evaluator.import.changed"),
            Rejection::NoKeyToOpen => Message::plain("evaluator.import.no_key"),
            Rejection::CannotOpen => Message::plain("evaluator.import.cannot_open"),
            Rejection::PersonalData => Message::plain("evaluator.import.personal_data"),
            Rejection::UnknownInstrument { id, version } => Message::with(
                "evaluator.import.unknown_instrument",
                vec![("instrument", id.clone()), ("version", version.to_string())],
            ),
            Rejection::BadContent { record, problem } => {
                let key = match problem {
                    ContentProblem::UnknownItem { .. } => "evaluator.import.unknown_item",
                    ContentProblem::AnsweredTwice { .. } => "evaluator.import.answered_twice",
                    ContentProblem::BadAnswer { .. } => "evaluator.import.bad_answer",
                    ContentProblem::NotAGoalInstrument | ContentProblem::NotAStep { .. } => "evaluator.import.bad_goal",
                };
                let item = problem.item().unwrap_or_default().to_string();
                Message::with(key, vec![("record", record.clone()), ("item", item)])
            }
        }
    }
}

impl Flag {
    /// A stable English code for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Flag::NewKey => "new-key",
            Flag::UnconfirmedKey => "unconfirmed-key",
            Flag::RevokedKey => "revoked-key",
            Flag::Gap { .. } => "gap",
            Flag::BrokenChain => "broken-chain",
            Flag::Conflict { .. } => "conflict",
        }
    }

    /// What the flag tells the evaluator about a file from device `label` (key `kid`).
    pub fn message(&self, label: &str, kid: &str) -> Message {
        match self {
            Flag::NewKey => Message::with(
                "evaluator.flag.new_key",
                vec![("label", label.to_string()), ("fingerprint", fingerprint(kid))],
            ),
            Flag::UnconfirmedKey => Message::plain("evaluator.flag.unconfirmed"),
            Flag::RevokedKey => Message::plain("evaluator.flag.revoked"),
            Flag::Gap { missing_from, missing_to } => Message::with(
                "evaluator.flag.gap",
                vec![("from", missing_from.to_string()), ("to", missing_to.to_string())],
            ),
            Flag::BrokenChain => Message::plain("evaluator.flag.chain"),
            Flag::Conflict { ids } => Message {
                key: "evaluator.flag.conflict",
                values: Vec::new(),
                count: Some(ids.len()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    use crate::ui_text::UiText;

    #[test]
    fn a_conflict_is_told_in_the_form_its_count_needs() {
        let text = UiText::shipped();
        let conflict = |n: usize, lang| {
            Flag::Conflict { ids: (0..n).map(|i| format!("r{i}")).collect() }.message("", "").in_words(&text, lang)
        };
        assert!(conflict(1, Language::Sv).starts_with("1 uppgift finns"));
        assert!(conflict(2, Language::Sv).starts_with("2 uppgifter finns"));
        assert!(conflict(1, Language::En).starts_with("1 record already exists"));
        assert!(conflict(101, Language::En).starts_with("101 records already exist"));
        // Staff words have no Arabic: Swedish, in Swedish's form.
        assert!(conflict(1, Language::Ar).starts_with("1 uppgift finns"));
    }
}
