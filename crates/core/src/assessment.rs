//! A staff form (personal-beteende, skoldata, utfall, narvarotrappan) turned
//! into a stored rating. A rating is a [`Response`] that names its rater, so
//! step movement reads participants' and staff's answers the same way.

use super::free_text::{self, FreeTextProblem};
use super::instrument::plan::Track;
use super::instrument::{Instrument, ItemKind, Timepoint};
use super::language::Language;
use super::participant::is_date;
use super::participant_code::ParticipantCode;
use super::response::{Answer, AnswerValue, InstrumentRef, Response};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    /// Scale questions need an answer; each scale offers "Vet ej" or similar where that fits.
    Required,
    NotANumber,
    OutOfRange {
        min: i32,
        max: i32,
    },
    BadDate,
    /// A period that ends before it starts.
    EndsBeforeStart,
    Text(FreeTextProblem),
}

/// Everything wrong with a filled-in form, so all of it can be shown at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormProblems {
    pub rater: Option<FreeTextProblem>,
    pub fields: Vec<(String, FieldProblem)>,
}

/// A filled-in staff form: for each item, the value as the form holds it
/// (`p:3`/`s:vet-ej` for a scale, digits, `YYYY-MM-DD`, text; empty if left blank).
pub struct FilledForm<'a> {
    pub id: String,
    pub participant: ParticipantCode,
    pub track: Track,
    pub timepoint: Timepoint,
    pub rater: &'a str,
    pub values: &'a [(String, String)],
    pub language: Language,
    pub now: &'a str,
    pub device: String,
}

/// Checks the form and makes the rating, or lists every problem.
pub fn rate(instrument: &Instrument, form: FilledForm) -> Result<Response, FormProblems> {
    let mut problems = FormProblems { rater: free_text::check_rater(form.rater).err(), fields: Vec::new() };
    let raw = |id: &str| form.values.iter().find(|(k, _)| k == id).map_or("", |(_, v)| v.trim());
    let mut answers = Vec::new();
    for item in instrument.items_at(form.timepoint) {
        let text = raw(&item.id);
        let value = match &item.kind {
            ItemKind::Scale { .. } if text.is_empty() => Err(FieldProblem::Required),
            ItemKind::Scale { .. } => AnswerValue::from_form_value(text)
                .filter(|v| v.label(instrument, item, Language::Sv).is_some())
                .ok_or(FieldProblem::Required),
            _ if text.is_empty() => Ok(AnswerValue::Skipped),
            ItemKind::Number { min, max, .. } => match text.parse::<i32>() {
                Ok(v) if (*min..=*max).contains(&v) => Ok(AnswerValue::Number { value: v }),
                Ok(_) => Err(FieldProblem::OutOfRange { min: *min, max: *max }),
                Err(_) => Err(FieldProblem::NotANumber),
            },
            ItemKind::Date if is_date(text) => Ok(AnswerValue::Date { value: text.to_string() }),
            ItemKind::Date => Err(FieldProblem::BadDate),
            ItemKind::FreeText { max_length, .. } => {
                free_text::check(text, *max_length).map(|value| AnswerValue::Text { value }).map_err(FieldProblem::Text)
            }
        };
        match value {
            Ok(value) => answers.push(Answer {
                item: item.id.clone(),
                value,
                language: form.language,
                answered_at: form.now.to_string(),
            }),
            Err(p) => problems.fields.push((item.id.clone(), p)),
        }
    }
    check_periods(&answers, &mut problems);
    if problems.rater.is_some() || !problems.fields.is_empty() {
        return Err(problems);
    }
    Ok(Response {
        id: form.id,
        participant: form.participant,
        track: form.track,
        timepoint: form.timepoint,
        instrument: InstrumentRef::from(instrument),
        answers,
        language: form.language,
        started_at: form.now.to_string(),
        completed_at: form.now.to_string(),
        device: form.device,
        rater: Some(free_text::check_rater(form.rater).unwrap_or_default()),
    })
}

