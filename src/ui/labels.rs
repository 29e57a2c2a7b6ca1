//! Text keys for core enums, shared by the screens that show them.

use crate::core::instrument::plan::Track;
use crate::core::instrument::Timepoint;

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
