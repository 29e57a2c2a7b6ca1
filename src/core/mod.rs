//! Pure Rust: no browser APIs here.

pub mod language;
pub mod route;
pub mod translation;
pub mod ui_text;
