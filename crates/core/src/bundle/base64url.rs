//! Base64url without padding (RFC 4648 §5), as JOSE uses it. Decoding is
//! strict: any character outside the alphabet, padding, or unused bits that
//! are not zero is refused, so one text has exactly one meaning and a
//! changed character can never decode to the same bytes.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Each byte's place in the alphabet, 255 for a byte outside it: one lookup
/// a character, where a search of the alphabet dominated verifying a bundle.
const VALUES: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

fn value(c: u8) -> Option<u32> {
    match VALUES[c as usize] {
        255 => None,
        v => Some(v as u32),
    }
}

pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    let whole = bytes.chunks_exact(4);
    let rest = whole.remainder();
    // Whole groups of four, most of a bundle: one check for all four (a
    // byte outside the alphabet has the high bit of its value set).
    for chunk in whole {
        let v = [chunk[0], chunk[1], chunk[2], chunk[3]].map(|c| VALUES[c as usize]);
        if (v[0] | v[1] | v[2] | v[3]) & 0x80 != 0 {
            return None;
        }
        let n = (v[0] as u32) << 18 | (v[1] as u32) << 12 | (v[2] as u32) << 6 | v[3] as u32;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    if !rest.is_empty() {
        let mut n = 0u32;
        for (i, c) in rest.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let produced = rest.len() - 1;
        // Bits below the last whole byte must be zero.
        if n & ((1 << (24 - 8 * produced)) - 1) != 0 {
            return None;
        }
        out.extend((0..produced).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors_round_trip() {
        for (plain, coded) in
            [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")]
        {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
    }

    #[test]
    fn anything_but_the_one_canonical_text_is_refused() {
        for bad in ["Zg==", "Zh", "Z", "Zm9v+", "Zm/v", "Zm 9v", "ö"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        // A character outside the alphabet anywhere in a whole group.
        let good = encode(b"twelve bytes");
        for i in 0..good.len() {
            for c in ['=', '+', '/', ' ', '\u{7f}'] {
                let mut bad = good.clone().into_bytes();
                bad[i] = c as u8;
                assert_eq!(decode(std::str::from_utf8(&bad).unwrap()), None, "{c:?} at {i}");
            }
        }
        assert_eq!(decode("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(decode("Zm9"), None, "unused bits set");
    }
}
