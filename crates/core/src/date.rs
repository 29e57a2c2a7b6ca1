//! Calendar days written YYYY-MM-DD, as records store them: the distance
//! between two days and a day some days or months later. No time zones: a
//! record's day is its UTC day.

use super::participant::is_date;

/// Days from the civil date `y-m-d` to 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01 (the inverse of the above).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn parse(s: &str) -> Option<(i64, i64, i64)> {
    let s = s.get(..10)?;
    if !is_date(s) {
        return None;
    }
    Some((s[..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?))
}

fn write((y, m, d): (i64, i64, i64)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of a date or an ISO 8601 time (its first ten characters).
pub fn day(s: &str) -> Option<&str> {
    s.get(..10).filter(|d| is_date(d))
}

/// Days from `from` to `to` (days or ISO times); `None` if either is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let days = |s| parse(s).map(|(y, m, d)| days_from_civil(y, m, d));
    Some(days(to)? - days(from)?)
}

/// The day `n` days after `day`.
pub fn add_days(day: &str, n: i64) -> Option<String> {
    let (y, m, d) = parse(day)?;
    Some(write(civil_from_days(days_from_civil(y, m, d) + n)))
}

/// The same day of the month `n` months later, or the month's last day
/// when it is shorter (31 August + 6 months is 28 or 29 February).
pub fn add_months(day: &str, n: u32) -> Option<String> {
    let (y, m, d) = parse(day)?;
    let months = y * 12 + (m - 1) + i64::from(n);
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let last = days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1)
        - days_from_civil(y, m, 1);
    Some(write((y, m, d.min(last))))
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
        assert_eq!(days_between("2026-11-01T23:59:00.000Z", "2026-11-02"), Some(1), "a time counts as its day");
    }

    #[test]
    fn adding_days_is_the_inverse_of_counting_them() {
        for (from, n) in [("2026-01-10", 56), ("2024-02-28", 1), ("2025-12-31", 1), ("2000-02-29", 366), ("2026-03-01", -1)]
        {
            let to = add_days(from, n).unwrap();
            assert_eq!(days_between(from, &to), Some(n), "{from} + {n} = {to}");
        }
        assert_eq!(add_days("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(add_days("2026-03-01", -1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_days("2026-13-01", 1), None);
        assert_eq!(add_days("1 mars", 1), None);
    }

    #[test]
    fn months_keep_the_day_or_end_the_month() {
        assert_eq!(add_months("2026-01-10", 6).as_deref(), Some("2026-07-10"));
        assert_eq!(add_months("2026-08-31", 6).as_deref(), Some("2027-02-28"));
        assert_eq!(add_months("2027-08-31", 6).as_deref(), Some("2028-02-29"));
        assert_eq!(add_months("2026-12-15", 1).as_deref(), Some("2027-01-15"));
        assert_eq!(add_months("2026-11-30", 0).as_deref(), Some("2026-11-30"));
    }
}
