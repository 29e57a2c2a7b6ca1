//! Text keys (in `content/ui`) for core enums, shared by the screens and
//! the command line's report that show them.

use crate::case::Status;
use crate::evaluation::{AgeBand, Group};
use crate::instrument::plan::Track;
use crate::instrument::Timepoint;
use crate::participant::Gender;

pub fn timepoint_key(t: Timepoint) -> &'static str {
    match t {
        Timepoint::Intake => "staff.timepoint.intake",
        Timepoint::FollowUp => "staff.timepoint.follow-up",
        Timepoint::Exit => "staff.timepoint.exit",
        Timepoint::After6Months => "staff.timepoint.after-6-months",
    }
}

pub fn track_key(t: Track) -> &'static str {
    match t {
        Track::Grundskola => "staff.track.grundskola",
        Track::GymnasietNationellt => "staff.track.gymnasiet-nationellt",
        Track::Introduktionsprogram => "staff.track.introduktionsprogram",
        Track::Sprakintroduktion => "staff.track.sprakintroduktion",
        Track::Kaa => "staff.track.kaa",
        Track::Steg1 => "staff.track.steg1",
    }
}

pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "staff.status.not_started",
        Status::InProgress => "staff.status.in_progress",
        Status::Done => "staff.status.done",
    }
}

pub fn gender_key(g: Gender) -> &'static str {
    match g {
        Gender::Girl => "staff.gender.girl",
        Gender::Boy => "staff.gender.boy",
        Gender::Other => "staff.gender.other",
    }
}

/// A row of a split table: everyone, a gender group, a track or an age band.
pub fn group_key(g: Group) -> &'static str {
    match g {
        Group::All => "evaluator.results.group.all",
        Group::Gender(g) => g.gender().map_or("evaluator.results.group.missing", gender_key),
        Group::Track(Some(t)) => track_key(t),
        Group::Track(None) => "evaluator.results.group.no_track",
        Group::Age(Some(AgeBand::Young)) => "evaluator.results.group.age_13_15",
        Group::Age(Some(AgeBand::Middle)) => "evaluator.results.group.age_16_19",
        Group::Age(Some(AgeBand::Older)) => "evaluator.results.group.age_20_24",
        Group::Age(None) => "evaluator.results.group.no_age",
    }
}
