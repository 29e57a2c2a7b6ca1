//! Canonical JSON (RFC 8785, JCS) for the values Stegvis hashes and signs:
//! object keys sorted by UTF-16 code units, no whitespace, strings escaped as
//! JSON.stringify does. Only integers are allowed as numbers, so the number
//! formatting rules of JCS never come into play; a float is an error.

use std::fmt;

use serde_json::Value;

#[derive(Debug, PartialEq, Eq)]
pub struct NotCanonical(pub String);

impl fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

pub fn to_string(value: &Value) -> Result<String, NotCanonical> {
    let mut out = String::new();
    write(value, &mut out)?;
    Ok(out)
}

fn write(value: &Value, out: &mut String) -> Result<(), NotCanonical> {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&value.to_string()),
        Value::Number(n) => {
            if n.is_f64() {
                return Err(NotCanonical(format!("the number {n} is not an integer")));
            }
            // Beyond 2^53 JavaScript (and so RFC 8785) cannot write the integer exactly.
            const SAFE: u64 = (1 << 53) - 1;
            if n.as_i64().map_or(true, |v| v.unsigned_abs() > SAFE) {
                return Err(NotCanonical(format!("the number {n} is too large to be exact in JSON")));
            }
            out.push_str(&n.to_string());
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            // Keys of one object are unique, so an unstable sort gives one order.
            entries.sort_unstable_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write(item, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Whether `bytes` are exactly the canonical JSON of the value they hold:
/// the same as `to_string(&serde_json::from_slice(bytes)?) == bytes`, read in
/// one pass without building the value (an import checks every payload).
pub fn is_canonical(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_err() {
        return false;
    }
    let mut reader = Reader { bytes, at: 0 };
    reader.value(0) && reader.at == bytes.len()
}

/// An object key as written (quotes included), for the order of keys.
enum Key<'a> {
    /// Plain ASCII: byte order is UTF-16 order.
    Ascii(&'a [u8]),
    Text(String),
}

impl<'a> Key<'a> {
    fn of(quoted: &'a [u8]) -> Key<'a> {
        let inner = &quoted[1..quoted.len() - 1];
        if inner.iter().all(|&b| b.is_ascii() && b != b'\\') {
            Key::Ascii(inner)
        } else {
            // Checked as a string already: only its escapes are left to read.
            Key::Text(serde_json::from_slice(quoted).unwrap_or_default())
        }
    }

    fn before(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Ascii(a), Key::Ascii(b)) => a < b,
            _ => self.text().encode_utf16().lt(other.text().encode_utf16()),
        }
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Key::Ascii(a) => String::from_utf8_lossy(a),
            Key::Text(t) => std::borrow::Cow::Borrowed(t),
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// serde_json refuses to nest deeper than this.
    const MAX_DEPTH: usize = 127;

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let ok = self.peek() == Some(b);
        self.at += ok as usize;
        ok
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        let ok = self.bytes[self.at..].starts_with(word);
        self.at += if ok { word.len() } else { 0 };
        ok
    }

    fn value(&mut self, depth: usize) -> bool {
        match self.peek() {
            Some(b'{') if depth < Self::MAX_DEPTH => self.object(depth + 1),
            Some(b'[') if depth < Self::MAX_DEPTH => self.array(depth + 1),
            Some(b'"') => self.string().is_some(),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.integer(),
            _ => false,
        }
    }

    fn array(&mut self, depth: usize) -> bool {
        self.at += 1;
        if self.eat(b']') {
            return true;
        }
        loop {
            if !self.value(depth) {
                return false;
            }
            if self.eat(b']') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }

    fn object(&mut self, depth: usize) -> bool {
        self.at += 1;
        if self.eat(b'}') {
            return true;
        }
        let mut previous: Option<Key> = None;
        loop {
            let start = self.at;
            if self.string().is_none() {
                return false;
            }
            let key = Key::of(&self.bytes[start..self.at]);
            // Strictly increasing in UTF-16 code units: sorted, and no key twice.
            if previous.as_ref().is_some_and(|p| !p.before(&key)) {
                return false;
            }
            if !self.eat(b':') || !self.value(depth) {
                return false;
            }
            previous = Some(key);
            if self.eat(b'}') {
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }

    /// A string escaped exactly as `to_string` writes it.
    fn string(&mut self) -> Option<()> {
        if !self.eat(b'"') {
            return None;
        }
        loop {
            // Most of a text is plain: skip to the next quote, escape or control byte.
            let plain = self.bytes[self.at..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            self.at += plain;
            let b = self.bytes[self.at];
            self.at += 1;
            match b {
                b'"' => return Some(()),
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        // Only control characters without a short form, in lower-case hex.
                        b'u' => {
                            let hex = self.bytes.get(self.at..self.at + 4)?;
                            self.at += 4;
                            let digit = |d: u8| match d {
                                b'0'..=b'9' => Some(d - b'0'),
                                b'a'..=b'f' => Some(d - b'a' + 10),
                                _ => None,
                            };
                            if hex[0] != b'0' || hex[1] != b'0' {
                                return None;
                            }
                            let c = digit(hex[2])? << 4 | digit(hex[3])?;
                            if c >= 0x20 || matches!(c, 0x08 | 0x0c | b'\n' | b'\r' | b'\t') {
                                return None;
                            }
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// An integer as `to_string` writes it: no plus, no leading zero, no
    /// minus zero, no fraction or exponent, within JavaScript's exact range.
    fn integer(&mut self) -> bool {
        let negative = self.eat(b'-');
        let digits = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let text = &self.bytes[digits..self.at];
        if text.is_empty() || (text[0] == b'0' && (text.len() > 1 || negative)) || text.len() > 16 {
            return false;
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return false;
        }
        let value: u64 = text.iter().fold(0, |n, d| n * 10 + (d - b'0') as u64);
        value < 1 << 53
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_drops_whitespace() {
        let v: Value = serde_json::from_str("{ \"b\": [1, 2, {\"z\": null, \"a\": true}], \"a\": \"x\" }").unwrap();
        assert_eq!(to_string(&v).unwrap(), r#"{"a":"x","b":[1,2,{"a":true,"z":null}]}"#);
    }

    #[test]
    fn escapes_like_json_stringify() {
        let v = json!({ "t": "rad\nny \"citat\" \\ \u{1} åäö € /" });
        assert_eq!(to_string(&v).unwrap(), "{\"t\":\"rad\\nny \\\"citat\\\" \\\\ \\u0001 åäö € /\"}");
    }

    #[test]
    fn orders_keys_by_utf16_code_units() {
        // U+FFFD sorts after U+1F600 in UTF-16 (0xFFFD > 0xD83D) but before it in UTF-8.
        let v = json!({ "\u{1F600}": 1, "\u{FFFD}": 2 });
        assert_eq!(to_string(&v).unwrap(), "{\"\u{1F600}\":1,\"\u{FFFD}\":2}");
    }

    #[test]
    fn refuses_floats() {
        assert!(to_string(&json!({ "x": 1.5 })).is_err());
        assert_eq!(to_string(&json!([-3, 0, 9007199254740991i64])).unwrap(), "[-3,0,9007199254740991]");
        assert!(to_string(&json!([9007199254740992i64])).is_err());
        assert!(to_string(&json!([18446744073709551615u64])).is_err());
    }

    /// The old definition: parse, write canonically, compare.
    fn by_value(bytes: &[u8]) -> bool {
        serde_json::from_slice::<Value>(bytes)
            .ok()
            .and_then(|v| to_string(&v).ok())
            .is_some_and(|c| c.as_bytes() == bytes)
    }

    #[test]
    fn is_canonical_agrees_with_writing_the_value() {
        let cases: &[&[u8]] = &[
            br#"{"a":"x","b":[1,2,{"a":true,"z":null}]}"#,
            br#"{"b":1,"a":2}"#,
            br#"{"a":1,"a":2}"#,
            br#"{ "a":1}"#,
            br#"{"a":1} "#,
            br#"[-0]"#,
            br#"[0]"#,
            br#"[01]"#,
            br#"[1.0]"#,
            br#"[1e3]"#,
            br#"[-9007199254740991,9007199254740991]"#,
            br#"[9007199254740992]"#,
            br#"[-9007199254740992]"#,
            br#"["\u0001\n\t\b\f\r\"\\"]"#,
            br#"["\u000a"]"#,
            br#"["\u001F"]"#,
            br#"["\u0041"]"#,
            br#"["\/"]"#,
            "[\"\u{7f}åäö\"]".as_bytes(),
            b"[\"\x01\"]",
            br#"{"\u0001":1,"a":2}"#,
            "{\"\u{1F600}\":1,\"\u{FFFD}\":2}".as_bytes(),
            "{\"\u{FFFD}\":2,\"\u{1F600}\":1}".as_bytes(),
            br#"[true,false,null]"#,
            br#"[tru]"#,
            br#"[1,]"#,
            br#"{}"#,
            br#"[]"#,
            br#""#,
            br#""x""#,
            b"[\"\xff\"]",
        ];
        for case in cases {
            assert_eq!(is_canonical(case), by_value(case), "{:?}", String::from_utf8_lossy(case));
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes();
        for n in [126, 127, 128, 129] {
            assert_eq!(is_canonical(&deep(n)), by_value(&deep(n)), "depth {n}");
        }
        // Every one-byte change of a canonical text, judged the same both ways.
        let sample = to_string(&json!({"a": [1, -2, "x\ny", {"k": null, "l": true}], "b": "åäö \"q\"", "c": {}})).unwrap();
        let bytes = sample.as_bytes();
        for i in 0..bytes.len() {
            for b in [b' ', b'0', b'9', b'-', b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'a', b'z', b'u', 0x01, 0xc3] {
                let mut changed = bytes.to_vec();
                changed[i] = b;
                assert_eq!(is_canonical(&changed), by_value(&changed), "{:?}", String::from_utf8_lossy(&changed));
            }
        }
    }
}
