//! Stegvis: intake and exit questionnaires and step movement for Swedish youth
//! projects, entirely in the browser.
//!
//! Three layers, kept apart so the core can be read and tested without a browser:
//! - [`core`]: plain Rust (no web-sys), tested natively with `cargo test`;
//! - `platform`: thin adapters over browser APIs (IndexedDB, storage, location);
//! - `ui`: Leptos screens, one a file, with no business rules of their own.
//!
//! `platform` and `ui` exist only on wasm32, so a native build proves that the
//! core does not reach for the browser.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod platform;

#[cfg(target_arch = "wasm32")]
pub mod ui;
