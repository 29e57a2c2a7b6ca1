//! Step movement (stegförflyttning) for one participant: for every item
//! answered at intake and later, how many scale steps the answer moved, in
//! the item's favourable direction. Special answers and skips are shown but
//! never counted as steps.

use super::instrument::{Favourable, Instrument, Item, ItemKind, Scale, Timepoint};
use super::response::{AnswerValue, Response};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Better(u32),
    Same,
    Worse(u32),
}

/// Position of a value on an ordered scale (0 = lowest value).
fn rank(scale: &Scale, value: i32) -> Option<i32> {
    let mut values: Vec<i32> = scale.points.iter().map(|p| p.value).collect();
    values.sort_unstable();
    values.iter().position(|v| *v == value).map(|p| p as i32)
}

/// The change from `first` to `last` on an item, or `None` where it cannot
/// be counted: no favourable direction, an unordered scale, a special
/// answer, a skip, or a value not on the scale.
pub fn change(item: &Item, scale: &Scale, first: &AnswerValue, last: &AnswerValue) -> Option<Change> {
    if !scale.ordered || item.favourable == Favourable::None {
        return None;
    }
    let (AnswerValue::Point { value: a }, AnswerValue::Point { value: b }) = (first, last) else {
        return None;
    };
    let raw = rank(scale, *b)? - rank(scale, *a)?;
    Some(Change::from_signed(if item.favourable == Favourable::Lower { -raw } else { raw }))
}

impl Change {
    /// From a signed count where positive is better.
    fn from_signed(better: i32) -> Change {
        match better {
            0 => Change::Same,
            s if s > 0 => Change::Better(s as u32),
            s => Change::Worse(s.unsigned_abs()),
        }
    }
}

/// The change between two numbers (absence in per cent), in the item's
/// units, or `None` unless both are numbers and the item has a direction.
pub fn amount_change(item: &Item, first: &AnswerValue, last: &AnswerValue) -> Option<Change> {
    let (AnswerValue::Number { value: a }, AnswerValue::Number { value: b }) = (first, last) else {
        return None;
    };
    let raw = b - a;
    Some(Change::from_signed(match item.favourable {
        Favourable::Higher => raw,
        Favourable::Lower => -raw,
        Favourable::None => return None,
    }))
}

/// What a change counts: steps on a scale, or units of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Steps,
    Amount,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemMovement<'a> {
    pub instrument: &'a Instrument,
    pub item: &'a Item,
    pub first: AnswerValue,
    pub last: AnswerValue,
    pub last_timepoint: Timepoint,
    pub change: Option<Change>,
    pub counted: Counted,
    /// Who rated at intake and at the latest timepoint (staff forms only).
    pub first_rater: Option<String>,
    pub last_rater: Option<String>,
}

