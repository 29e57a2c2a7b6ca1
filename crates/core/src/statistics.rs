//! Paired change for evaluators: from each participant's intake and exit
//! answers on an item, the change in favourable steps (positive = better).
//! The Wilcoxon signed-rank test uses the normal approximation, drops zero
//! changes before ranking (Wilcoxon's method), gives tied absolute changes
//! their average rank and corrects the variance for ties, without continuity
//! correction: SciPy's `wilcoxon(d, zero_method="wilcox", correction=False,
//! method="approx")`. The effect size is the matched-pairs rank-biserial
//! correlation, (W+ − W−) / (W+ + W−). Reference values: `scripts/reference-statistics.py`.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Wilcoxon {
    /// Pairs with a non-zero change: the ones ranked.
    pub n: usize,
    /// Pairs with no change, left out of the ranking.
    pub zeros: usize,
    pub w_plus: f64,
    pub w_minus: f64,
    /// min(W+, W−), as SciPy reports it for a two-sided test.
    pub statistic: f64,
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    pub rank_biserial: f64,
}

/// The test for a list of changes; `None` when no change is non-zero.
pub fn wilcoxon(changes: &[i32]) -> Option<Wilcoxon> {
    let zeros = changes.iter().filter(|c| **c == 0).count();
    let mut nonzero: Vec<i32> = changes.iter().copied().filter(|c| *c != 0).collect();
    if nonzero.is_empty() {
        return None;
    }
    nonzero.sort_by_key(|c| c.unsigned_abs());
    let n = nonzero.len();
    let (mut w_plus, mut w_minus, mut ties) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && nonzero[j + 1].unsigned_abs() == nonzero[i].unsigned_abs() {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their average.
        let rank = (i + j + 2) as f64 / 2.0;
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        for c in &nonzero[i..=j] {
            if *c > 0 {
                w_plus += rank;
            } else {
                w_minus += rank;
            }
        }
        i = j + 1;
    }
    let nf = n as f64;
    let mean = nf * (nf + 1.0) / 4.0;
    let variance = nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - ties / 48.0;
    let statistic = w_plus.min(w_minus);
    let z = if variance > 0.0 { (statistic - mean) / variance.sqrt() } else { 0.0 };
    Some(Wilcoxon {
        n,
        zeros,
        w_plus,
        w_minus,
        statistic,
        z,
        p_value: (erfc(z.abs() / std::f64::consts::SQRT_2)).min(1.0),
        rank_biserial: (w_plus - w_minus) / (w_plus + w_minus),
    })
}

