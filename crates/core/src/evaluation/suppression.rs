//! Small-cell suppression for a single table (the coverage table and the
//! worklist): any count under five people is hidden ("dold"),
//! and further cells are hidden where a shown total would reveal it.
//!
//! A table is a list of counts and the sums it publishes: "these cells add up
//! to that one" (a row and its total, a column and the all-row). Primary
//! suppression hides every count under [`MIN_COUNT`], zero included. Then,
//! as long as some sum has exactly one hidden member, the smallest shown
//! member of that sum is hidden too (complementary suppression), so no
//! hidden count can be worked out by subtracting along a published sum.

/// Counts under this are never shown.
pub const MIN_COUNT: usize = 5;

/// `parts` add up to `total` (indices into the table's counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub parts: Vec<usize>,
    pub total: usize,
}

/// Which counts are hidden, in the order given.
pub fn suppress(counts: &[usize], sums: &[Sum]) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|c| *c < MIN_COUNT).collect();
    loop {
        let mut changed = false;
        for sum in sums {
            let members: Vec<usize> = sum.parts.iter().copied().chain(std::iter::once(sum.total)).collect();
            if members.iter().filter(|m| hidden[**m]).count() != 1 {
                continue;
            }
            // Hide a part before the total, the smallest first: it costs the reader least.
            let pick = members
                .iter()
                .copied()
                .filter(|m| !hidden[*m])
                .min_by_key(|m| (*m == sum.total, counts[*m], *m));
            if let Some(m) = pick {
                hidden[m] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// A count as shown: the number, or hidden ("dold").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Count(usize),
    Hidden,
}

impl Shown {
    pub fn text(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            // Not "<5": a count hidden so that a small one cannot be worked
            // out may be large, and saying which are small would tell.
            Shown::Hidden => "dold".into(),
        }
    }

    pub fn count(self) -> Option<usize> {
        match self {
            Shown::Count(n) => Some(n),
            Shown::Hidden => None,
        }
    }

    /// This count as a share of `of`, when both are shown.
    pub fn share(self, of: Shown) -> Option<f64> {
        match (self, of) {
            (Shown::Count(n), Shown::Count(d)) if d > 0 => Some(n as f64 / d as f64),
            _ => None,
        }
    }
}

/// A table of counts (rows × columns) laid out for suppression, with the
/// sums that hold along rows and columns.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub counts: Vec<usize>,
    pub sums: Vec<Sum>,
    columns: usize,
}

impl Grid {
    pub fn new(rows: &[Vec<usize>]) -> Grid {
        let columns = rows.first().map_or(0, Vec::len);
        Grid { counts: rows.iter().flatten().copied().collect(), sums: Vec::new(), columns }
    }

    pub fn at(&self, row: usize, column: usize) -> usize {
        row * self.columns + column
    }

    /// In every row, `parts` columns add up to the `total` column.
    pub fn row_sum(&mut self, parts: &[usize], total: usize) {
        for row in 0..self.counts.len() / self.columns.max(1) {
            self.sums.push(Sum { parts: parts.iter().map(|c| self.at(row, *c)).collect(), total: self.at(row, total) });
        }
    }

    /// In every column, `parts` rows add up to the `total` row.
    pub fn column_sum(&mut self, parts: &[usize], total: usize) {
        for column in 0..self.columns {
            self.sums.push(Sum { parts: parts.iter().map(|r| self.at(*r, column)).collect(), total: self.at(total, column) });
        }
    }

    /// Every count as it may be shown, row by row.
    pub fn shown(&self) -> Vec<Vec<Shown>> {
        let hidden = suppress(&self.counts, &self.sums);
        self.counts
            .iter()
            .zip(hidden)
            .map(|(c, h)| if h { Shown::Hidden } else { Shown::Count(*c) })
            .collect::<Vec<_>>()
            .chunks(self.columns.max(1))
            .map(<[Shown]>::to_vec)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every published sum either has no hidden member or at least two.
    fn no_sum_reveals(counts: &[usize], sums: &[Sum], hidden: &[bool]) {
        for s in sums {
            let n = s.parts.iter().chain(std::iter::once(&s.total)).filter(|m| hidden[**m]).count();
            assert!(n != 1, "sum {s:?} over {counts:?} has one hidden member: {hidden:?}");
        }
        for (c, h) in counts.iter().zip(hidden) {
            assert!(*c >= MIN_COUNT || *h, "a count under five is shown: {counts:?} {hidden:?}");
        }
    }

    #[test]
    fn a_single_small_cell_takes_the_next_smallest_with_it() {
        // girl 30, boy 25, other 3, missing 12 = 70
        let counts = [30, 25, 3, 12, 70];
        let sums = [Sum { parts: vec![0, 1, 2, 3], total: 4 }];
        let hidden = suppress(&counts, &sums);
        assert_eq!(hidden, [false, false, true, true, false]);
        no_sum_reveals(&counts, &sums, &hidden);
    }

    #[test]
    fn two_small_cells_need_nothing_more_and_large_counts_are_shown() {
        let counts = [30, 25, 3, 2, 60];
        let sums = [Sum { parts: vec![0, 1, 2, 3], total: 4 }];
        assert_eq!(suppress(&counts, &sums), [false, false, true, true, false]);
        let counts = [30, 25, 10, 65];
        assert_eq!(suppress(&counts, &[Sum { parts: vec![0, 1, 2], total: 3 }]), [false; 4]);
    }

    #[test]
    fn a_small_total_hides_its_parts_and_a_hidden_total_spreads() {
        // Row: 2 + 1 = 3: all three under five.
        let counts = [2, 1, 3];
        let hidden = suppress(&counts, &[Sum { parts: vec![0, 1], total: 2 }]);
        assert_eq!(hidden, [true, true, true]);
    }

    #[test]
    fn grids_are_safe_along_rows_and_columns() {
        // Gender rows × better/unchanged/worse with their totals, and the all-row.
        let rows = vec![
            vec![12, 8, 6, 26],
            vec![10, 9, 7, 26],
            vec![2, 1, 0, 3],
            vec![4, 0, 0, 4],
            vec![28, 18, 13, 59],
        ];
        let mut grid = Grid::new(&rows);
        grid.row_sum(&[0, 1, 2], 3);
        grid.column_sum(&[0, 1, 2, 3], 4);
        let hidden = suppress(&grid.counts, &grid.sums);
        no_sum_reveals(&grid.counts, &grid.sums, &hidden);
        let shown = grid.shown();
        assert_eq!(shown[4][3], Shown::Count(59));
        assert_eq!(shown[2][3].text(), "dold");
        assert_eq!(shown[0][0], Shown::Count(12), "large counts stay visible where they can");
    }

    #[test]
    fn random_tables_never_reveal_a_small_count() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..500 {
            let (r, c) = (1 + next(5), 1 + next(5));
            let mut rows: Vec<Vec<usize>> =
                (0..r).map(|_| (0..c).map(|_| [0, 1, 3, 4, 6, 9, 20][next(7)]).collect()).collect();
            for row in &mut rows {
                row.push(row.iter().sum());
            }
            let totals: Vec<usize> = (0..=c).map(|j| rows.iter().map(|row| row[j]).sum()).collect();
            rows.push(totals);
            let mut grid = Grid::new(&rows);
            grid.row_sum(&(0..c).collect::<Vec<_>>(), c);
            grid.column_sum(&(0..r).collect::<Vec<_>>(), r);
            let hidden = suppress(&grid.counts, &grid.sums);
            no_sum_reveals(&grid.counts, &grid.sums, &hidden);
        }
    }
}