/// For one participant's responses and ratings: each scale or number item
/// answered at intake and at a later timepoint, from the intake answer to the
/// latest one. With several raters, the latest rating at each end is used.
pub fn participant_movements<'a>(responses: &[Response], instruments: &'a [Instrument]) -> Vec<ItemMovement<'a>> {
    let mut out = Vec::new();
    for inst in instruments {
        let of_inst: Vec<&Response> = responses.iter().filter(|r| r.instrument.id == inst.id).collect();
        let Some(intake) = of_inst.iter().filter(|r| r.timepoint == Timepoint::Intake).max_by_key(|r| &r.completed_at)
        else {
            continue;
        };
        let Some(latest) = of_inst
            .iter()
            .filter(|r| r.timepoint != Timepoint::Intake)
            .max_by(|a, b| (a.timepoint, &a.completed_at).cmp(&(b.timepoint, &b.completed_at)))
        else {
            continue;
        };
        for item in &inst.items {
            let answer = |r: &Response| r.answers.iter().find(|a| a.item == item.id).map(|a| a.value.clone());
            let (Some(first), Some(last)) = (answer(intake), answer(latest)) else { continue };
            let (change, counted) = match (&item.kind, inst.scale_of(item)) {
                (ItemKind::Scale { .. }, Some(scale)) => (change(item, scale, &first, &last), Counted::Steps),
                (ItemKind::Number { .. }, _) => (amount_change(item, &first, &last), Counted::Amount),
                _ => continue,
            };
            out.push(ItemMovement {
                instrument: inst,
                item,
                change,
                counted,
                first,
                last,
                last_timepoint: latest.timepoint,
                first_rater: intake.rater.clone(),
                last_rater: latest.rater.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::plan::Track;
    use crate::instrument::shipped;
    use crate::language::Language;
    use crate::participant_code::ParticipantCode;
    use crate::response::{Answer, InstrumentRef};

    fn inst(id: &str) -> &'static Instrument {
        shipped().iter().find(|i| i.id == id).unwrap()
    }

    fn response(instrument: &str, timepoint: Timepoint, at: &str, answers: &[(&str, AnswerValue)]) -> Response {
        Response {
            id: format!("{instrument}-{at}"),
            participant: ParticipantCode::from_random([9, 9, 9, 9, 9]),
            track: Track::Kaa,
            timepoint,
            instrument: InstrumentRef::from(inst(instrument)),
            answers: answers
                .iter()
                .map(|(item, value)| Answer {
                    item: item.to_string(),
                    value: value.clone(),
                    language: Language::Sv,
                    answered_at: at.into(),
                })
                .collect(),
            language: Language::Sv,
            started_at: at.into(),
            completed_at: at.into(),
            device: "d".into(),
            rater: None,
        }
    }

    fn p(value: i32) -> AnswerValue {
        AnswerValue::Point { value }
    }

    #[test]
    fn higher_is_better_and_lower_is_better_are_both_counted_as_better() {
        let beteende = inst("personal-beteende");
        let item = beteende.item("svarar-pa-kontakt").unwrap();
        let scale = beteende.scale_of(item).unwrap();
        assert_eq!(change(item, scale, &p(2), &p(5)), Some(Change::Better(3)));
        assert_eq!(change(item, scale, &p(4), &p(4)), Some(Change::Same));
        assert_eq!(change(item, scale, &p(5), &p(3)), Some(Change::Worse(2)));
        let maende = inst("maende");
        let oro = maende.item("oro").unwrap();
        let scale = maende.scale_of(oro).unwrap();
        assert_eq!(change(oro, scale, &p(5), &p(2)), Some(Change::Better(3)), "less worry is better");
    }

    #[test]
    fn special_answers_skips_and_categories_are_never_steps() {
        let beteende = inst("personal-beteende");
        let item = beteende.item("soker").unwrap();
        let scale = beteende.scale_of(item).unwrap();
        let vet_ej = AnswerValue::Special { id: "vet-ej".into() };
        assert_eq!(change(item, scale, &vet_ej, &p(5)), None);
        assert_eq!(change(item, scale, &p(1), &AnswerValue::Skipped), None);
        assert_eq!(change(item, scale, &p(1), &p(99)), None);
        let utfall = inst("utfall");
        let aktivitet = utfall.item("huvudsaklig-aktivitet").unwrap();
        assert_eq!(change(aktivitet, utfall.scale_of(aktivitet).unwrap(), &p(3), &p(1)), None);
    }

    #[test]
    fn steps_count_positions_not_values() {
        // skoldata's eligibility scale lists Ja (1) before Nej (0).
        let skoldata = inst("skoldata");
        let item = skoldata.item("behorighet").unwrap();
        assert_eq!(change(item, skoldata.scale_of(item).unwrap(), &p(0), &p(1)), Some(Change::Better(1)));
    }

    #[test]
    fn a_participant_moves_from_intake_to_the_latest_answer() {
        let responses = vec![
            response(
                "kaa-steg",
                Timepoint::Intake,
                "2026-01-10",
                &[("framtiden", p(1)), ("livet", p(2)), ("halsa", AnswerValue::Skipped)],
            ),
            response(
                "kaa-steg",
                Timepoint::Exit,
                "2026-06-10",
                &[("framtiden", p(4)), ("livet", p(2)), ("halsa", p(3))],
            ),
            response("personal-beteende", Timepoint::Intake, "2026-01-11", &[("svarar-pa-kontakt", p(2))]),
            response("personal-beteende", Timepoint::FollowUp, "2026-03-11", &[("svarar-pa-kontakt", p(3))]),
            response("personal-beteende", Timepoint::Exit, "2026-06-11", &[("svarar-pa-kontakt", p(5))]),
            // Only an intake: nothing to compare.
            response("maende", Timepoint::Intake, "2026-01-10", &[("oro", p(5))]),
        ];
        let moves = participant_movements(&responses, shipped());
        let summary: Vec<(&str, Option<Change>, Timepoint)> =
            moves.iter().map(|m| (m.item.id.as_str(), m.change, m.last_timepoint)).collect();
        assert_eq!(
            summary,
            [
                ("framtiden", Some(Change::Better(3)), Timepoint::Exit),
                ("livet", Some(Change::Same), Timepoint::Exit),
                ("halsa", None, Timepoint::Exit),
                ("svarar-pa-kontakt", Some(Change::Better(3)), Timepoint::Exit),
            ]
        );
    }

    #[test]
    fn absence_counts_in_per_cent_and_each_end_names_its_rater() {
        let mut intake = response(
            "skoldata",
            Timepoint::Intake,
            "2026-01-10",
            &[("franvaro-ogiltig", AnswerValue::Number { value: 40 })],
        );
        intake.rater = Some("AB".into());
        let mut exit = response(
            "skoldata",
            Timepoint::Exit,
            "2026-06-10",
            &[("franvaro-ogiltig", AnswerValue::Number { value: 12 })],
        );
        exit.rater = Some("CD".into());
        let moves = participant_movements(&[intake, exit], shipped());
        assert_eq!(moves.len(), 1);
        assert_eq!(moves[0].change, Some(Change::Better(28)), "less absence is better");
        assert_eq!(moves[0].counted, Counted::Amount);
        assert_eq!((moves[0].first_rater.as_deref(), moves[0].last_rater.as_deref()), (Some("AB"), Some("CD")));
    }
}
