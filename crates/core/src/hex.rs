//! Lower-case hexadecimal, as digests are written.

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_each_byte_as_two_digits() {
        assert_eq!(super::hex(&[0, 9, 10, 255, 0x3c]), "00090aff3c");
    }
}
