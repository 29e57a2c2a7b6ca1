//! Settings of one deployment of Stegvis (`content/deployment.json`).

use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// The project's own name (a proper noun, the same in every language),
    /// put where instruments say `{projekt}`. Without it, the translated
    /// words for "the project" are used.
    pub project_name: Option<String>,
}

impl Deployment {
    pub fn parse(content: &str) -> Result<Deployment, String> {
        let d: Deployment = serde_json::from_str(content).map_err(|e| format!("content/deployment.json: {e}"))?;
        if d.project_name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err("content/deployment.json: project_name is empty; use null for none".into());
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
    }
}
