//! What a participant's answers become once submitted: one response per
//! instrument, bound to the exact instrument version it was answered on.

use serde::{Deserialize, Serialize};

use super::instrument::plan::Track;
use super::instrument::{Instrument, Item, ItemKind, Timepoint};
use super::language::Language;
use super::participant_code::ParticipantCode;

/// The exact instrument an answer was given on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentRef {
    pub id: String,
    pub version: u32,
    pub hash: String,
}

impl From<&Instrument> for InstrumentRef {
    fn from(i: &Instrument) -> Self {
        InstrumentRef { id: i.id.clone(), version: i.version, hash: i.hash.clone() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AnswerValue {
    /// A point of the item's scale, by value.
    Point { value: i32 },
    /// "ej relevant", "vet ej" and the like: kept, never counted as a step.
    Special { id: String },
    /// The participant chose not to answer.
    Skipped,
    /// A whole number on a staff form (absence in per cent).
    Number { value: i32 },
    /// A date on a staff form, YYYY-MM-DD.
    Date { value: String },
    /// Free text on a staff form, checked for names and personnummer.
    Text { value: String },
}

// Read by hand rather than derived as an internally tagged enum: serde
// buffers such an enum's fields in its generic `Content` before it knows the
// kind, and that machinery was among the largest pieces of serde in the
// participant's app. The JSON is the same, the kind's key may come anywhere
// (a canonical bundle has `id` before `kind`), and other keys are ignored,
// as before.
impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, Unexpected};
        #[derive(Deserialize)]
        struct Fields {
            kind: String,
            value: Option<Scalar>,
            id: Option<String>,
        }
        let f = Fields::deserialize(deserializer)?;
        let number = |value: Option<Scalar>| match value {
            Some(Scalar::Number(n)) => i32::try_from(n).map_err(|_| D::Error::invalid_value(Unexpected::Signed(n), &"i32")),
            Some(Scalar::Text(s)) => Err(D::Error::invalid_type(Unexpected::Str(&s), &"i32")),
            None => Err(D::Error::missing_field("value")),
        };
        let text = |value: Option<Scalar>| match value {
            Some(Scalar::Text(s)) => Ok(s),
            Some(Scalar::Number(n)) => Err(D::Error::invalid_type(Unexpected::Signed(n), &"a string")),
            None => Err(D::Error::missing_field("value")),
        };
        Ok(match f.kind.as_str() {
            "point" => AnswerValue::Point { value: number(f.value)? },
            "special" => AnswerValue::Special { id: f.id.ok_or_else(|| D::Error::missing_field("id"))? },
            "skipped" => AnswerValue::Skipped,
            "number" => AnswerValue::Number { value: number(f.value)? },
            "date" => AnswerValue::Date { value: text(f.value)? },
            "text" => AnswerValue::Text { value: text(f.value)? },
            other => return Err(D::Error::unknown_variant(other, &["point", "special", "skipped", "number", "date", "text"])),
        })
    }
}

