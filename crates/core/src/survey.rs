//! A participant's survey in progress: which question is on screen, every
//! answer so far, and the way forward and back. Pure state; the platform saves
//! it after every change, so a reload resumes exactly here.

use serde::{Deserialize, Serialize};

use super::instrument::plan::Track;
use super::instrument::{Instrument, Timepoint};
use super::language::Language;
use super::participant_code::ParticipantCode;
use super::response::{Answer, AnswerValue, InstrumentRef, Response};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub instrument: String,
    pub item: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "screen", rename_all = "kebab-case")]
pub enum Screen {
    Question {
        index: usize,
    },
    /// The calm support text after an answer such as "Nästan varje dag".
    Support {
        index: usize,
        instrument: String,
        trigger: String,
    },
    Review,
    Done,
}

// Read by hand rather than derived as an internally tagged enum (see
// `AnswerValue`'s): the same JSON, without serde's buffering of the fields.
impl<'de> Deserialize<'de> for Screen {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        struct Fields {
            screen: String,
            index: Option<usize>,
            instrument: Option<String>,
            trigger: Option<String>,
        }
        let Fields { screen, index, instrument, trigger } = Fields::deserialize(deserializer)?;
        let index = || index.ok_or_else(|| D::Error::missing_field("index"));
        Ok(match screen.as_str() {
            "question" => Screen::Question { index: index()? },
            "support" => Screen::Support {
                index: index()?,
                instrument: instrument.ok_or_else(|| D::Error::missing_field("instrument"))?,
                trigger: trigger.ok_or_else(|| D::Error::missing_field("trigger"))?,
            },
            "review" => Screen::Review,
            "done" => Screen::Done,
            other => return Err(D::Error::unknown_variant(other, &["question", "support", "review", "done"])),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    pub participant: ParticipantCode,
    pub track: Track,
    pub timepoint: Timepoint,
    /// Started by staff on their own device: the participant reaches nothing else.
    pub kiosk: bool,
    pub device: String,
    pub instruments: Vec<InstrumentRef>,
    pub questions: Vec<Question>,
    /// One slot per question, `None` until answered or skipped.
    pub answers: Vec<Option<Answer>>,
    pub screen: Screen,
    /// Triggers already shown, as `instrument/trigger`: each appears once.
    pub supports_shown: Vec<String>,
    /// Set when a question is opened from the review screen.
    pub returning_to_review: bool,
    pub started_at: String,
    pub completed_at: Option<String>,
}

/// Everything a new survey needs that comes from outside the core.
pub struct SurveyStart {
    pub id: String,
    pub participant: ParticipantCode,
    pub track: Track,
    pub timepoint: Timepoint,
    pub kiosk: bool,
    pub device: String,
    pub now: String,
}

/// Numbers a support text names that a phone can call: 1177 (health advice)
/// and 112 (emergency), each only as a whole number.
pub const CALLABLE: [&str; 2] = ["1177", "112"];

/// `text` cut into pieces, each with whether it is a number to call, so a
/// screen can make those tap-to-call links.
pub fn callable_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let end = (i..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
            if CALLABLE.contains(&&text[i..end]) {
                if start < i {
                    pieces.push((&text[start..i], false));
                }
                pieces.push((&text[i..end], true));
                start = end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        pieces.push((&text[start..], false));
    }
    pieces
}

impl Survey {
    /// The language of the answer given last: after a reload or a crash the
    /// survey comes back in the language the participant was answering in.
    pub fn language_in_use(&self) -> Option<Language> {
        self.answers.iter().flatten().max_by(|a, b| a.answered_at.cmp(&b.answered_at)).map(|a| a.language)
    }

    /// True when the participant has questions of their own at this timepoint
    /// (follow-ups, for instance, are staff ratings only).
    /// Whether the participant's instruments for a timepoint (in plan order,
    /// [`Plan::participant_instruments`](crate::instrument::plan::Plan::participant_instruments)) ask anything then.
    pub fn has_questions(chosen: &[&Instrument], timepoint: Timepoint) -> bool {
        chosen.iter().any(|i| i.items_at(timepoint).next().is_some())
    }

    /// The participant's questions for their track and timepoint, from their
    /// instruments in plan order ([`Plan::participant_instruments`](crate::instrument::plan::Plan::participant_instruments)).
    pub fn start(start: SurveyStart, chosen: &[&Instrument]) -> Survey {
        let questions: Vec<Question> = chosen
            .iter()
            .flat_map(|inst| {
                inst.items_at(start.timepoint)
                    .map(|item| Question { instrument: inst.id.clone(), item: item.id.clone() })
            })
            .collect();
        let first_screen = if questions.is_empty() { Screen::Review } else { Screen::Question { index: 0 } };
        Survey {
            id: start.id,
            participant: start.participant,
            track: start.track,
            timepoint: start.timepoint,
            kiosk: start.kiosk,
            device: start.device,
            instruments: chosen.iter().map(|i| InstrumentRef::from(*i)).collect(),
            answers: vec![None; questions.len()],
            questions,
            screen: first_screen,
            supports_shown: Vec::new(),
            returning_to_review: false,
            started_at: start.now,
            completed_at: None,
        }
    }

    /// The instruments the survey asks from, each once, in order.
    pub fn instrument_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for q in &self.questions {
            if !ids.contains(&q.instrument) {
                ids.push(q.instrument.clone());
            }
        }
        ids
    }

    pub fn current_index(&self) -> Option<usize> {
        match self.screen {
            Screen::Question { index } | Screen::Support { index, .. } => Some(index),
            _ => None,
        }
    }

    /// Records the choice on screen without moving on, so it survives a
    /// locked phone or a closed tab before "Nästa".
    pub fn select(&mut self, value: AnswerValue, language: Language, now: &str) {
        if let Screen::Question { index } = self.screen {
            if let (Some(slot), Some(question)) = (self.answers.get_mut(index), self.questions.get(index)) {
                *slot = Some(Answer { item: question.item.clone(), value, language, answered_at: now.to_string() });
            }
        }
    }

    /// Moves on from the question on screen. With nothing chosen, the
    /// question is stored as skipped.
    pub fn next(&mut self, language: Language, now: &str, instruments: &[Instrument]) {
        let Screen::Question { index } = self.screen else { return };
        if index >= self.questions.len() {
            return;
        }
        if self.answers[index].is_none() {
            self.select(AnswerValue::Skipped, language, now);
        }
        if let Some((instrument, trigger)) = self.pending_support(index, instruments) {
            self.supports_shown.push(format!("{instrument}/{trigger}"));
            self.screen = Screen::Support { index, instrument, trigger };
            return;
        }
        self.advance_from(index);
    }

    /// Skips the question on screen, replacing any earlier choice.
    pub fn skip(&mut self, language: Language, now: &str) {
        let Screen::Question { index } = self.screen else { return };
        if index >= self.questions.len() {
            return;
        }
        self.select(AnswerValue::Skipped, language, now);
        self.advance_from(index);
    }

    /// Leaves the support screen for the next question (or the review).
    pub fn continue_after_support(&mut self) {
        if let Screen::Support { index, .. } = self.screen {
            self.advance_from(index);
        }
    }

    pub fn back(&mut self) {
        self.screen = match &self.screen {
            Screen::Support { index, .. } => Screen::Question { index: *index },
            Screen::Question { index } if self.returning_to_review => {
                let _ = index;
                self.returning_to_review = false;
                Screen::Review
            }
            Screen::Question { index } => Screen::Question { index: index.saturating_sub(1) },
            Screen::Review if !self.questions.is_empty() => Screen::Question { index: self.questions.len() - 1 },
            other => other.clone(),
        };
    }

    /// Opens a question from the review screen; after it, the review returns.
    pub fn change(&mut self, index: usize) {
        if self.screen == Screen::Review && index < self.questions.len() {
            self.returning_to_review = true;
            self.screen = Screen::Question { index };
        }
    }

    /// Ends the survey: one response per instrument, ids from the caller.
    /// Only from the review screen, so nothing is submitted by accident.
    pub fn submit(&mut self, now: &str, language: Language, mut new_id: impl FnMut() -> String) -> Vec<Response> {
        if self.screen != Screen::Review {
            return Vec::new();
        }
        self.screen = Screen::Done;
        self.completed_at = Some(now.to_string());
        self.instruments
            .iter()
            .map(|inst| Response {
                id: new_id(),
                participant: self.participant.clone(),
                track: self.track,
                timepoint: self.timepoint,
                instrument: inst.clone(),
                answers: self
                    .questions
                    .iter()
                    .zip(&self.answers)
                    .filter(|(q, _)| q.instrument == inst.id)
                    .map(|(q, a)| {
                        a.clone().unwrap_or(Answer {
                            item: q.item.clone(),
                            value: AnswerValue::Skipped,
                            language,
                            answered_at: now.to_string(),
                        })
                    })
                    .collect(),
                language,
                started_at: self.started_at.clone(),
                completed_at: now.to_string(),
                device: self.device.clone(),
                rater: None,
            })
            .collect()
    }

    fn advance_from(&mut self, index: usize) {
        self.screen = if self.returning_to_review || index + 1 >= self.questions.len() {
            self.returning_to_review = false;
            Screen::Review
        } else {
            Screen::Question { index: index + 1 }
        };
    }

    /// A trigger of this question's instrument that the answer meets and
    /// that has not been shown yet.
    fn pending_support(&self, index: usize, instruments: &[Instrument]) -> Option<(String, String)> {
        let question = &self.questions[index];
        let Some(Answer { value: AnswerValue::Point { value }, .. }) = &self.answers[index] else {
            return None;
        };
        let inst = instruments.iter().find(|i| i.id == question.instrument)?;
        inst.triggers
            .iter()
            .find(|t| {
                t.items.contains(&question.item)
                    && t.values.contains(value)
                    && !self.supports_shown.contains(&format!("{}/{}", inst.id, t.id))
            })
            .map(|t| (inst.id.clone(), t.id.clone()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_numbers_to_call_become_their_own_pieces() {
        let text = "Du kan ringa 1177 dygnet runt. Om det är akut, ring 112.";
        assert_eq!(
            super::callable_pieces(text),
            [("Du kan ringa ", false), ("1177", true), (" dygnet runt. Om det är akut, ring ", false), ("112", true), (".", false)]
        );
        assert_eq!(super::callable_pieces("Ring 11777 eller 2112"), [("Ring 11777 eller 2112", false)], "whole numbers only");
        assert_eq!(super::callable_pieces("112"), [("112", true)]);
    }

    use super::*;
    use crate::instrument::{plan, shipped};

    const NOW: &str = "2026-11-26T10:00:00.000Z";

    fn survey(track: Track, timepoint: Timepoint) -> Survey {
        Survey::start(
            SurveyStart {
                id: "s1".into(),
                participant: ParticipantCode::from_random([1, 2, 3, 4, 5]),
                track,
                timepoint,
                kiosk: false,
                device: "d1".into(),
                now: NOW.into(),
            },
            &plan::shipped().participant_instruments(shipped(), track, timepoint),
        )
    }

    fn point(value: i32) -> AnswerValue {
        AnswerValue::Point { value }
    }

    fn ids(s: &Survey) -> Vec<String> {
        s.questions.iter().map(|q| format!("{}/{}", q.instrument, q.item)).collect()
    }

    #[test]
    fn the_track_decides_the_questions() {
        let school = survey(Track::Grundskola, Timepoint::Intake);
        assert_eq!(
            ids(&school),
            [
                "bakgrund/kon",
                "bakgrund/alder",
                "skola-karna/inkluderad",
                "skola-karna/motiverad",
                "skola-karna/yrkesutbildning",
                "maende/oro",
                "maende/nere",
            ]
        );
        let kaa = survey(Track::Kaa, Timepoint::Exit);
        assert_eq!(
            ids(&kaa),
            ["kaa-steg/framtiden", "kaa-steg/livet", "kaa-steg/halsa", "kaa-steg/redo", "maende/oro", "maende/nere"]
        );
        assert_eq!(kaa.instruments.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["kaa-steg", "maende"]);
        assert!(kaa.instruments.iter().all(|i| i.hash.starts_with("sha256:")));
    }

    #[test]
    fn answering_moving_skipping_and_going_back() {
        let mut s = survey(Track::Kaa, Timepoint::Exit);
        s.select(point(3), Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        assert_eq!(s.screen, Screen::Question { index: 1 });
        s.skip(Language::Ar, NOW);
        assert_eq!(s.answers[1].as_ref().unwrap().value, AnswerValue::Skipped);
        // Next with nothing chosen is a skip too.
        s.next(Language::Ar, NOW, shipped());
        assert_eq!(s.answers[2].as_ref().unwrap().value, AnswerValue::Skipped);
        assert_eq!(s.answers[2].as_ref().unwrap().language, Language::Ar);
        s.back();
        s.back();
        assert_eq!(s.screen, Screen::Question { index: 1 });
        // Earlier answers stay while moving back and forth.
        assert_eq!(s.answers[0].as_ref().unwrap().value, point(3));
        s.back();
        s.back();
        assert_eq!(s.screen, Screen::Question { index: 0 });
    }

    #[test]
    fn nastan_varje_dag_shows_the_support_screen_once() {
        let mut s = survey(Track::Kaa, Timepoint::Exit);
        for _ in 0..4 {
            s.next(Language::Sv, NOW, shipped());
        }
        assert_eq!(s.questions[4].item, "oro");
        s.select(point(5), Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        assert_eq!(s.screen, Screen::Support { index: 4, instrument: "maende".into(), trigger: "stod".into() });
        s.continue_after_support();
        assert_eq!(s.screen, Screen::Question { index: 5 });
        s.select(point(5), Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        assert_eq!(s.screen, Screen::Review, "the support text is not shown twice");
    }

    #[test]
    fn other_answers_bring_no_support_screen() {
        let mut s = survey(Track::Kaa, Timepoint::Exit);
        for _ in 0..4 {
            s.next(Language::Sv, NOW, shipped());
        }
        s.select(point(4), Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        assert_eq!(s.screen, Screen::Question { index: 5 });
    }

    #[test]
    fn a_change_from_the_review_returns_to_the_review() {
        let mut s = survey(Track::Kaa, Timepoint::Exit);
        for _ in 0..6 {
            s.select(point(2), Language::Sv, NOW);
            s.next(Language::Sv, NOW, shipped());
        }
        assert_eq!(s.screen, Screen::Review);
        s.change(1);
        assert_eq!(s.screen, Screen::Question { index: 1 });
        s.select(point(4), Language::Fi, NOW);
        s.next(Language::Fi, NOW, shipped());
        assert_eq!(s.screen, Screen::Review);
        assert_eq!(s.answers[1].as_ref().unwrap().value, point(4));
        assert_eq!(s.answers[1].as_ref().unwrap().language, Language::Fi);
        // Back from a question opened in the review goes to the review.
        s.change(0);
        s.back();
        assert_eq!(s.screen, Screen::Review);
    }

    #[test]
    fn submit_makes_one_response_per_instrument_with_every_answer() {
        let mut s = survey(Track::Grundskola, Timepoint::Intake);
        assert!(s.submit(NOW, Language::Sv, || "x".into()).is_empty(), "only from the review");
        s.select(point(2), Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        s.select(AnswerValue::Special { id: "vill-inte-svara".into() }, Language::Sv, NOW);
        for _ in 0..6 {
            s.next(Language::Sv, NOW, shipped());
        }
        assert_eq!(s.screen, Screen::Review);
        let mut n = 0;
        let responses = s.submit("2026-11-26T10:05:00.000Z", Language::Ar, || {
            n += 1;
            format!("r{n}")
        });
        assert_eq!(s.screen, Screen::Done);
        let by_instrument: Vec<(&str, usize)> =
            responses.iter().map(|r| (r.instrument.id.as_str(), r.answers.len())).collect();
        assert_eq!(by_instrument, [("bakgrund", 2), ("skola-karna", 3), ("maende", 2)]);
        let bakgrund = &responses[0];
        assert_eq!(bakgrund.id, "r1");
        assert_eq!(bakgrund.answers[0].value, point(2));
        assert_eq!(bakgrund.answers[1].value, AnswerValue::Special { id: "vill-inte-svara".into() });
        assert_eq!(responses[2].answers[1].value, AnswerValue::Skipped);
        assert_eq!(bakgrund.language, Language::Ar);
        assert_eq!(bakgrund.completed_at, "2026-11-26T10:05:00.000Z");
        assert_eq!(bakgrund.device, "d1");
    }

    #[test]
    fn a_timepoint_without_participant_questions_has_nothing_to_ask() {
        assert_eq!(survey(Track::Kaa, Timepoint::Intake).instrument_ids(), ["bakgrund", "kaa-steg", "maende"]);
        let has = |track, t| Survey::has_questions(&plan::shipped().participant_instruments(shipped(), track, t), t);
        assert!(has(Track::Kaa, Timepoint::Intake));
        assert!(!has(Track::Kaa, Timepoint::FollowUp));
        assert!(!has(Track::Grundskola, Timepoint::After6Months));
        let mut s = survey(Track::Kaa, Timepoint::FollowUp);
        assert!(s.questions.is_empty());
        assert_eq!(s.screen, Screen::Review);
        // Nothing panics on an empty survey.
        s.select(AnswerValue::Skipped, Language::Sv, NOW);
        s.next(Language::Sv, NOW, shipped());
        s.back();
        assert_eq!(s.screen, Screen::Review);
    }

    #[test]
    fn a_survey_survives_a_round_trip_through_json() {
        let mut s = survey(Track::Steg1, Timepoint::Intake);
        s.select(point(13), Language::So, NOW);
        let back: Survey = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn screens_read_back_from_their_json() {
        use super::Screen;
        let all = [
            Screen::Question { index: 4 },
            Screen::Support { index: 2, instrument: "maende".into(), trigger: "stod".into() },
            Screen::Review,
            Screen::Done,
        ];
        for screen in all {
            let json = serde_json::to_string(&screen).unwrap();
            assert_eq!(serde_json::from_str::<Screen>(&json).unwrap(), screen, "{json}");
        }
        assert_eq!(serde_json::to_string(&Screen::Question { index: 4 }).unwrap(), r#"{"screen":"question","index":4}"#);
        for bad in [r#"{"screen":"question"}"#, r#"{"screen":"support","index":1}"#, r#"{"screen":"elsewhere"}"#, r#"{"index":1}"#] {
            assert!(serde_json::from_str::<Screen>(bad).is_err(), "{bad}");
        }
    }
}
