//! Thin adapters over browser APIs. No business rules here: each module turns
//! one browser facility into plain Rust values and errors.

pub mod bundles;
pub mod cases;
pub mod clock;
pub mod device_key;
pub mod document;
pub mod files;
pub mod form_values;
pub mod location_hash;
pub mod persistence;
pub mod preferences;
pub mod random;
pub mod roster;
pub mod service_worker;
pub mod single_tab;
pub mod speech;
pub mod staff_passphrase;
pub mod storage;
pub mod survey_saves;
pub mod surveys;
pub mod transport_key;
pub mod vault;
pub mod webcrypto;
