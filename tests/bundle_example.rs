//! A bundle made and signed in headless Chromium (WebCrypto Ed25519) by the
//! e2e flow, verified by the Rust core: the two implementations agree.

use stegvis::core::bundle::{self, Rejection};

const EXAMPLE: &str = include_str!("fixtures/bundle-example.json");

#[test]
fn a_browser_signed_bundle_verifies_in_the_core() {
    let v = bundle::verify(EXAMPLE.as_bytes()).expect("the example bundle verifies");
    assert_eq!(v.header.alg, "EdDSA");
    assert_eq!(v.payload.device.label, "Surfplatta 1");
    assert_eq!(v.payload.sequence, 1);
    assert_eq!(v.payload.assessments.len(), 1);
    assert_eq!(v.payload.instruments[0].id, "utfall");
}

#[test]
fn the_example_with_one_changed_payload_character_is_refused() {
    let at = EXAMPLE.find("\"payload\":\"").unwrap() + 40;
    let mut changed = EXAMPLE.to_string();
    let c = if &EXAMPLE[at..at + 1] == "A" { "B" } else { "A" };
    changed.replace_range(at..at + 1, c);
    assert_eq!(bundle::verify(changed.as_bytes()), Err(Rejection::SignatureMismatch));
}