/// The complementary error function, to about 1e-12 relative accuracy
/// (continued fraction for large x, series for small).
fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        // erf(x) = 2/sqrt(pi) * sum x^(2k+1) (-1)^k / (k! (2k+1))
        let (mut term, mut sum, mut k) = (x, x, 0.0);
        while term.abs() > 1e-17 * sum.abs() {
            k += 1.0;
            term *= -x * x / k;
            sum += term / (2.0 * k + 1.0);
        }
        return 1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum;
    }
    // Lentz's method on erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))).
    let tiny = 1e-300;
    let mut f = x;
    let (mut c, mut d) = (x, 0.0);
    for k in 1..300 {
        let a = k as f64 / 2.0;
        d = x + a * d;
        d = if d.abs() < tiny { tiny } else { d };
        c = x + a / c;
        c = if c.abs() < tiny { tiny } else { c };
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (-x * x).exp() / std::f64::consts::PI.sqrt() / f
}

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The 95 % Wilson score interval of a share `k` of `n` (Wilson 1927;
/// Newcombe 1998, method 3), without continuity correction; `None` for n = 0.
pub fn wilson(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The Hodges–Lehmann estimate of the median change (the median of the
/// Walsh averages (dᵢ + dⱼ)/2, i ≤ j, zeros included) and its 95 %
/// interval from the signed-rank statistic's normal approximation
/// (Hollander & Wolfe, *Nonparametric Statistical Methods*, 2nd ed. 1999,
/// §3.2): the C-th smallest and C-th largest Walsh averages, C = ⌊n(n+1)/4
/// − 1,96·√(n(n+1)(2n+1)/24)⌋. No interval when C < 1 (n under 6).
pub fn hodges_lehmann(changes: &[i32]) -> Option<(f64, Option<(f64, f64)>)> {
    let n = changes.len() as u64;
    if n == 0 {
        return None;
    }
    // The n(n+1)/2 Walsh averages are never listed: changes are whole steps
    // with few distinct values, so the averages are counted by their sum
    // over pairs of distinct values (a 10 000-person cohort would otherwise
    // need 50 million of them).
    let mut values: BTreeMap<i32, u64> = BTreeMap::new();
    for c in changes {
        *values.entry(*c).or_default() += 1;
    }
    let mut sums: BTreeMap<i64, u64> = BTreeMap::new();
    for (i, (&a, &ca)) in values.iter().enumerate() {
        *sums.entry(2 * i64::from(a)).or_default() += ca * (ca + 1) / 2;
        for (&b, &cb) in values.iter().skip(i + 1) {
            *sums.entry(i64::from(a) + i64::from(b)).or_default() += ca * cb;
        }
    }
    // The k-th smallest Walsh average, 1-based.
    let kth = |k: u64| {
        let mut seen = 0;
        sums.iter().find(|(_, count)| {
            seen += **count;
            seen >= k
        })
        .map(|(sum, _)| *sum as f64 / 2.0)
        .expect("k is at most the number of Walsh averages")
    };
    let total = n * (n + 1) / 2;
    let estimate = if total % 2 == 1 { kth(total / 2 + 1) } else { (kth(total / 2) + kth(total / 2 + 1)) / 2.0 };
    let nf = n as f64;
    let c = (nf * (nf + 1.0) / 4.0 - Z95 * (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0).sqrt()).floor();
    let interval = (c >= 1.0).then(|| (kth(c as u64), kth(total - c as u64 + 1)));
    Some((estimate, interval))
}

/// Holm's step-down adjustment of p-values (Holm 1979): the i-th smallest
/// of m is multiplied by m − i + 1, kept at or above the one before it, and
/// capped at 1. In the order given; `None` stays `None` and is not counted.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p.len()).filter(|i| p[*i].is_some()).collect();
    order.sort_by(|a, b| p[*a].unwrap().total_cmp(&p[*b].unwrap()));
    let m = order.len();
    let mut out = vec![None; p.len()];
    let mut running: f64 = 0.0;
    for (rank, i) in order.into_iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i].unwrap()).min(1.0));
        out[i] = Some(running);
    }
    out
}

/// Better, unchanged and worse, and the median change, for a list of changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedSummary {
    pub n_paired: usize,
    pub better: usize,
    pub unchanged: usize,
    pub worse: usize,
    pub median_change: Option<f64>,
    pub wilcoxon: Option<Wilcoxon>,
    /// The Hodges–Lehmann estimate and its 95 % interval, see [`hodges_lehmann`].
    pub hodges_lehmann: Option<(f64, Option<(f64, f64)>)>,
}

/// The median of a list, or `None` when it is empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

