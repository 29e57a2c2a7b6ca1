//! Which instruments a participant's track brings at each timepoint, for the
//! participant and for the staff: `content/plan.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Instrument, Respondent, Timepoint};

pub const PLAN_FILE: (&str, &str) = ("content/plan.json", include_str!("../../../../content/plan.json"));

/// The participant's path, set by staff at enrolment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    Grundskola,
    GymnasietNationellt,
    Introduktionsprogram,
    Sprakintroduktion,
    /// Kommunala aktivitetsansvaret: under-20s outside school.
    Kaa,
    /// A preparatory group activity.
    Steg1,
}

impl Track {
    pub const ALL: [Track; 6] = [
        Track::Grundskola,
        Track::GymnasietNationellt,
        Track::Introduktionsprogram,
        Track::Sprakintroduktion,
        Track::Kaa,
        Track::Steg1,
    ];

    pub fn from_id(id: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Track::Grundskola => "grundskola",
            Track::GymnasietNationellt => "gymnasiet-nationellt",
            Track::Introduktionsprogram => "introduktionsprogram",
            Track::Sprakintroduktion => "sprakintroduktion",
            Track::Kaa => "kaa",
            Track::Steg1 => "steg1",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub required: Vec<String>,
    pub optional: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackFile {
    id: Track,
    intake: Step,
    #[serde(rename = "follow-up")]
    follow_up: Step,
    exit: Step,
    #[serde(rename = "after-6-months")]
    after_6_months: Step,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    version: u32,
    #[allow(dead_code)]
    sources: String,
    timepoints: Vec<Timepoint>,
    tracks: Vec<TrackFile>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub version: u32,
    steps: BTreeMap<(Track, Timepoint), Step>,
}

impl Plan {
    /// Reads the plan and checks it against the instruments: every track once,
    /// every instrument known, and only at timepoints it is made for.
    pub fn parse(file: &str, content: &str, instruments: &[Instrument]) -> Result<Plan, String> {
        let plan = Plan::read(file, content)?;
        for ((track, timepoint), step) in &plan.steps {
            for id in step.required.iter().chain(&step.optional) {
                let inst = instruments
                    .iter()
                    .find(|i| &i.id == id)
                    .ok_or_else(|| format!("{file}: track {}: no instrument {id:?}", track.id()))?;
                if !inst.timepoints.contains(timepoint) {
                    return Err(format!("{file}: track {}: {id} is not made for {}", track.id(), timepoint.id()));
                }
            }
        }
        Ok(plan)
    }

    /// Reads the plan's structure alone: every track once, with all four
    /// timepoints. [`Plan::parse`] also checks it against the instruments.
    pub fn read(file: &str, content: &str) -> Result<Plan, String> {
        let err = |m: String| format!("{file}: {m}");
        let value: serde_json::Value = serde_json::from_str(content).map_err(|e| err(e.to_string()))?;
        #[cfg(not(target_arch = "wasm32"))]
        let plan: PlanFile =
            serde_path_to_error::deserialize(&value).map_err(|e| err(format!("field {}: {}", e.path(), e.inner())))?;
        #[cfg(target_arch = "wasm32")]
        let plan = PlanFile::deserialize(&value).map_err(|e| err(e.to_string()))?;
        if plan.timepoints != Timepoint::ALL {
            return Err(err("timepoints must be intake, follow-up, exit, after-6-months".into()));
        }
        let mut steps = BTreeMap::new();
        for t in plan.tracks {
            for (timepoint, step) in [
                (Timepoint::Intake, t.intake),
                (Timepoint::FollowUp, t.follow_up),
                (Timepoint::Exit, t.exit),
                (Timepoint::After6Months, t.after_6_months),
            ] {
                if steps.insert((t.id, timepoint), step).is_some() {
                    return Err(err(format!("track {} appears twice", t.id.id())));
                }
            }
        }
        if let Some(missing) = Track::ALL.iter().find(|t| !steps.contains_key(&(**t, Timepoint::Intake))) {
            return Err(err(format!("track {} is missing", missing.id())));
        }
        Ok(Plan { version: plan.version, steps })
    }

    /// The ids of every instrument required at a timepoint, staff forms
    /// included, in plan order: what an app that loads instruments on demand
    /// looks through.
    pub fn required(&self, track: Track, timepoint: Timepoint) -> &[String] {
        &self.step(track, timepoint).required
    }

    pub fn step(&self, track: Track, timepoint: Timepoint) -> &Step {
        // Every (track, timepoint) pair is present after `parse`.
        &self.steps[&(track, timepoint)]
    }

    /// The instruments the participant answers themselves, in plan order.
    pub fn participant_instruments<'a>(
        &self,
        instruments: &'a [Instrument],
        track: Track,
        timepoint: Timepoint,
    ) -> Vec<&'a Instrument> {
        self.step(track, timepoint)
            .required
            .iter()
            .filter_map(|id| instruments.iter().find(|i| &i.id == id))
            .filter(|i| i.respondent == Respondent::Participant)
            .collect()
    }
}

/// The shipped plan, read without the instruments, for an app that loads
/// instruments at run time; `stegvis content` and the tests check it against
/// them ([`shipped`]).
pub fn compiled() -> &'static Plan {
    static COMPILED: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| Plan::read(PLAN_FILE.0, PLAN_FILE.1).expect("shipped plan is valid"))
}

/// The shipped plan for the shipped instruments, parsed once; checked by the tests.
pub fn shipped() -> &'static Plan {
    static SHIPPED: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| Plan::parse(PLAN_FILE.0, PLAN_FILE.1, super::shipped()).expect("shipped plan is valid"))
}
