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
        assert_eq!(p_value(0.0034), "0,003");
        assert_eq!(p_value(0.001), "0,001");
        assert_eq!(p_value(0.000_999), "< 0,001");
        assert_eq!(p_value(1.0e-5), "< 0,001");
        assert_eq!(p_equation(0.0339), "p = 0,034");
        assert_eq!(p_equation(1.0e-5), "p < 0,001");
    }
}