pub fn paired_summary(changes: &[i32]) -> PairedSummary {
    let n = changes.len();
    let median_change = median(&mut changes.iter().map(|c| f64::from(*c)).collect::<Vec<_>>());
    PairedSummary {
        n_paired: n,
        better: changes.iter().filter(|c| **c > 0).count(),
        unchanged: changes.iter().filter(|c| **c == 0).count(),
        worse: changes.iter().filter(|c| **c < 0).count(),
        median_change,
        wilcoxon: wilcoxon(changes),
        hodges_lehmann: hodges_lehmann(changes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hodges_lehmann_counts_the_walsh_averages_it_does_not_list() {
        // Against the definition: every Walsh average listed and sorted.
        let listed = |d: &[i32]| {
            let mut w: Vec<f64> = (0..d.len()).flat_map(|i| (i..d.len()).map(move |j| (i, j))).map(|(i, j)| f64::from(d[i] + d[j]) / 2.0).collect();
            let estimate = median(&mut w).unwrap();
            let n = d.len() as f64;
            let c = (n * (n + 1.0) / 4.0 - Z95 * (n * (n + 1.0) * (2.0 * n + 1.0) / 24.0).sqrt()).floor();
            (estimate, (c >= 1.0).then(|| (w[c as usize - 1], w[w.len() - c as usize])))
        };
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..500 {
            let n = 1 + next(60) as usize;
            let spread = 1 + next(9) as i32;
            let d: Vec<i32> = (0..n).map(|_| next(2 * spread as u64 + 1) as i32 - spread).collect();
            assert_eq!(hodges_lehmann(&d), Some(listed(&d)), "{d:?}");
        }
        // A large cohort needs no memory for its 50 million averages.
        let big: Vec<i32> = (0..10_000).map(|i| i % 7 - 2).collect();
        assert!(hodges_lehmann(&big).unwrap().1.is_some());
    }

    #[test]
    fn erfc_matches_known_values() {
        for (x, want) in [
            (0.0, 1.0),
            (0.5, 0.4795001221869535),
            (1.0, 0.15729920705028513),
            (2.5, 0.0004069520174449590),
            (4.0, 1.541725790028002e-08),
        ] {
            let got = erfc(x);
            assert!(((got - want) / want).abs() < 1e-10, "erfc({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn summary_counts_directions_and_the_median() {
        let s = paired_summary(&[2, 0, -1, 3, 0, 1]);
        assert_eq!((s.n_paired, s.better, s.unchanged, s.worse), (6, 3, 2, 1));
        assert_eq!(s.median_change, Some(0.5));
        assert_eq!(s.wilcoxon.as_ref().map(|w| (w.n, w.zeros)), Some((4, 2)));
        assert_eq!(paired_summary(&[]).median_change, None);
        assert_eq!(wilcoxon(&[0, 0]), None);
    }

    #[test]
    fn intervals_and_adjustments_have_their_textbook_values() {
        // Newcombe (1998), table I: 81/263 → 0.2553 to 0.3662; 15/148 → 0.0624 to 0.1605.
        let (lo, hi) = wilson(81, 263).unwrap();
        assert!((lo - 0.2553).abs() < 5e-5 && (hi - 0.3662).abs() < 5e-5, "{lo} {hi}");
        let (lo, hi) = wilson(15, 148).unwrap();
        assert!((lo - 0.0624).abs() < 5e-5 && (hi - 0.1605).abs() < 5e-5, "{lo} {hi}");
        assert_eq!(wilson(0, 0), None);
        assert_eq!(wilson(0, 10).unwrap().0, 0.0);
        // Holm: 0.01, 0.04, 0.03 of three → 0.03, 0.06, 0.06.
        let adjusted = holm(&[Some(0.01), Some(0.04), None, Some(0.03)]);
        let want = [Some(0.03), Some(0.06), None, Some(0.06)];
        for (a, w) in adjusted.iter().zip(want) {
            assert_eq!(a.is_some(), w.is_some());
            if let (Some(a), Some(w)) = (a, w) {
                assert!((a - w).abs() < 1e-12, "{adjusted:?}");
            }
        }
        // Hodges–Lehmann: 1..=10 has estimate 5.5; C = ⌊27.5 − 1.96·9.81⌋ = 8.
        let changes: Vec<i32> = (1..=10).collect();
        let (estimate, interval) = hodges_lehmann(&changes).unwrap();
        assert_eq!(estimate, 5.5);
        assert_eq!(interval, Some((3.0, 8.0)));
        assert_eq!(hodges_lehmann(&[1, 2, 3]).unwrap().1, None, "too few for an interval");
    }

    /// Reference values from SciPy, made by `scripts/reference-statistics.py`.
    #[test]
    fn wilcoxon_agrees_with_scipy() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/statistics/wilcoxon.json")).unwrap();
        let cases = cases["cases"].as_array().unwrap();
        assert!(cases.len() >= 8);
        for case in cases {
            let changes: Vec<i32> =
                case["changes"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap() as i32).collect();
            let w = wilcoxon(&changes).unwrap();
            let close = |a: f64, b: &serde_json::Value, what: &str| {
                let b = b.as_f64().unwrap();
                assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what} for {changes:?}: {a} vs SciPy {b}");
            };
            close(w.statistic, &case["statistic"], "statistic");
            close(w.p_value, &case["pvalue"], "p");
            close(w.z.abs(), &case["zstatistic_abs"], "z");
            close(w.rank_biserial, &case["rank_biserial"], "r");
        }
    }
}
