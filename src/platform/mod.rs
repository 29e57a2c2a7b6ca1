//! Thin adapters over browser APIs. No business rules here: each module turns
//! one browser facility into plain Rust values and errors.

pub mod clock;
pub mod content;
pub mod document;
pub mod files;
pub mod location_hash;
pub mod preferences;
pub mod random;
pub mod save_worker;
pub mod sender;
pub mod service_worker;
pub mod single_tab;
pub mod speech;
pub mod storage;
pub mod survey_saves;
pub mod surveys;
pub mod vault;
pub mod webcrypto;

/// Modules only the staff and evaluator app has.
macro_rules! staff_only {
    ($($name:ident),* $(,)?) => { $(#[cfg(feature = "staff")] pub mod $name;)* };
}
/// Modules that make and sign a device's bundle. The staff app links them;
/// the participant's app loads them from a module of its own after *Skicka in*
/// (`sender`, `crates/send`), so a phone's first load carries none of them.
macro_rules! sending {
    ($($name:ident),* $(,)?) => { $(#[cfg(feature = "send")] pub mod $name;)* };
}
sending!(bundles, compression, device_key, send);

staff_only!(camera, cases, form_values, imports, persistence, roster, staff_passphrase, transport_key);
