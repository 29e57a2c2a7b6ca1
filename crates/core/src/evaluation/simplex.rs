//! A small dense simplex for the disclosure audit's linear programs: a few
//! hundred variables, x ≥ 0, equality constraints with integer right-hand
//! sides. Written here rather than taken from a crate so the core keeps no
//! dependency that reaches into the browser (the LP crates on crates.io time
//! their runs through `web-time`, which binds to JavaScript on wasm).

const EPS: f64 = 1e-9;

/// `coefficients · x = rhs`, the coefficients sparse.
pub struct Row {
    pub coefficients: Vec<(usize, f64)>,
    pub rhs: f64,
}

/// The largest `objective · x` over x ≥ 0 with every row holding, and an x
/// that reaches it; `None` when it has no upper limit. The rows must have a
/// solution (the published figures always do: the real counts are one).
pub fn maximise(variables: usize, rows: &[Row], objective: &[(usize, f64)]) -> Option<(f64, Vec<f64>)> {
    let m = rows.len();
    let n = variables;
    let w = n + m + 1;
    let mut t = Tableau { a: vec![0.0; (m + 1) * w], w, m, basis: (n..n + m).collect() };
    for (i, row) in rows.iter().enumerate() {
        let sign = if row.rhs < 0.0 { -1.0 } else { 1.0 };
        for (j, c) in &row.coefficients {
            t.a[i * w + j] += sign * c;
        }
        t.a[i * w + n + i] = 1.0;
        t.a[i * w + w - 1] = sign * row.rhs;
    }
    // Phase one: drive the artificial variables to zero.
    for j in n..n + m {
        t.a[m * w + j] = 1.0;
    }
    for i in 0..m {
        for j in 0..w {
            t.a[m * w + j] -= t.a[i * w + j];
        }
    }
    t.run(n + m)?;
    debug_assert!(t.a[m * w + w - 1] > -1e-6, "the published figures have no solution");
    // Artificials still basic (at zero) leave where a real column can take their row.
    for i in 0..m {
        if t.basis[i] >= n {
            if let Some(j) = (0..n).find(|j| t.a[i * w + j].abs() > 1e-7) {
                t.pivot(i, j);
            }
        }
    }
    // Phase two: the objective, in terms of the non-basic variables.
    t.a[m * w..].fill(0.0);
    for (j, c) in objective {
        t.a[m * w + j] -= c;
    }
    for i in 0..m {
        let b = t.basis[i];
        let f = t.a[m * w + b];
        if f != 0.0 {
            for j in 0..w {
                t.a[m * w + j] -= f * t.a[i * w + j];
            }
        }
    }
    t.run(n)?;
    let mut x = vec![0.0; n];
    for (i, b) in t.basis.iter().enumerate() {
        if *b < n {
            x[*b] = t.a[i * w + w - 1];
        }
    }
    Some((t.a[m * w + w - 1], x))
}

struct Tableau {
    /// (m + 1) rows of width w: the constraints, then the objective row
    /// (minus the reduced costs); the last column is the right-hand side.
    a: Vec<f64>,
    w: usize,
    m: usize,
    basis: Vec<usize>,
}

impl Tableau {
    /// Pivots until optimal, entering only columns below `allowed`; `None`
    /// when unbounded. Dantzig's rule, then Bland's (which cannot cycle) if
    /// it runs long on these very degenerate problems.
    fn run(&mut self, allowed: usize) -> Option<()> {
        let (w, m) = (self.w, self.m);
        for iteration in 0.. {
            let obj = &self.a[m * w..m * w + allowed];
            let entering = if iteration < 50 * (m + 1) {
                obj.iter().enumerate().filter(|(_, c)| **c < -EPS).min_by(|a, b| a.1.total_cmp(b.1)).map(|(j, _)| j)
            } else {
                obj.iter().position(|c| *c < -EPS)
            };
            let Some(j) = entering else { return Some(()) };
            let mut leaving: Option<(usize, f64)> = None;
            for i in 0..m {
                let c = self.a[i * w + j];
                if c > EPS {
                    let ratio = self.a[i * w + w - 1] / c;
                    let better = match leaving {
                        None => true,
                        Some((l, r)) => ratio < r - EPS || (ratio <= r + EPS && self.basis[i] < self.basis[l]),
                    };
                    if better {
                        leaving = Some((i, ratio));
                    }
                }
            }
            let (i, _) = leaving?;
            self.pivot(i, j);
        }
        unreachable!()
    }

    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.w;
        let p = self.a[r * w + c];
        for j in 0..w {
            self.a[r * w + j] /= p;
        }
        let pivot_row: Vec<f64> = self.a[r * w..(r + 1) * w].to_vec();
        let nonzero: Vec<usize> = (0..w).filter(|j| pivot_row[*j] != 0.0).collect();
        for i in 0..=self.m {
            if i == r {
                continue;
            }
            let f = self.a[i * w + c];
            if f != 0.0 {
                for j in &nonzero {
                    self.a[i * w + j] -= f * pivot_row[*j];
                }
                self.a[i * w + c] = 0.0;
            }
        }
        self.basis[r] = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(coefficients: &[(usize, f64)], rhs: f64) -> Row {
        Row { coefficients: coefficients.to_vec(), rhs }
    }

    #[test]
    fn small_programs_have_their_known_optimum() {
        // x + y = 4, x - y = 2 → x = 3, y = 1.
        let rows = [row(&[(0, 1.0), (1, 1.0)], 4.0), row(&[(0, 1.0), (1, -1.0)], 2.0)];
        let (best, x) = maximise(2, &rows, &[(1, 1.0)]).unwrap();
        assert!((best - 1.0).abs() < 1e-9 && (x[0] - 3.0).abs() < 1e-9);
        // a + b = 5, b + c = 3: a at most 5, c at most 3; nothing bounds a + d.
        let rows = [row(&[(0, 1.0), (1, 1.0)], 5.0), row(&[(1, 1.0), (2, 1.0)], 3.0)];
        assert!((maximise(4, &rows, &[(0, 1.0)]).unwrap().0 - 5.0).abs() < 1e-9);
        assert!((maximise(4, &rows, &[(0, -1.0)]).unwrap().0 + 2.0).abs() < 1e-9, "a is at least 2");
        assert!(maximise(4, &rows, &[(0, 1.0), (3, 1.0)]).is_none());
    }

    #[test]
    fn redundant_and_degenerate_rows_are_fine() {
        // The same sum twice, and rows at zero.
        let rows = [
            row(&[(0, 1.0), (1, 1.0), (2, 1.0)], 6.0),
            row(&[(0, 1.0), (1, 1.0), (2, 1.0)], 6.0),
            row(&[(3, 1.0), (4, 1.0)], 0.0),
            row(&[(2, 1.0), (3, -1.0)], 2.0),
        ];
        let (best, x) = maximise(5, &rows, &[(0, 1.0)]).unwrap();
        assert!((best - 4.0).abs() < 1e-9, "{best} {x:?}");
    }
}
