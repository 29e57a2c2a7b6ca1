//! The pure core of Stegvis: instruments, responses, statistics, the bundle
//! format and its verification. Plain Rust with no browser APIs, so the
//! participant's app, the staff and evaluator app and native tools share it,
//! and `cargo test` tests it natively.
//!
//! The feature `verify` (on by default) adds signature verification
//! (ed25519-dalek, p256); the participant's app builds without it.

pub mod assessment;
pub mod at_rest;
pub mod bundle;
pub mod canonical_json;
pub mod case;
pub mod content;
pub mod date;
pub mod deployment;
pub mod evaluation;
pub mod free_text;
pub mod goal;
pub mod handoff;
pub mod hex;
pub mod instrument;
pub mod labels;
pub mod language;
pub mod participant;
pub mod packed;
pub mod participant_code;
pub mod plural;
#[cfg(feature = "qr")]
pub mod qr;
pub mod response;
pub mod route;
pub mod staff_lock;
pub mod storage_risk;
pub mod statistics;
pub mod step_movement;
pub mod survey;
#[cfg(test)]
mod testing;
pub mod translation;
pub mod ui_text;
pub mod worklist;
pub mod zip;
