//! The evaluator's dataset: every participant, answer, rating and goal read
//! from the imported bundles, each record once, and the filters and groups
//! that every figure is computed for.

pub mod cells;
pub mod chart;
pub mod coverage;
pub mod disclosure;
pub mod export;
pub mod format;
pub mod items;
pub mod outcomes;
pub mod simplex;
pub mod suppression;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::bundle::import::BundleRecords;
use super::bundle::{Payload, Verified};
use super::goal::Goal;
use super::instrument::plan::Track;
use super::instrument::Timepoint;
use super::language::Language;
use super::participant::{Gender, Participant};
use super::response::Response;

/// One participant as the evaluation sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub code: String,
    pub track: Option<Track>,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    /// Empty when not known.
    pub project_tag: String,
    /// The enrolment date, or the day of the first intake answer when only
    /// the answers were imported.
    pub start: Option<String>,
    /// Languages the participant's own answers were given in.
    pub languages: BTreeSet<Language>,
    /// The day the case was closed, when known.
    pub closed_on: Option<String>,
    /// Timepoints staff recorded they could not reach the participant for.
    pub unreachable: Vec<Timepoint>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub people: Vec<Person>,
    /// Participants' own responses and staff ratings, each once.
    pub responses: Vec<Response>,
    pub goals: Vec<Goal>,
}

impl Dataset {
    /// Everything in the bundles (forwarded ones included). Records are
    /// counted once; a participant or goal seen in several bundles is taken
    /// as the device's latest bundle describes it.
    pub fn from_bundles(bundles: &[Verified]) -> Dataset {
        Dataset::from_imported(bundles.iter().flat_map(BundleRecords::of).collect())
    }

    /// What imports kept of the bundles (see [`BundleRecords`]), in the
    /// devices' order: a later bundle describes a participant as they are
    /// now. Taken, not borrowed: a large import is not copied again.
    pub fn from_imported(mut imported: Vec<BundleRecords>) -> Dataset {
        imported.sort_by_key(|b| b.sequence);
        // Participants and goals are few; the responses, most of it, go
        // straight from the bundles into the dataset, never copied whole.
        let participants: Vec<Participant> = imported.iter_mut().flat_map(|b| std::mem::take(&mut b.participants)).collect();
        let goals: Vec<Goal> = imported.iter_mut().flat_map(|b| std::mem::take(&mut b.goals)).collect();
        // One list of the size needed, so no copy of it is ever made to grow it.
        let mut responses = Vec::with_capacity(imported.iter().map(|b| b.responses.len() + b.assessments.len()).sum());
        for b in imported {
            responses.extend(b.responses);
            responses.extend(b.assessments);
        }
        Dataset::build(participants.into_iter().map(Cow::Owned), responses, goals.into_iter().map(Cow::Owned))
    }

    pub fn from_payloads(payloads: &[&Payload]) -> Dataset {
        Dataset::from_records(
            payloads.iter().flat_map(|p| &p.participants),
            payloads.iter().flat_map(|p| p.responses.iter().chain(&p.assessments)),
            payloads.iter().flat_map(|p| &p.goals),
        )
    }

