//! How figures are written, the Swedish way, wherever they are shown
//! (*Se resultaten* and the command line's report).

use super::suppression::Shown;

/// A decimal number the Swedish way: comma, and a real minus sign.
pub fn decimal(x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",").replace('-', "−")
}

/// "39 %", or "–" for no share.
pub fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{} %", (s * 100.0).round())).unwrap_or_else(|| "–".into())
}

/// "22 (39 %)", "<5" or "22".
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
        assert_eq!(count_and_share(Shown::Hidden, Shown::Count(56)), "<5");
    }
}
