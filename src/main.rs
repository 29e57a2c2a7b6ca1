//! The staff and evaluator app in the browser; natively, the build's tool
//! for content: `stegvis content <dir>` checks every content file and writes
//! what the participant's app fetches (see `stegvis_core::content`).

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic shows in the console with its message instead of "unreachable".
    console_error_panic_hook::set_once();
    stegvis::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(native::run(std::env::args().skip(1).collect()));
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::Path;

    use stegvis::core::instrument::{self, plan};
    use stegvis::core::{content, deployment, ui_text::UiText};

    pub fn run(args: Vec<String>) -> i32 {
        match args.as_slice() {
            [cmd, dir] if cmd == "content" => match write_content(Path::new(dir)) {
                Ok(n) => {
                    println!("stegvis content: {n} files checked and written to {dir}");
                    0
                }
                Err(e) => {
                    eprintln!("stegvis content: {e}");
                    1
                }
            },
            _ => {
                eprintln!("Stegvis runs in the browser: use `make run`.\nusage: stegvis content <dir>");
                2
            }
        }
    }

    /// Checks instruments, plan, words and deployment with the full parsers
    /// (a problem names its file and field) and writes the content files.
    fn write_content(dir: &Path) -> Result<usize, String> {
        let instruments =
            instrument::parse_instruments(instrument::SHIPPED_INSTRUMENT_FILES).map_err(|e| e.to_string())?;
        let plan = plan::Plan::parse(plan::PLAN_FILE.0, plan::PLAN_FILE.1, &instruments)?;
        deployment::Deployment::parse(include_str!("../content/deployment.json"))?;
        let text = UiText::parse(&stegvis::core::ui_text::SHIPPED).map_err(|e| e.to_string())?;
        let files = content::site_files(&plan, &instruments, &text);
        for (path, json) in &files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("content paths have a folder"))
                .and_then(|()| std::fs::write(&path, json))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(files.len())
    }
}
