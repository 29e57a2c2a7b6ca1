//! The compact form of the content a participant's phone fetches: the fields
//! of a value in a fixed order, each one followed by U+001F (the unit
//! separator). `stegvis content` writes it at build time, once every content
//! file has checked out with the full parsers; the participant's app reads it
//! with [`Fields`], which needs no parser, only "is the next field there and
//! of its kind". A phone downloads fewer bytes than JSON and carries no JSON
//! parser for the content (see `content::Packed`).

use std::str::FromStr;

/// Ends every field. Content never holds it: [`Writer`] refuses such a text.
pub const END: char = '\u{1f}';

/// Builds the packed text of a value, field by field.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// The first text that held [`END`]: the build fails naming it.
    refused: Option<String>,
}

impl Writer {
    pub fn text(&mut self, text: &str) {
        if text.contains(END) && self.refused.is_none() {
            self.refused = Some(text.to_string());
        }
        self.out.push_str(text);
        self.out.push(END);
    }

    pub fn number(&mut self, n: i64) {
        self.text(&n.to_string());
    }

    pub fn flag(&mut self, on: bool) {
        self.text(if on { "1" } else { "" });
    }

    /// The number of values that follow (a list, a map).
    pub fn count(&mut self, n: usize) {
        self.number(n as i64);
    }

    pub fn finish(self) -> Result<String, String> {
        match self.refused {
            None => Ok(self.out),
            Some(text) => Err(format!("a text holds the control character U+001F, which content may not: {text:?}")),
        }
    }
}

/// Reads a packed text field by field. Every read is `None` once a field is
/// missing or not of its kind: the file is broken, and the caller says so.
pub struct Fields<'a> {
    rest: std::str::Split<'a, char>,
}

impl<'a> Fields<'a> {
    pub fn new(packed: &'a str) -> Self {
        Fields { rest: packed.split(END) }
    }

    pub fn text(&mut self) -> Option<&'a str> {
        self.rest.next()
    }

    pub fn string(&mut self) -> Option<String> {
        self.text().map(str::to_string)
    }

    pub fn number<T: FromStr>(&mut self) -> Option<T> {
        self.text()?.parse().ok()
    }

    pub fn flag(&mut self) -> Option<bool> {
        match self.text()? {
            "1" => Some(true),
            "" => Some(false),
            _ => None,
        }
    }

    /// A count, then that many values read by `each`.
    pub fn list<T>(&mut self, mut each: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n: usize = self.number()?;
        // A count larger than the fields left is a broken file, not an allocation.
        let mut out = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            out.push(each(self)?);
        }
        Some(out)
    }

    /// True when every field was read: nothing follows the last [`END`].
    pub fn finished(mut self) -> bool {
        self.rest.next() == Some("") && self.rest.next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_as_written() {
        let mut w = Writer::default();
        w.text("Hur mår du?\nRad två, \"citat\"");
        w.number(-7);
        w.flag(true);
        w.flag(false);
        w.count(2);
        w.text("a");
        w.text("");
        let packed = w.finish().unwrap();
        let mut f = Fields::new(&packed);
        assert_eq!(f.text(), Some("Hur mår du?\nRad två, \"citat\""));
        assert_eq!(f.number::<i32>(), Some(-7));
        assert_eq!(f.flag(), Some(true));
        assert_eq!(f.flag(), Some(false));
        assert_eq!(f.list(|f| f.string()), Some(vec!["a".to_string(), String::new()]));
        assert!(f.finished());
    }

    #[test]
    fn a_text_with_the_separator_is_refused_and_a_short_file_reads_as_broken() {
        let mut w = Writer::default();
        w.text("ett\u{1f}två");
        assert!(w.finish().unwrap_err().contains("U+001F"));
        // Cut short, or a number that is not one.
        let mut f = Fields::new("3\u{1f}a\u{1f}");
        assert_eq!(f.list(|f| f.string()), None);
        assert_eq!(Fields::new("x\u{1f}").number::<u32>(), None);
        assert_eq!(Fields::new("2\u{1f}").flag(), None);
        // Fields left over: not the value the reader expected.
        let mut f = Fields::new("a\u{1f}b\u{1f}");
        assert_eq!(f.text(), Some("a"));
        assert!(!f.finished());
    }
}
