//! A participant on the roster: a pseudonymous code and the few facts the
//! evaluation needs. No name, personnummer or birth date, ever.

use serde::{Deserialize, Serialize};

use super::instrument::plan::Track;
use super::instrument::Timepoint;
use super::participant_code::ParticipantCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    /// Tjej/kvinna
    Girl,
    /// Kille/man
    Boy,
    /// Annat/ickebinär
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Girl, Gender::Boy, Gender::Other];

    pub fn id(self) -> &'static str {
        match self {
            Gender::Girl => "girl",
            Gender::Boy => "boy",
            Gender::Other => "other",
        }
    }

    pub fn from_id(id: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.id() == id)
    }
}

/// That the participant, and for a minor a guardian, agreed to take part:
/// only the fact and the date (YYYY-MM-DD), no signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub participant_on: String,
    pub guardian_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The participant code doubles as the record's key.
    pub id: ParticipantCode,
    pub track: Track,
    pub project_tag: String,
    pub enrolled_on: String,
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub consent: Consent,
    /// The day staff closed the case with an exit outcome (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<String>,
    /// Timepoints staff could not reach the participant for (exit, six
    /// months after), with the day they recorded it: counted in coverage,
    /// and off the worklist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreachable: Vec<Unreached>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unreached {
    pub timepoint: Timepoint,
    /// YYYY-MM-DD
    pub on: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnrolProblem {
    /// Not a date written YYYY-MM-DD.
    BadDate,
    AgeOutOfRange,
    /// Without the participant's consent, nobody is enrolled.
    NoConsent,
    /// Under 18, or age not known: a guardian's consent is needed.
    NoGuardianConsent,
    /// Consent given after the enrolment date.
    ConsentAfterEnrolment,
    /// The project tag is too long or carries a personnummer, phone or e-mail.
    Project(crate::free_text::FreeTextProblem),
}

/// A date written YYYY-MM-DD with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// Ages the projects work with.
pub const AGES: std::ops::RangeInclusive<u8> = 13..=24;

impl Participant {
    /// Whether staff recorded that they could not reach the participant for `timepoint`.
    pub fn unreached(&self, timepoint: Timepoint) -> bool {
        self.unreachable.iter().any(|u| u.timepoint == timepoint)
    }

    /// Records that staff could not reach the participant for `timepoint` (once).
    pub fn mark_unreached(&mut self, timepoint: Timepoint, today: &str) {
        if !self.unreached(timepoint) {
            self.unreachable.push(Unreached { timepoint, on: today.to_string() });
        }
    }

    /// Checks an enrolment before it is stored.
    pub fn check(&self) -> Result<(), EnrolProblem> {
        if let Err(p) = crate::free_text::check_optional(&self.project_tag, crate::free_text::PROJECT_MAX) {
            return Err(EnrolProblem::Project(p));
        }
        if !is_date(&self.enrolled_on) {
            return Err(EnrolProblem::BadDate);
        }
        if self.age.is_some_and(|a| !AGES.contains(&a)) {
            return Err(EnrolProblem::AgeOutOfRange);
        }
        let consent = &self.consent;
        if consent.participant_on.is_empty() {
            return Err(EnrolProblem::NoConsent);
        }
        if !is_date(&consent.participant_on) {
            return Err(EnrolProblem::BadDate);
        }
        let minor_or_unknown = self.age.is_none_or(|a| a < 18);
        match &consent.guardian_on {
            None if minor_or_unknown => return Err(EnrolProblem::NoGuardianConsent),
            Some(d) if !is_date(d) => return Err(EnrolProblem::BadDate),
            _ => {}
        }
        // ISO dates compare as text.
        let latest = consent.guardian_on.iter().chain([&consent.participant_on]).max().unwrap();
        if latest.as_str() > self.enrolled_on.as_str() {
            return Err(EnrolProblem::ConsentAfterEnrolment);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Participant {
        Participant {
            id: ParticipantCode::from_random([1, 2, 3, 4, 5]),
            track: Track::Kaa,
            project_tag: "test".into(),
            enrolled_on: "2026-11-26".into(),
            gender: Some(Gender::Girl),
            age: Some(19),
            consent: Consent { participant_on: "2026-11-20".into(), guardian_on: None },
            closed_on: None,
            unreachable: Vec::new(),
        }
    }

    #[test]
    fn an_adult_with_consent_is_enrolled() {
        assert_eq!(base().check(), Ok(()));
    }

    #[test]
    fn a_project_tag_carries_no_personnummer() {
        let mut p = base();
        p.project_tag = "200501012384".into();
        assert_eq!(p.check(), Err(EnrolProblem::Project(crate::free_text::FreeTextProblem::LooksLikeIdentityNumber)));
        p.project_tag = String::new();
        assert_eq!(p.check(), Ok(()), "a project tag is optional");
    }

    #[test]
    fn minors_and_unknown_ages_need_a_guardian() {
        let mut p = base();
        p.age = Some(16);
        assert_eq!(p.check(), Err(EnrolProblem::NoGuardianConsent));
        p.age = None;
        assert_eq!(p.check(), Err(EnrolProblem::NoGuardianConsent));
        p.consent.guardian_on = Some("2026-11-21".into());
        assert_eq!(p.check(), Ok(()));
    }

    #[test]
    fn consent_dates_and_ages_are_checked() {
        let mut p = base();
        p.consent.participant_on = String::new();
        assert_eq!(p.check(), Err(EnrolProblem::NoConsent));
        let mut p = base();
        p.consent.participant_on = "2026-12-01".into();
        assert_eq!(p.check(), Err(EnrolProblem::ConsentAfterEnrolment));
        let mut p = base();
        p.enrolled_on = "26/11/2026".into();
        assert_eq!(p.check(), Err(EnrolProblem::BadDate));
        let mut p = base();
        p.enrolled_on = "2026-13-01".into();
        assert_eq!(p.check(), Err(EnrolProblem::BadDate));
        let mut p = base();
        p.age = Some(30);
        assert_eq!(p.check(), Err(EnrolProblem::AgeOutOfRange));
    }

    #[test]
    fn the_record_holds_no_field_for_names_or_birth_dates() {
        let json = serde_json::to_value(base()).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["age", "consent", "enrolled_on", "gender", "id", "project_tag", "track"]);
    }
}
