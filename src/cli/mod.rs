//! `stegvis` on the command line: verify, combine and package bundle files
//! with the same core as the browser (see README, "Command line").
//! Exit status: 0 all files taken, 1 some refused, 2 usage or I/O error.

mod content;
mod import;
mod inputs;
mod key;
mod package;
mod report;
mod verify;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use stegvis::core::bundle::jwe::PrivateKey;

#[derive(Parser)]
#[command(name = "stegvis", version, about = "Check and combine Stegvis bundle files, with the same rules as the app.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check each file: its verdict and reason, device, sequence and chain.
    Verify {
        #[command(flatten)]
        input: Input,
        /// One JSON object per file on standard output (JSON Lines).
        #[arg(long)]
        json: bool,
    },
    /// Write the data package of the files, as "Ladda ner datapaketet" does.
    Package {
        #[command(flatten)]
        input: Input,
        /// Where to write the ZIP file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The Excel variant: `;` between fields and a byte order mark.
        #[arg(long)]
        excel: bool,
        /// The package's creation time (RFC 3339, UTC); now when left out.
        #[arg(long, value_name = "TIME")]
        created: Option<String>,
    },
    /// Write the results, as "Se resultaten" shows them, to one printable HTML file.
    Report {
        #[command(flatten)]
        input: Input,
        /// Where to write the HTML file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The day the answer coverage is counted on (YYYY-MM-DD); today when left out.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// The evaluator's key for encrypted files.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Build step: check every content file and write what the app fetches.
    #[command(hide = true)]
    Content { dir: PathBuf },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Make a new key pair: the private key goes to FILE, the public key
    /// file that staff load into the app is printed.
    New {
        /// Where to write the private key (refused if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Args)]
struct Input {
    /// Bundle files, and folders to read every file under.
    #[arg(required = true, value_name = "FILES|DIRS")]
    paths: Vec<PathBuf>,
    /// The evaluator's private key, to open encrypted files.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// Take only files from devices this file lists as confirmed
    /// (a JSON list of {"kid": "…", "trust": "confirmed"}).
    #[arg(long, value_name = "FILE")]
    trust: Option<PathBuf>,
}

/// A failure that ends the command: usage or I/O (exit status 2).
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Fatal {
        Fatal(e.to_string())
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify { input, json } => verify::run(&input, json),
        Command::Package { input, out, excel, created } => package::run(&input, &out, excel, created),
        Command::Report { input, out, today } => report::run(&input, &out, today),
        Command::Key { command: KeyCommand::New { out } } => key::new(&out),
        Command::Content { dir } => content::run(&dir),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(e)) => {
            eprintln!("stegvis: {e}");
            ExitCode::from(2)
        }
    }
}

impl Input {
    fn files(&self) -> Result<Vec<PathBuf>, Fatal> {
        Ok(inputs::files(&self.paths).map_err(Fatal)?)
    }

    fn key(&self) -> Result<Option<PrivateKey>, Fatal> {
        let Some(path) = &self.key else { return Ok(None) };
        let text = std::fs::read(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        PrivateKey::parse(&text)
            .map(Some)
            .ok_or_else(|| Fatal(format!("{}: not an evaluator's private key (made by `stegvis key new`)", path.display())))
    }

    fn trust(&self) -> Result<Option<std::collections::BTreeMap<String, stegvis::core::bundle::import::KeyTrust>>, Fatal> {
        self.trust.as_deref().map(import::read_trust).transpose().map_err(Fatal)
    }
}

/// Progress on standard error while files are read, only on a terminal.
struct Progress {
    on: bool,
    total: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress { on: std::io::stderr().is_terminal(), total }
    }

    fn show(&self, done: usize) {
        if self.on && (done % 100 == 0 || done == self.total) {
            eprint!("\r{done} av {} filer", self.total);
            if done == self.total {
                eprintln!();
            }
        }
    }
}

/// The exit status after a run: 2 when a file could not be read, 1 when one was refused.
fn status(totals: &import::Totals) -> u8 {
    if totals.unreadable > 0 {
        2
    } else if totals.refused > 0 {
        1
    } else {
        0
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