    /// The dataset of these records: a participant or goal given twice is
    /// taken as given last, a response (by id) as given first. A staff
    /// device's own records make its roster's dataset the same way.
    pub fn from_records<'a>(
        participants: impl IntoIterator<Item = &'a Participant>,
        all_responses: impl IntoIterator<Item = &'a Response>,
        all_goals: impl IntoIterator<Item = &'a Goal>,
    ) -> Dataset {
        Dataset::build(
            participants.into_iter().map(Cow::Borrowed),
            all_responses.into_iter().cloned().collect(),
            all_goals.into_iter().map(Cow::Borrowed),
        )
    }

    fn build<'a>(
        participants: impl Iterator<Item = Cow<'a, Participant>>,
        mut responses: Vec<Response>,
        all_goals: impl Iterator<Item = Cow<'a, Goal>>,
    ) -> Dataset {
        let mut people: BTreeMap<String, Person> = BTreeMap::new();
        let mut goals: BTreeMap<String, Goal> = BTreeMap::new();
        let blank = |code: &str| Person {
            code: code.to_string(),
            track: None,
            gender: None,
            age: None,
            project_tag: String::new(),
            start: None,
            languages: BTreeSet::new(),
            closed_on: None,
            unreachable: Vec::new(),
        };
        for x in participants {
            let person = people.entry(x.id.as_str().to_string()).or_insert_with(|| blank(x.id.as_str()));
            person.track = Some(x.track);
            person.gender = x.gender;
            person.age = x.age;
            person.project_tag = x.project_tag.clone();
            person.start = Some(x.enrolled_on.clone());
            person.closed_on = x.closed_on.clone();
            person.unreachable = x.unreachable.iter().map(|u| u.timepoint).collect();
        }
        // A response given twice counts as given first. The responses are
        // most of an import's memory, so they are sorted where they are,
        // never copied: positions sorted by id find the later copies.
        let mut by_id: Vec<u32> = (0..responses.len() as u32).collect();
        by_id.sort_unstable_by(|a, b| (&responses[*a as usize].id, a).cmp(&(&responses[*b as usize].id, b)));
        let mut keep = vec![true; responses.len()];
        for pair in by_id.windows(2) {
            if responses[pair[0] as usize].id == responses[pair[1] as usize].id {
                keep[pair[1] as usize] = false;
            }
        }
        drop(by_id);
        let mut kept = keep.into_iter();
        responses.retain(|_| kept.next().unwrap_or(false));
        // By participant, as the people are ([`Dataset::people_with_responses`]).
        responses.sort_unstable_by(|a, b| (a.participant.as_str(), &a.id).cmp(&(b.participant.as_str(), &b.id)));
        for g in all_goals {
            goals.insert(g.id.clone(), g.into_owned());
        }
        for mine in responses.chunk_by(|a, b| a.participant.as_str() == b.participant.as_str()) {
            let code = mine[0].participant.as_str();
            let enrolled = people.contains_key(code);
            let person = people.entry(code.to_string()).or_insert_with(|| blank(code));
            for r in mine {
                person.track = person.track.or(Some(r.track));
                if r.rater.is_none() {
                    person.languages.extend(r.answers.iter().map(|a| a.language));
                }
                // Without a roster record, a participant starts on their first intake answer.
                if r.timepoint == Timepoint::Intake && !enrolled {
                    let day = r.completed_at.get(..10).unwrap_or_default();
                    if person.start.as_deref().is_none_or(|s| s > day) {
                        person.start = Some(day.to_string());
                    }
                }
            }
        }
        Dataset { people: people.into_values().collect(), responses, goals: goals.into_values().collect() }
    }

    /// Each participant with their responses and ratings, in one walk:
    /// people and responses are both sorted by participant code.
    pub fn people_with_responses(&self) -> impl Iterator<Item = (&Person, &[Response])> {
        let mut rest = self.responses.as_slice();
        self.people.iter().map(move |p| {
            let code = p.code.as_str();
            let before = rest.iter().take_while(|r| r.participant.as_str() < code).count();
            let mine = rest[before..].iter().take_while(|r| r.participant.as_str() == code).count();
            let (head, tail) = rest[before..].split_at(mine);
            rest = tail;
            (p, head)
        })
    }

    /// The project tags seen, for the filter.
    pub fn project_tags(&self) -> Vec<String> {
        let tags: BTreeSet<&String> = self.people.iter().map(|p| &p.project_tag).filter(|t| !t.is_empty()).collect();
        tags.into_iter().cloned().collect()
    }

    pub fn tracks(&self) -> Vec<Track> {
        Track::ALL.into_iter().filter(|t| self.people.iter().any(|p| p.track == Some(*t))).collect()
    }

    pub fn languages(&self) -> Vec<Language> {
        Language::ALL.into_iter().filter(|l| self.people.iter().any(|p| p.languages.contains(l))).collect()
    }

    /// The participants the filter keeps, with their records.
    pub fn filtered(&self, filter: &Filter) -> Dataset {
        let people: Vec<Person> = self.people.iter().filter(|p| filter.keeps(p)).cloned().collect();
        let codes: BTreeSet<&str> = people.iter().map(|p| p.code.as_str()).collect();
        Dataset {
            responses: self.responses.iter().filter(|r| codes.contains(r.participant.as_str())).cloned().collect(),
            goals: self.goals.iter().filter(|g| codes.contains(g.participant.as_str())).cloned().collect(),
            people,
        }
    }
}

/// What the evaluator narrows the data to. Empty fields keep everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub project_tag: Option<String>,
    pub track: Option<Track>,
    pub gender: Option<GenderGroup>,
    /// Participants who gave at least one of their own answers in this language.
    pub language: Option<Language>,
    /// First and last start day (YYYY-MM-DD), both included.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Filter {
    pub fn keeps(&self, p: &Person) -> bool {
        let start = p.start.as_deref().unwrap_or("");
        self.project_tag.as_ref().is_none_or(|t| *t == p.project_tag)
            && self.track.is_none_or(|t| p.track == Some(t))
            && self.gender.is_none_or(|g| g == GenderGroup::of(p.gender))
            && self.language.is_none_or(|l| p.languages.contains(&l))
            && self.from.as_ref().is_none_or(|f| !start.is_empty() && start >= f.as_str())
            && self.to.as_ref().is_none_or(|t| !start.is_empty() && start <= t.as_str())
    }
}

