//! Where the user is in the app, as a pure value.
//!
//! The route lives in the URL fragment (`#/personal`) so that any static file
//! host can serve the app without rewrite rules and a deep link survives a
//! reload. Path segments are Swedish, because staff share these links.

use crate::instrument::plan::Track;
use crate::instrument::Timepoint;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page where the user picks a role.
    Start,
    Participant,
    /// A survey in progress or done, by its id.
    Survey(String),
    Staff,
    /// Staff start a survey on their own device for a participant (kiosk).
    KioskStart,
    /// The participants on this device, and enrolling a new one.
    Roster,
    /// One participant's case: the timeline of everything planned, by code.
    ParticipantCase(String),
    /// A staff form for a participant at a timepoint.
    Rating {
        code: String,
        instrument: String,
        timepoint: String,
    },
    /// The participant's goal staircase.
    Goals(String),
    /// The participant's step movement from intake to the latest timepoint.
    StepMovement(String),
    /// Closing the case with the exit outcome.
    CloseCase(String),
    /// Staff make a signed bundle of the device's data ("Skicka data").
    Export,
    /// Staff read a phone's signed answers from its screen with the camera ("Ta emot svar").
    ReceiveAnswers,
    /// Storage on this device: persistence, space, what is not yet sent, removing what is sent.
    StorageStatus,
    /// Staff change the passphrase of this device ("Byt kod").
    ChangePassphrase,
    /// Staff check every instrument's wording before use ("Frågor").
    Questions,
    Evaluator,
    /// The evaluator's figures: step movement, outcomes, attrition, exports.
    EvaluatorResults,
    /// Anything else; keeps what was asked for so the page can show it.
    NotFound(String),
}

/// The folder of the staff and evaluator app, beside the participant's app
/// at the root: both read the same routes, so a link handed out for one
/// works in the other.
pub const STAFF_APP: &str = "personal/";

impl Route {
    /// Whether the participant's app (the root page, what a participant's
    /// link opens) has this screen. The staff app has every screen: a kiosk
    /// survey runs on the staff tablet inside it.
    pub fn in_participant_app(&self) -> bool {
        matches!(self, Route::Start | Route::Participant | Route::Survey(_) | Route::NotFound(_))
    }

