//! Random bytes and ids from the browser's CSPRNG (crypto.getRandomValues),
//! which works in every context, also plain http and iframes.

pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).expect("crypto is available");
    crypto.get_random_values_with_u8_array(&mut buf).expect("random values");
    buf
}

/// 128 random bits as 32 hex characters: ids for surveys, responses, devices.
pub fn id() -> String {
    bytes::<16>().iter().map(|b| format!("{b:02x}")).collect()
}
