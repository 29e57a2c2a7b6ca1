//! The build's content step: `stegvis content <dir>` checks every content
//! file with the full parsers and writes what the participant's app fetches
//! (see `stegvis_core::content`).

use std::path::Path;

use stegvis::core::instrument::{self, plan};
use stegvis::core::{content, deployment, ui_text::UiText};

use super::Fatal;

pub fn run(dir: &Path) -> Result<u8, Fatal> {
    match write_content(dir) {
        Ok(n) => {
            println!("stegvis content: {n} files checked and written to {}", dir.display());
            Ok(0)
        }
        // A content file that does not check out fails the build, naming its file and field.
        Err(e) => {
            eprintln!("stegvis content: {e}");
            Ok(1)
        }
    }
}

/// Checks instruments, plan, words and deployment with the full parsers
/// (a problem names its file and field) and writes the content files.
fn write_content(dir: &Path) -> Result<usize, String> {
    let files = checked_content(instrument::SHIPPED_INSTRUMENT_FILES, &stegvis::core::ui_text::SHIPPED)?;
    for (path, json) in &files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("content paths have a folder"))
            .and_then(|()| std::fs::write(&path, json))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.len())
}

fn checked_content(instrument_files: &[(&str, &str)], ui_files: &[(&str, &str)]) -> Result<Vec<(String, String)>, String> {
    let instruments = instrument::parse_instruments(instrument_files).map_err(|e| e.to_string())?;
    let plan = plan::Plan::parse(plan::PLAN_FILE.0, plan::PLAN_FILE.1, &instruments)?;
    deployment::Deployment::parse(include_str!("../../content/deployment.json"))?;
    let text = UiText::parse(ui_files).map_err(|e| e.to_string())?;
    content::site_files(&plan, &instruments, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_content_file_stops_the_build_naming_its_file_and_field() {
        let shipped = instrument::SHIPPED_INSTRUMENT_FILES;
        let ui = &stegvis::core::ui_text::SHIPPED;
        assert!(checked_content(shipped, ui).is_ok_and(|files| files.len() > 40));
        // A scale point with a label that is not text, in the Arabic kaa-steg.
        let broken: Vec<(&str, String)> = shipped
            .iter()
            .map(|(path, text)| match *path {
                "content/instruments/ar/kaa-steg.json" => (*path, text.replacen("\"title\":", "\"title\": 7, \"x\":", 1)),
                _ => (*path, text.to_string()),
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = broken.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let err = checked_content(&borrowed, ui).unwrap_err();
        assert!(err.contains("content/instruments/ar/kaa-steg.json") && err.contains("title"), "{err}");
        // A word missing from a participant's language.
        let words: Vec<(&str, String)> = ui
            .iter()
            .map(|(path, text)| match *path {
                "content/ui/ti.json" => (*path, text.replacen("\"content.error\"", "\"content.errors\"", 1)),
                _ => (*path, text.to_string()),
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = words.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let err = checked_content(shipped, &borrowed).unwrap_err();
        assert!(err.contains("content/ui/ti.json"), "{err}");
    }
}
