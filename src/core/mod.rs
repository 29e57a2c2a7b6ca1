//! Pure Rust: no browser APIs here.

pub mod canonical_json;
pub mod instrument;
pub mod language;
pub mod route;
pub mod translation;
pub mod ui_text;
