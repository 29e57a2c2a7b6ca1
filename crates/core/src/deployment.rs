//! Settings of one deployment of Stegvis (`content/deployment.json`).

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// The project's own name (a proper noun, the same in every language),
    /// put where instruments say `{projekt}`. Without it, the translated
    /// words for "the project" are used.
    pub project_name: Option<String>,
    /// Weeks between follow-ups of an open case.
    #[serde(default = "follow_up_weeks")]
    pub follow_up_weeks: u32,
    /// Months after the exit when the outcome is asked again.
    #[serde(default = "after_exit_months")]
    pub after_exit_months: u32,
}

fn follow_up_weeks() -> u32 {
    8
}

fn after_exit_months() -> u32 {
    6
}

impl Default for Deployment {
    fn default() -> Deployment {
        Deployment { project_name: None, follow_up_weeks: follow_up_weeks(), after_exit_months: after_exit_months() }
    }
}

impl Deployment {
    pub fn parse(content: &str) -> Result<Deployment, String> {
        let d: Deployment = serde_json::from_str(content).map_err(|e| format!("content/deployment.json: {e}"))?;
        if d.project_name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err("content/deployment.json: project_name is empty; use null for none".into());
        }
        if !(1..=52).contains(&d.follow_up_weeks) {
            return Err("content/deployment.json: follow_up_weeks must be 1 to 52".into());
        }
        if !(1..=36).contains(&d.after_exit_months) {
            return Err("content/deployment.json: after_exit_months must be 1 to 36".into());
        }
        Ok(d)
    }
}

/// The shipped deployment settings, checked by the tests.
pub fn shipped() -> &'static Deployment {
    static SHIPPED: std::sync::OnceLock<Deployment> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| {
        Deployment::parse(include_str!("../../../content/deployment.json")).expect("shipped deployment is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_parse_and_bad_ones_are_refused() {
        shipped();
        assert_eq!(
            Deployment::parse(r#"{"project_name": "En skola för alla"}"#).unwrap().project_name.as_deref(),
            Some("En skola för alla")
        );
        assert!(Deployment::parse(r#"{"project_name": " "}"#).is_err());
        assert!(Deployment::parse(r#"{"projektnamn": "x"}"#).unwrap_err().contains("projektnamn"));
        let d = Deployment::parse(r#"{"project_name": null}"#).unwrap();
        assert_eq!((d.follow_up_weeks, d.after_exit_months), (8, 6), "defaults");
        let d = Deployment::parse(r#"{"project_name": null, "follow_up_weeks": 4}"#).unwrap();
        assert_eq!(d.follow_up_weeks, 4);
        assert!(Deployment::parse(r#"{"project_name": null, "follow_up_weeks": 0}"#).unwrap_err().contains("follow_up_weeks"));
    }
}
