//! Stegvis in the browser: intake and exit questionnaires and step movement
//! for Swedish youth projects.
//!
//! Three layers, kept apart so the core can be read and tested without a browser:
//! - [`core`]: the crate `stegvis-core` (crates/core), plain Rust with no
//!   web-sys, tested natively with `cargo test`;
//! - `platform`: thin adapters over browser APIs (IndexedDB, WebCrypto, files);
//! - `ui`: Leptos screens, one a file, with no business rules of their own.
//!
//! `platform` and `ui` exist only on wasm32. Two apps are built from them: the
//! staff and evaluator app (this package's `stegvis` binary, feature `staff`)
//! and the participant's app (crates/participant, without `staff`).

pub use stegvis_core as core;

#[cfg(target_arch = "wasm32")]
pub mod platform;

#[cfg(target_arch = "wasm32")]
pub mod ui;