/// An answer's `value`: a whole number or a text, by what the JSON holds.
enum Scalar {
    Number(i64),
    Text(String),
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Scalar, E> {
                Ok(Scalar::Number(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Scalar, E> {
                i64::try_from(n).map(Scalar::Number).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(s.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl AnswerValue {
    /// The answer as the participant saw it; `None` for a skip.
    pub fn label<'a>(&self, instrument: &'a Instrument, item: &Item, lang: Language) -> Option<&'a str> {
        let scale = instrument.scale_of(item)?;
        match self {
            AnswerValue::Point { value } => scale.points.iter().find(|p| p.value == *value).map(|p| p.label.get(lang)),
            AnswerValue::Special { id } => scale.special.iter().find(|s| &s.id == id).map(|s| s.label.get(lang)),
            _ => None,
        }
    }

    /// The answer in words for a staff screen: a scale label, a number with
    /// its unit, a date or the text; `None` for a skip.
    pub fn display(&self, instrument: &Instrument, item: &Item, lang: Language) -> Option<String> {
        match self {
            AnswerValue::Point { .. } | AnswerValue::Special { .. } => {
                self.label(instrument, item, lang).map(str::to_string)
            }
            AnswerValue::Skipped => None,
            AnswerValue::Number { value } => Some(match &item.kind {
                ItemKind::Number { unit: Some(unit), .. } => format!("{value} {}", unit.get(lang)),
                _ => value.to_string(),
            }),
            AnswerValue::Date { value } | AnswerValue::Text { value } => Some(value.clone()),
        }
    }

    /// Form value of a radio button: `p:3` or `s:ej-relevant`.
    pub fn to_form_value(&self) -> String {
        match self {
            AnswerValue::Point { value } => format!("p:{value}"),
            AnswerValue::Special { id } => format!("s:{id}"),
            _ => String::new(),
        }
    }

    pub fn from_form_value(value: &str) -> Option<AnswerValue> {
        match value.split_once(':')? {
            ("p", v) => v.parse().ok().map(|value| AnswerValue::Point { value }),
            ("s", id) if !id.is_empty() => Some(AnswerValue::Special { id: id.to_string() }),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub item: String,
    pub value: AnswerValue,
    /// The language the question was shown in when this answer was given.
    pub language: Language,
    pub answered_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub id: String,
    pub participant: ParticipantCode,
    pub track: Track,
    pub timepoint: Timepoint,
    pub instrument: InstrumentRef,
    pub answers: Vec<Answer>,
    /// The language shown when the participant submitted.
    pub language: Language,
    pub started_at: String,
    pub completed_at: String,
    /// The id of the device the answers were given on.
    pub device: String,
    /// On a staff form: who made the rating (initials or a staff signature).
    /// Several staff rate the same participant; each rating keeps its rater.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::shipped;

    #[test]
    fn answers_show_their_label_in_the_language_and_round_trip_as_form_values() {
        let inst = shipped().iter().find(|i| i.id == "skola-karna").unwrap();
        let item = inst.item("inkluderad").unwrap();
        let six = AnswerValue::Point { value: 6 };
        assert_eq!(six.label(inst, item, Language::Sv), Some("helt och hållet"));
        let special = AnswerValue::Special { id: "ej-relevant".into() };
        assert_eq!(special.label(inst, item, Language::Sv), Some("ej relevant"));
        assert_eq!(AnswerValue::Skipped.label(inst, item, Language::Sv), None);
        assert_eq!(AnswerValue::Point { value: 9 }.label(inst, item, Language::Sv), None);
        for v in [six, special] {
            assert_eq!(AnswerValue::from_form_value(&v.to_form_value()), Some(v));
        }
        assert_eq!(AnswerValue::from_form_value("p:x"), None);
        assert_eq!(AnswerValue::from_form_value("s:"), None);
        assert_eq!(AnswerValue::from_form_value(""), None);
    }

    #[test]
    fn read_aloud_says_the_question_and_every_option() {
        let inst = shipped().iter().find(|i| i.id == "maende").unwrap();
        let item = inst.item("oro").unwrap();
        assert_eq!(
            inst.read_aloud(item, Language::Sv, "projektet"),
            "Hur ofta har du under den senaste månaden känt oro eller ångest? Sällan eller aldrig. \
             Ungefär en gång i månaden. Ungefär en gång i veckan. Mer än en gång i veckan. Nästan varje dag."
        );
    }

    #[test]
    fn every_participant_question_is_a_scale_question() {
        // The phone survey shows radio buttons only; free text and numbers are staff input.
        for inst in shipped().iter().filter(|i| i.respondent == crate::instrument::Respondent::Participant) {
            for item in &inst.items {
                assert!(inst.scale_of(item).is_some(), "{}/{}", inst.id, item.id);
            }
        }
    }

    #[test]
    fn answer_values_read_back_from_their_json_with_the_keys_in_any_order() {
        let all = [
            AnswerValue::Point { value: 3 },
            AnswerValue::Special { id: "vet-ej".into() },
            AnswerValue::Skipped,
            AnswerValue::Number { value: -5 },
            AnswerValue::Date { value: "2026-11-30".into() },
            AnswerValue::Text { value: "Hej".into() },
        ];
        for value in all {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<AnswerValue>(&json).unwrap(), value, "{json}");
        }
        // The JSON is what it was as a derived, internally tagged enum.
        assert_eq!(serde_json::to_string(&AnswerValue::Point { value: 3 }).unwrap(), r#"{"kind":"point","value":3}"#);
        // A canonical bundle sorts the keys: `id` before `kind`.
        let read = |json: &str| serde_json::from_str::<AnswerValue>(json);
        assert_eq!(read(r#"{"id":"vet-ej","kind":"special"}"#).unwrap(), AnswerValue::Special { id: "vet-ej".into() });
        assert_eq!(read(r#"{"value":2,"kind":"point","note":1}"#).unwrap(), AnswerValue::Point { value: 2 });
        for bad in [
            r#"{"kind":"point"}"#,
            r#"{"kind":"point","value":"3"}"#,
            r#"{"kind":"point","value":3.5}"#,
            r#"{"kind":"point","value":3000000000}"#,
            r#"{"kind":"number","value":-3000000000}"#,
            r#"{"kind":"point","value":2,"value":3}"#,
            r#"{"kind":"date","value":5}"#,
            r#"{"kind":"special"}"#,
            r#"{"kind":"maybe"}"#,
            r#"{"value":1}"#,
            r#"[1]"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
        assert!(read(r#"{"kind":"maybe"}"#).unwrap_err().to_string().contains("unknown variant `maybe`"));
    }
}
