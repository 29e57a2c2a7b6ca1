//! How figures are written, the Swedish way, wherever they are shown
//! (*Se resultaten* and the command line's report).

use super::suppression::Shown;

/// A decimal number the Swedish way: comma, and a real minus sign.
pub fn decimal(x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",").replace('-', "−")
}

/// A p-value as a table shows it: three decimals, and "< 0,001" below that,
/// never "0,000" (which would read as no chance at all).
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0,001".into()
    } else {
        decimal(p, 3)
    }
}

/// A p-value in a sentence: "p = 0,034" or "p < 0,001".
pub fn p_equation(p: f64) -> String {
    if p < 0.001 {
        "p < 0,001".into()
    } else {
        format!("p = {}", decimal(p, 3))
    }
}

/// "39 %", or "–" for no share.
pub fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{} %", (s * 100.0).round())).unwrap_or_else(|| "–".into())
}

/// "22 (39 %; 28–52 %)": a count, its share and the share's 95 % Wilson
/// interval, where both counts are shown; else as [`count_and_share`].
pub fn count_share_interval(n: Shown, of: Shown) -> String {
    match (n, of) {
        (Shown::Count(k), Shown::Count(d)) if d > 0 => {
            let (lo, hi) = crate::statistics::wilson(k, d).expect("d > 0");
            format!("{k} ({}; {}–{} %)", percent(Some(k as f64 / d as f64)), (lo * 100.0).round(), (hi * 100.0).round())
        }
        _ => count_and_share(n, of),
    }
}

/// "−0,5 till 1,0": an interval, or "–" for none.
pub fn interval(i: Option<(f64, f64)>, digits: usize) -> String {
    i.map(|(lo, hi)| format!("{} till {}", decimal(lo, digits), decimal(hi, digits))).unwrap_or_else(|| "–".into())
}

/// "22 (39 %)", "dold" or "22".
pub fn count_and_share(n: Shown, of: Shown) -> String {
    match n.share(of) {
        Some(s) => format!("{} ({})", n.text(), percent(Some(s))),
        None => n.text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_written_the_swedish_way() {
        assert_eq!(decimal(-1.25, 1), "−1,2");
        assert_eq!(percent(Some(0.386)), "39 %");
        assert_eq!(percent(None), "–");
        assert_eq!(count_and_share(Shown::Count(22), Shown::Count(56)), "22 (39 %)");
        assert_eq!(count_and_share(Shown::Hidden, Shown::Count(56)), "dold");
        assert_eq!(count_share_interval(Shown::Count(22), Shown::Count(56)), "22 (39 %; 28–52 %)");
        assert_eq!(count_share_interval(Shown::Count(22), Shown::Hidden), "22");
        assert_eq!(interval(Some((-0.5, 1.0)), 1), "−0,5 till 1,0");
        assert_eq!(p_value(0.0034), "0,003");
        assert_eq!(p_value(0.001), "0,001");
        assert_eq!(p_value(0.000_999), "< 0,001");
        assert_eq!(p_value(1.0e-5), "< 0,001");
        assert_eq!(p_equation(0.0339), "p = 0,034");
        assert_eq!(p_equation(1.0e-5), "p < 0,001");
    }
}