/// The four gender groups every table is split by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GenderGroup {
    Girl,
    Boy,
    Other,
    Missing,
}

impl GenderGroup {
    pub const ALL: [GenderGroup; 4] = [GenderGroup::Girl, GenderGroup::Boy, GenderGroup::Other, GenderGroup::Missing];

    /// The gender the group stands for; none for "not given".
    pub fn gender(self) -> Option<Gender> {
        match self {
            GenderGroup::Girl => Some(Gender::Girl),
            GenderGroup::Boy => Some(Gender::Boy),
            GenderGroup::Other => Some(Gender::Other),
            GenderGroup::Missing => None,
        }
    }

    pub fn of(g: Option<Gender>) -> GenderGroup {
        match g {
            Some(Gender::Girl) => GenderGroup::Girl,
            Some(Gender::Boy) => GenderGroup::Boy,
            Some(Gender::Other) => GenderGroup::Other,
            None => GenderGroup::Missing,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            GenderGroup::Girl => "girl",
            GenderGroup::Boy => "boy",
            GenderGroup::Other => "other",
            GenderGroup::Missing => "missing",
        }
    }

    pub fn from_id(id: &str) -> Option<GenderGroup> {
        GenderGroup::ALL.into_iter().find(|g| g.id() == id)
    }
}

/// The age bands every table is split by, besides gender and track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AgeBand {
    /// 13–15
    Young,
    /// 16–19
    Middle,
    /// 20–24
    Older,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Young, AgeBand::Middle, AgeBand::Older];

    /// The band of an age; none outside 13–24.
    pub fn of(age: Option<u8>) -> Option<AgeBand> {
        match age? {
            13..=15 => Some(AgeBand::Young),
            16..=19 => Some(AgeBand::Middle),
            20..=24 => Some(AgeBand::Older),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            AgeBand::Young => "13-15",
            AgeBand::Middle => "16-19",
            AgeBand::Older => "20-24",
        }
    }
}

/// A row of a split table: everyone, a gender group, a track or an age band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    All,
    Gender(GenderGroup),
    Track(Option<Track>),
    /// An age band, or none for an age not given (or outside 13–24).
    Age(Option<AgeBand>),
}

impl Group {
    pub fn contains(self, p: &Person) -> bool {
        match self {
            Group::All => true,
            Group::Gender(g) => GenderGroup::of(p.gender) == g,
            Group::Track(t) => p.track == t,
            Group::Age(a) => AgeBand::of(p.age) == a,
        }
    }

    /// A stable id for tests and exports: `all`, `gender:girl`, `track:kaa`.
    pub fn id(self) -> String {
        match self {
            Group::All => "all".into(),
            Group::Gender(g) => format!("gender:{}", g.id()),
            Group::Track(Some(t)) => format!("track:{}", t.id()),
            Group::Track(None) => "track:missing".into(),
            Group::Age(Some(a)) => format!("age:{}", a.id()),
            Group::Age(None) => "age:missing".into(),
        }
    }
}

/// The rows of every split: all, the four gender groups, each track
/// present among `people`, then each age band present. Gender rows, track
/// rows and age rows each add up to all.
pub fn groups(people: &[Person]) -> Vec<Group> {
    let mut out = vec![Group::All];
    out.extend(GenderGroup::ALL.map(Group::Gender));
    out.extend(Track::ALL.into_iter().filter(|t| people.iter().any(|p| p.track == Some(*t))).map(|t| Group::Track(Some(t))));
    if people.iter().any(|p| p.track.is_none()) {
        out.push(Group::Track(None));
    }
    out.extend(AgeBand::ALL.into_iter().filter(|a| people.iter().any(|p| AgeBand::of(p.age) == Some(*a))).map(|a| Group::Age(Some(a))));
    if people.iter().any(|p| AgeBand::of(p.age).is_none()) {
        out.push(Group::Age(None));
    }
    out
}

/// A participant's latest response on an instrument at a timepoint: the one
/// completed last (a second intake replaces the first; the latest of
/// several raters counts).
pub fn latest<'a>(responses: &'a [Response], instrument: &str, timepoint: Timepoint) -> Option<&'a Response> {
    responses
        .iter()
        .filter(|r| r.instrument.id == instrument && r.timepoint == timepoint)
        .max_by(|a, b| (&a.completed_at, &a.id).cmp(&(&b.completed_at, &b.id)))
}