/// A date item ending in `-fran` and its `-till` partner form a period.
fn check_periods(answers: &[Answer], problems: &mut FormProblems) {
    let date = |id: &str| {
        answers.iter().find(|a| a.item == id).and_then(|a| match &a.value {
            AnswerValue::Date { value } => Some(value.as_str()),
            _ => None,
        })
    };
    for a in answers {
        let Some(start_of) = a.item.strip_suffix("-fran") else { continue };
        let end_id = format!("{start_of}-till");
        if let (Some(start), Some(end)) = (date(&a.item), date(&end_id)) {
            if end < start {
                problems.fields.push((end_id, FieldProblem::EndsBeforeStart));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::shipped;

    fn inst(id: &str) -> &'static Instrument {
        shipped().iter().find(|i| i.id == id).unwrap()
    }

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn form<'a>(rater: &'a str, timepoint: Timepoint, values: &'a [(String, String)]) -> FilledForm<'a> {
        FilledForm {
            id: "r1".into(),
            participant: ParticipantCode::from_random([1, 2, 3, 4, 5]),
            track: Track::Grundskola,
            timepoint,
            rater,
            values,
            language: Language::Sv,
            now: "2026-11-26T10:00:00Z",
            device: "d1".into(),
        }
    }

    #[test]
    fn a_complete_behaviour_rating_names_its_rater() {
        let v = values(&[
            ("svarar-pa-kontakt", "p:2"),
            ("bokade-tider", "p:3"),
            ("viktiga-kontakter", "s:vet-ej"),
            ("gar-pa-moten", "p:1"),
            ("pratar-om-att-soka", "p:5"),
            ("soker", "p:4"),
        ]);
        let r = rate(inst("personal-beteende"), form(" AB ", Timepoint::Intake, &v)).unwrap();
        assert_eq!(r.rater.as_deref(), Some("AB"));
        assert_eq!(r.answers.len(), 6);
        assert_eq!(r.answers[0].value, AnswerValue::Point { value: 2 });
        assert_eq!(r.answers[2].value, AnswerValue::Special { id: "vet-ej".into() });
        assert_eq!(r.instrument.id, "personal-beteende");
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let v = values(&[("svarar-pa-kontakt", "p:9"), ("soker", "p:4")]);
        let problems = rate(inst("personal-beteende"), form("", Timepoint::Intake, &v)).unwrap_err();
        assert_eq!(problems.rater, Some(FreeTextProblem::Empty));
        let ids: Vec<&str> = problems.fields.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            ["svarar-pa-kontakt", "bokade-tider", "viktiga-kontakter", "gar-pa-moten", "pratar-om-att-soka"]
        );
    }

    #[test]
    fn school_data_checks_numbers_dates_periods_and_text() {
        let v = values(&[
            ("period-fran", "2026-08-20"),
            ("period-till", "2026-06-10"),
            ("franvaro-giltig", "101"),
            ("franvaro-ogiltig", "tolv"),
            ("franvaro-definition", "Ring 070-123 45 67"),
            ("behorighet", "p:0"),
        ]);
        let problems = rate(inst("skoldata"), form("CD", Timepoint::Intake, &v)).unwrap_err();
        assert_eq!(
            problems.fields,
            [
                ("franvaro-giltig".into(), FieldProblem::OutOfRange { min: 0, max: 100 }),
                ("franvaro-ogiltig".into(), FieldProblem::NotANumber),
                ("franvaro-definition".into(), FieldProblem::Text(FreeTextProblem::LooksLikeIdentityNumber)),
                ("period-till".into(), FieldProblem::EndsBeforeStart),
            ]
        );
        let v = values(&[("period-fran", "2026-01-10"), ("franvaro-ogiltig", "12"), ("behorighet", "p:0")]);
        let r = rate(inst("skoldata"), form("CD", Timepoint::Intake, &v)).unwrap();
        let by_item: Vec<(&str, &AnswerValue)> = r.answers.iter().map(|a| (a.item.as_str(), &a.value)).collect();
        assert_eq!(by_item[0], ("period-fran", &AnswerValue::Date { value: "2026-01-10".into() }));
        assert_eq!(by_item[1], ("period-till", &AnswerValue::Skipped));
        assert_eq!(by_item[3], ("franvaro-ogiltig", &AnswerValue::Number { value: 12 }));
    }

    #[test]
    fn only_the_items_of_the_timepoint_are_asked() {
        // utfall asks for the main activity at exit, not at intake.
        let v = values(&[("forsorjning", "p:1")]);
        let r = rate(inst("utfall"), form("AB", Timepoint::Intake, &v)).unwrap();
        assert_eq!(r.answers.len(), 1);
        let problems = rate(inst("utfall"), form("AB", Timepoint::Exit, &v)).unwrap_err();
        assert_eq!(problems.fields, [("huvudsaklig-aktivitet".into(), FieldProblem::Required)]);
    }
}
