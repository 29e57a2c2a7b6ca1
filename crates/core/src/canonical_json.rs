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
}
