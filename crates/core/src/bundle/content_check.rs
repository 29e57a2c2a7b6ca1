//! The content check of a signed bundle: every record is on an instrument
//! this app ships and every answer fits its item. A valid signature only says
//! the file is unchanged; an evaluator counts the answers, so a 9 on a 1–4
//! scale or an instrument nobody can read must not get in.

use std::collections::BTreeSet;

use super::{ContentProblem, Payload, Rejection};
use crate::goal::{self, Goal};
use crate::instrument::{Instrument, ItemKind};
use crate::participant::is_date;
use crate::response::{Answer, AnswerValue, Response};

/// Checks one payload (not its forwarded bundles) against `shipped`.
pub fn check(payload: &Payload, shipped: &[Instrument]) -> Result<(), Rejection> {
    // Definitions first: every record's instrument has one (checked before
    // this), so an unknown instrument is reported as such, not as a bad answer.
    for d in &payload.instruments {
        find(shipped, &d.id, d.version, &d.hash)?;
    }
    for r in payload.responses.iter().chain(&payload.assessments) {
        let instrument = find(shipped, &r.instrument.id, r.instrument.version, &r.instrument.hash)?;
        check_response(instrument, r)
            .map_err(|problem| Rejection::BadContent { record: format!("response:{}", r.id), problem })?;
    }
    for g in &payload.goals {
        let instrument = find(shipped, &g.instrument.id, g.instrument.version, &g.instrument.hash)?;
        check_goal(instrument, g)
            .map_err(|problem| Rejection::BadContent { record: format!("goal:{}", g.id), problem })?;
    }
    Ok(())
}

/// The shipped instrument with this id, version and hash. A released version
/// has one hash, so another hash under a shipped version is not what we ship.
fn find<'a>(shipped: &'a [Instrument], id: &str, version: u32, hash: &str) -> Result<&'a Instrument, Rejection> {
    shipped
        .iter()
        .find(|i| i.id == id && i.version == version && i.hash == hash)
        .ok_or_else(|| Rejection::UnknownInstrument { id: id.to_string(), version })
}

fn check_response(instrument: &Instrument, r: &Response) -> Result<(), ContentProblem> {
    let mut seen = BTreeSet::new();
    for a in &r.answers {
        check_answer(instrument, a)?;
        // A second answer to an item would be counted twice.
        if !seen.insert(a.item.as_str()) {
            return Err(ContentProblem::AnsweredTwice { item: a.item.clone() });
        }
    }
    Ok(())
}

fn check_answer(instrument: &Instrument, a: &Answer) -> Result<(), ContentProblem> {
    let item = instrument.item(&a.item).ok_or_else(|| ContentProblem::UnknownItem { item: a.item.clone() })?;
    let scale = instrument.scale_of(item);
    let fits = match (&item.kind, &a.value) {
        (_, AnswerValue::Skipped) => true,
        (ItemKind::Scale { .. }, AnswerValue::Point { value }) => {
            scale.is_some_and(|s| s.points.iter().any(|p| p.value == *value))
        }
        (ItemKind::Scale { .. }, AnswerValue::Special { id }) => {
            scale.is_some_and(|s| s.special.iter().any(|x| &x.id == id))
        }
        (ItemKind::Number { min, max, .. }, AnswerValue::Number { value }) => (*min..=*max).contains(value),
        (ItemKind::Date, AnswerValue::Date { value }) => is_date(value),
        (ItemKind::FreeText { max_length, .. }, AnswerValue::Text { value }) => {
            value.chars().count() <= *max_length as usize
        }
        // Any other pair is a kind of answer the item does not ask for.
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(ContentProblem::BadAnswer { item: a.item.clone(), value: a.value.clone() })
    }
}

fn check_goal(instrument: &Instrument, g: &Goal) -> Result<(), ContentProblem> {
    if instrument.id != goal::INSTRUMENT {
        return Err(ContentProblem::NotAGoalInstrument);
    }
    match g.placements.iter().find(|p| !goal::is_step(instrument, p.step)) {
        Some(p) => Err(ContentProblem::NotAStep { step: p.step }),
        None => Ok(()),
    }
}
