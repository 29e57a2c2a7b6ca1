//! When data on a device is at risk: storage the browser may clear, answers
//! left unsent too long, or a clock that is behind the records it holds.

/// Days from the civil date `y-m-d` to 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days from `from` to `to` (both YYYY-MM-DD); `None` if either is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let parse = |s: &str| -> Option<i64> {
        if !super::participant::is_date(s) {
            return None;
        }
        Some(days_from_civil(s[..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?))
    };
    Some(parse(to)? - parse(from)?)
}

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
    fn days_count_across_months_and_leap_years() {
        assert_eq!(days_between("2026-02-28", "2026-03-01"), Some(1));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2025-12-31", "2026-01-01"), Some(1));
        assert_eq!(days_between("2026-11-26", "2026-11-19"), Some(-7));
        assert_eq!(days_between("1970-01-01", "2000-01-01"), Some(10_957));
        assert_eq!(days_between("2026-13-01", "2026-11-19"), None);
    }

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
