//! When data on a device is at risk: storage the browser may clear, answers
//! left unsent too long, or a clock that is behind the records it holds.

pub use super::date::days_between;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The browser may clear the data when space runs low.
    NotPersistent,
    /// Answers not yet sent, the oldest this many days old.
    Unsent { answers: usize, days: i64 },
    /// Today's date on the device is before the newest record on it.
    ClockBehind,
}

pub struct Situation<'a> {
    /// `None` when the browser cannot tell.
    pub persisted: Option<bool>,
    pub unsent: usize,
    pub oldest_unsent: Option<&'a str>,
    pub newest_record: Option<&'a str>,
    pub today: &'a str,
    pub warn_days: u32,
}

pub fn warnings(s: &Situation) -> Vec<Warning> {
    let mut out = Vec::new();
    if s.persisted == Some(false) {
        out.push(Warning::NotPersistent);
    }
    if let Some(days) = s.oldest_unsent.and_then(|o| days_between(o, s.today)) {
        if s.unsent > 0 && days >= i64::from(s.warn_days) {
            out.push(Warning::Unsent { answers: s.unsent, days });
        }
    }
    if s.newest_record.and_then(|n| days_between(n, s.today)).is_some_and(|d| d < 0) {
        out.push(Warning::ClockBehind);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_name_each_risk() {
        let base = Situation {
            persisted: Some(true),
            unsent: 3,
            oldest_unsent: Some("2026-11-20"),
            newest_record: Some("2026-11-25"),
            today: "2026-11-26",
            warn_days: 7,
        };
        assert_eq!(warnings(&base), []);
        assert_eq!(warnings(&Situation { warn_days: 6, ..base }), [Warning::Unsent { answers: 3, days: 6 }]);
        assert_eq!(warnings(&Situation { persisted: Some(false), ..base }), [Warning::NotPersistent]);
        assert_eq!(warnings(&Situation { persisted: None, ..base }), [], "unknown is not a warning");
        assert_eq!(warnings(&Situation { today: "2026-01-01", ..base }), [Warning::ClockBehind]);
        assert_eq!(warnings(&Situation { unsent: 0, warn_days: 1, ..base }), []);
    }
}