    /// Reads a `location.hash` value such as `#/personal`, `#personal` or ``.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        // Query-like tails (`?kod=...`) belong to the screen, not the route.
        let path = path.split(['?', '&']).next().unwrap_or("");
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Start,
            "deltagare" => Route::Participant,
            "personal/enkat" => Route::KioskStart,
            "personal/deltagare" => Route::Roster,
            p if p.starts_with("deltagare/enkat/") && p.len() > "deltagare/enkat/".len() => {
                Route::Survey(p["deltagare/enkat/".len()..].to_string())
            }
            p if p.starts_with("personal/deltagare/") => case_route(&p["personal/deltagare/".len()..]),
            "personal" => Route::Staff,
            "personal/fragor" => Route::Questions,
            "personal/skicka" => Route::Export,
            "personal/ta-emot" => Route::ReceiveAnswers,
            "personal/lagring" => Route::StorageStatus,
            "personal/kod" => Route::ChangePassphrase,
            "utvarderare" => Route::Evaluator,
            "utvarderare/resultat" => Route::EvaluatorResults,
            other => Route::NotFound(other.to_string()),
        }
    }

    /// The fragment to link to, with its leading `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Start => "#/".to_string(),
            Route::Participant => "#/deltagare".to_string(),
            Route::Survey(id) => format!("#/deltagare/enkat/{id}"),
            Route::KioskStart => "#/personal/enkat".to_string(),
            Route::Roster => "#/personal/deltagare".to_string(),
            Route::ParticipantCase(code) => format!("#/personal/deltagare/{code}"),
            Route::Rating { code, instrument, timepoint } => {
                format!("#/personal/deltagare/{code}/bedomning/{instrument}/{timepoint}")
            }
            Route::Goals(code) => format!("#/personal/deltagare/{code}/mal"),
            Route::StepMovement(code) => format!("#/personal/deltagare/{code}/stegforflyttning"),
            Route::CloseCase(code) => format!("#/personal/deltagare/{code}/avsluta"),
            Route::Staff => "#/personal".to_string(),
            Route::Questions => "#/personal/fragor".to_string(),
            Route::Export => "#/personal/skicka".to_string(),
            Route::ReceiveAnswers => "#/personal/ta-emot".to_string(),
            Route::StorageStatus => "#/personal/lagring".to_string(),
            Route::ChangePassphrase => "#/personal/kod".to_string(),
            Route::Evaluator => "#/utvarderare".to_string(),
            Route::EvaluatorResults => "#/utvarderare/resultat".to_string(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

/// `<code>`, `<code>/mal`, `<code>/bedomning/<instrument>/<timepoint>`, …
fn case_route(rest: &str) -> Route {
    let parts: Vec<&str> = rest.split('/').collect();
    let owned = |s: &str| s.to_string();
    match parts.as_slice() {
        [code] if !code.is_empty() => Route::ParticipantCase(owned(code)),
        [code, "mal"] => Route::Goals(owned(code)),
        [code, "stegforflyttning"] => Route::StepMovement(owned(code)),
        [code, "avsluta"] => Route::CloseCase(owned(code)),
        [code, "bedomning", instrument, timepoint] if !instrument.is_empty() && !timepoint.is_empty() => {
            Route::Rating { code: owned(code), instrument: owned(instrument), timepoint: owned(timepoint) }
        }
        _ => Route::NotFound(format!("personal/deltagare/{rest}")),
    }
}

/// The `key=value` pairs after `?` in the fragment (`#/deltagare?kod=ABC`).
/// Values are taken as written: links carry ids and codes only.
pub fn query(hash: &str) -> Vec<(String, String)> {
    hash.split_once('?')
        .map(|(_, q)| {
            q.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
        })
        .unwrap_or_default()
}

/// One value of the fragment's query, e.g. `kod` in `#/deltagare?kod=ABC`.
pub fn query_value(hash: &str, name: &str) -> Option<String> {
    query(hash).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The link a participant opens on their own phone: code, track and timepoint.
pub fn participant_link(code: &str, track: &str, timepoint: &str) -> String {
    format!("#/deltagare?kod={code}&spar={track}&tid={timepoint}")
}

/// The track (`spar`) and timepoint (`tid`) a link's fragment names, each
/// when it is one Stegvis knows.
pub fn link_track_timepoint(hash: &str) -> (Option<Track>, Option<Timepoint>) {
    (
        query_value(hash, "spar").and_then(|t| Track::from_id(&t)),
        query_value(hash, "tid").and_then(|t| Timepoint::from_id(&t)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_its_track_and_timepoint() {
        let link = participant_link("ABCDE2", "kaa", "exit");
        assert_eq!(link_track_timepoint(&link), (Some(Track::Kaa), Some(Timepoint::Exit)));
        assert_eq!(link_track_timepoint("#/deltagare?spar=okand&tid=intake"), (None, Some(Timepoint::Intake)));
        assert_eq!(link_track_timepoint("#/deltagare"), (None, None));
    }

    #[test]
    fn the_participant_app_has_the_participant_path_and_nothing_of_staff() {
        for hash in ["#/", "#/deltagare?kod=ABC&spar=kaa&tid=intake", "#/deltagare/enkat/x1", "#/okand"] {
            assert!(Route::from_hash(hash).in_participant_app(), "{hash}");
        }
        for hash in ["#/personal", "#/personal/deltagare/ABCDE2/mal", "#/personal/skicka", "#/utvarderare/resultat"] {
            assert!(!Route::from_hash(hash).in_participant_app(), "{hash}");
        }
    }

    #[test]
    fn empty_and_root_hashes_are_the_start_page() {
        for hash in ["", "#", "#/", "#//"] {
            assert_eq!(Route::from_hash(hash), Route::Start, "{hash:?}");
        }
    }

    #[test]
    fn every_known_route_round_trips() {
        for route in [
            Route::Start,
            Route::Participant,
            Route::Survey("a1b2".into()),
            Route::Staff,
            Route::KioskStart,
            Route::Roster,
            Route::ParticipantCase("ABC234".into()),
            Route::Rating { code: "ABC234".into(), instrument: "skoldata".into(), timepoint: "follow-up".into() },
            Route::Goals("ABC234".into()),
            Route::StepMovement("ABC234".into()),
            Route::CloseCase("ABC234".into()),
            Route::Export,
            Route::ReceiveAnswers,
            Route::Questions,
            Route::Evaluator,
            Route::EvaluatorResults,
            Route::StorageStatus,
            Route::ChangePassphrase,
        ] {
            assert_eq!(Route::from_hash(&route.to_hash()), route);
        }
    }

    #[test]
    fn unknown_case_pages_are_not_found() {
        for hash in ["#/personal/deltagare/ABC234/okand", "#/personal/deltagare/ABC234/bedomning/skoldata"] {
            assert!(matches!(Route::from_hash(hash), Route::NotFound(_)), "{hash}");
        }
    }

    #[test]
    fn tolerant_of_missing_slash_trailing_slash_and_query() {
        assert_eq!(Route::from_hash("#personal"), Route::Staff);
        assert_eq!(Route::from_hash("#/personal/"), Route::Staff);
        assert_eq!(Route::from_hash("#/deltagare?kod=ABC"), Route::Participant);
    }

    #[test]
    fn links_carry_code_track_and_timepoint() {
        let link = participant_link("ABCDEF", "kaa", "intake");
        assert_eq!(Route::from_hash(&link), Route::Participant);
        assert_eq!(
            query(&link),
            [("kod".into(), "ABCDEF".into()), ("spar".into(), "kaa".into()), ("tid".into(), "intake".into())]
        );
        assert!(query("#/deltagare").is_empty());
        assert_eq!(query_value(&link, "spar").as_deref(), Some("kaa"));
        assert_eq!(query_value(&link, "saknas"), None);
        assert_eq!(Route::from_hash("#/deltagare/enkat/"), Route::NotFound("deltagare/enkat".into()));
    }

    #[test]
    fn unknown_paths_are_not_found_and_keep_the_path() {
        assert_eq!(Route::from_hash("#/finns-inte"), Route::NotFound("finns-inte".into()));
        assert_eq!(Route::from_hash("#/Personal"), Route::NotFound("Personal".into()));
        assert_eq!(Route::NotFound("x/y".into()).to_hash(), "#/x/y");
    }
}
