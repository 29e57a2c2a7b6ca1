//! Which stored records are encrypted at rest, and what binds each sealed
//! record to its place. The cryptography itself is WebCrypto
//! (`platform::vault`); these rules are plain so they can be tested here.

/// Stores whose every record is about a participant: roster, their answers
/// and surveys, staff ratings and goals.
const SEALED_STORES: [&str; 5] = ["participants", "responses", "assessments", "goals", "surveys"];

/// Records of the bundles store that hold participant data: a staff device's
/// own exports and the phone bundles it received. The evaluator's imports and
/// the small index records are not sealed (see docs/security.md).
const SEALED_BUNDLE_PREFIXES: [&str; 2] = ["export:", "received:"];

/// The id prefixes of `store` whose records are kept encrypted on a device
/// that has an at-rest key ("" for every record).
pub fn sealed_prefixes(store: &str) -> &'static [&'static str] {
    if SEALED_STORES.contains(&store) {
        &[""]
    } else if store == "bundles" {
        &SEALED_BUNDLE_PREFIXES
    } else {
        &[]
    }
}

/// Whether the record `id` of `store` is kept encrypted.
pub fn is_sealed(store: &str, id: &str) -> bool {
    sealed_prefixes(store).iter().any(|prefix| id.starts_with(prefix))
}

/// Whether `store` keeps its record keys hidden as well. The roster is keyed
/// by participant code, so on a device with an at-rest key a roster record is
/// stored under a keyed hash of its code (`HIDDEN_ID_PREFIX` and base64url):
/// not even the pseudonyms can be listed without the staff passphrase.
pub fn hides_id(store: &str) -> bool {
    store == "participants"
}

pub const HIDDEN_ID_PREFIX: &str = "h:";

/// Additional authenticated data for a sealed record: a record copied to
/// another id or store no longer opens.
pub fn associated_data(store: &str, id: &str) -> Vec<u8> {
    // The store's length first, so no store/id pair reads as another.
    format!("stegvis/at-rest/v1/{}:{store}/{id}", store.len()).into_bytes()
}

/// HKDF `info` for the key of a sealed record, and the AES-GCM associated
/// data of the wrapped device private key.
pub const RECORD_KEY_INFO: &[u8] = b"stegvis/at-rest/v1/record-key";
pub const WRAPPED_KEY_AAD: &[u8] = b"stegvis/at-rest/v1/device-key";
/// HKDF `info` for the HMAC key that hides record keys (see [`hides_id`]).
pub const ID_KEY_INFO: &[u8] = b"stegvis/at-rest/v1/id-key";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participant_stores_are_sealed_and_device_stores_are_not() {
        for store in SEALED_STORES {
            assert!(is_sealed(store, "any-id"), "{store}");
        }
        for store in ["keys", "settings"] {
            assert!(!is_sealed(store, "kiosk"), "{store}");
        }
    }

    #[test]
    fn bundles_are_sealed_only_where_they_hold_participant_data() {
        assert!(is_sealed("bundles", "export:3f2a"));
        assert!(is_sealed("bundles", "received:9b1c"));
        assert!(!is_sealed("bundles", "imported:9b1c"));
        assert!(!is_sealed("bundles", "known:kid:hash"));
        assert!(!is_sealed("bundles", "index:v1"));
    }

    #[test]
    fn only_the_roster_hides_its_keys() {
        assert!(hides_id("participants"));
        for store in ["responses", "assessments", "goals", "surveys", "bundles", "keys", "settings"] {
            assert!(!hides_id(store), "{store}: its ids are random, not codes");
        }
    }

    #[test]
    fn associated_data_differs_by_store_and_id() {
        assert_ne!(associated_data("responses", "a"), associated_data("assessments", "a"));
        assert_ne!(associated_data("responses", "a"), associated_data("responses", "b"));
        assert_ne!(associated_data("responses", "a/b"), associated_data("responses/a", "b"));
    }
}
