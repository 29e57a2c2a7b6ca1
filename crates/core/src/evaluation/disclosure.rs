//! Disclosure control over everything published together: the figures of
//! one question (its split tables and its transition table), or of one
//! outcome table, are treated as one set, and what is hidden is chosen so
//! that no hidden count under five can be worked out from any combination of
//! what is shown.
//!
//! The model: every person (or goal) has a gender group, a track, an age
//! band and a *state* (e.g. "intake 3, exit 4"). Every published figure
//! counts the people of one group (all, a gender, a track or an age band)
//! whose state is in a set. A reader who sees some figures knows that the
//! true counts per group and state are whole numbers ≥ 0 that give exactly
//! those figures.
//! For a hidden figure, [`Family::bounds`] finds its smallest and largest
//! value over every such table (a linear program, relaxed to real numbers
//! as disclosure audits usually are). A hidden count under five is safe when
//! its largest possible value is five or more: then a reader cannot tell it
//! from a count that may be shown, nor pin it to one value.
//!
//! The linear program does not need a variable per gender × track × age ×
//! state: the splits are never published crossed, so any gender split,
//! track split and age split of a state's count with the same total
//! fit some table of gender × track × age (one-way margins with equal
//! totals always do). States the split tables cannot tell apart are merged.

use std::collections::BTreeMap;

use super::simplex::{maximise, Row};
use super::{GenderGroup, Group, Person};
use super::suppression::{Shown, MIN_COUNT};

/// Whose count a figure is: everyone, or one group of a split (0 gender,
/// 1 track, 2 age band).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    All,
    Group(usize, usize),
}

/// The number of splits a page's rows have: gender, track, age band.
pub const SPLITS: usize = 3;

/// A person's group in each split.
pub type Place = [usize; SPLITS];

/// The gender, track and age splits of a page's rows, as a [`Family`] numbers them.
pub struct Splits {
    groups: [Vec<Group>; SPLITS],
}

impl Splits {
    pub fn new(groups: &[Group]) -> Splits {
        let of = |split: fn(&Group) -> bool| groups.iter().copied().filter(split).collect::<Vec<_>>();
        Splits {
            groups: [
                GenderGroup::ALL.map(Group::Gender).to_vec(),
                of(|g| matches!(g, Group::Track(_))),
                of(|g| matches!(g, Group::Age(_))),
            ],
        }
    }

    /// An empty family over these splits.
    pub fn family(&self, states: usize) -> Family {
        Family::new(self.groups.clone().map(|g| g.len().max(1)), states)
    }

    /// A person's groups, as numbered.
    pub fn place(&self, p: &Person) -> Place {
        std::array::from_fn(|d| self.groups[d].iter().position(|g| g.contains(p)).unwrap_or(0))
    }

    pub fn who(&self, group: Group) -> Who {
        (0..SPLITS)
            .find_map(|d| self.groups[d].iter().position(|g| *g == group).map(|i| Who::Group(d, i)))
            .unwrap_or(Who::All)
    }

    /// A split table's figures: for each group row, each column's states
    /// (and whether it is a headline figure). Gives (row, column, figure).
    pub fn add_rows(&self, family: &mut Family, groups: &[Group], columns: &[(usize, Vec<usize>, bool)]) -> Vec<(usize, usize, usize)> {
        let mut placed = Vec::new();
        for (r, g) in groups.iter().enumerate() {
            let who = self.who(*g);
            for (c, states, headline) in columns {
                placed.push((r, *c, family.figure(who, states.clone(), Splits::tier(who, *headline))));
            }
        }
        placed
    }

    /// A figure's tier by whose it is and whether it is a headline figure.
    pub fn tier(who: Who, headline: bool) -> u8 {
        match (who, headline) {
            (Who::All, true) => tier::HEADLINE,
            (Who::All, false) => tier::ALL_DETAIL,
            (_, true) => tier::GROUP,
            (_, false) => tier::GROUP_DETAIL,
        }
    }
}

/// A split table as published: `rows` rows of `width` columns, the columns
/// not published hidden.
pub fn lay_out(shown: &[Shown], placed: &[(usize, usize, usize)], rows: usize, width: usize) -> Vec<Vec<Shown>> {
    let mut out = vec![vec![Shown::Hidden; width]; rows];
    for (r, c, f) in placed {
        out[*r][*c] = shown[*f];
    }
    out
}

/// How much a figure matters to a reader: the lowest is hidden first when
/// something more must be hidden.
pub mod tier {
    /// A detail table over everyone (a transition table's cells and margins).
    pub const DETAIL: u8 = 0;
    /// A gender's or track's shares and attrition.
    pub const GROUP_DETAIL: u8 = 1;
    /// A gender's or track's paired count and better/unchanged/worse.
    pub const GROUP: u8 = 2;
    /// Everyone's shares and attrition.
    pub const ALL_DETAIL: u8 = 3;
    /// Everyone's headline: paired, better, unchanged, worse.
    pub const HEADLINE: u8 = 4;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub who: Who,
    /// The states counted, ascending.
    pub states: Vec<usize>,
    pub tier: u8,
    pub value: usize,
}

/// A set of figures published together, with the counts they come from.
#[derive(Clone, Debug)]
pub struct Family {
    /// How many groups each split has.
    sizes: Place,
    states: usize,
    /// The true counts per gender, track, age band and state.
    atoms: Vec<usize>,
    pub figures: Vec<Figure>,
}

impl Family {
    pub fn new(sizes: Place, states: usize) -> Family {
        Family { sizes, states, atoms: vec![0; sizes.iter().product::<usize>() * states], figures: Vec::new() }
    }

    /// One more person in these groups and this state.
    pub fn count(&mut self, place: Place, state: usize) {
        let cell = place.iter().zip(self.sizes).fold(0, |cell, (p, size)| cell * size + p);
        self.atoms[cell * self.states + state] += 1;
    }

    /// Adds a figure (after every person is counted) and gives its index.
    pub fn figure(&mut self, who: Who, mut states: Vec<usize>, tier: u8) -> usize {
        states.sort_unstable();
        states.dedup();
        let value = self.atoms_in(who, &states).map(|a| self.atoms[a]).sum();
        self.figures.push(Figure { who, states, tier, value });
        self.figures.len() - 1
    }

    /// A table over everyone of `k` rows and columns, with its row totals,
    /// column totals and total: `state(i, j)` is row i, column j. Gives the
    /// figures row by row, the totals last in each.
    pub fn table(&mut self, k: usize, state: impl Fn(usize, usize) -> usize) -> Vec<Vec<usize>> {
        let span = |i: usize| if i < k { i..i + 1 } else { 0..k };
        (0..=k)
            .map(|i| {
                (0..=k)
                    .map(|j| {
                        let states = span(i).flat_map(|a| span(j).map(move |b| (a, b))).map(|(a, b)| state(a, b)).collect();
                        self.figure(Who::All, states, if i == k && j == k { tier::HEADLINE } else { tier::DETAIL })
                    })
                    .collect()
            })
            .collect()
    }

    /// The true counts' places that a figure of `who` over `states` adds up.
    fn atoms_in<'a>(&'a self, who: Who, states: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
        let cells = self.sizes.iter().product::<usize>();
        (0..cells)
            .filter(move |cell| match who {
                Who::All => true,
                // The cell's place in split d: cells are numbered split by split, the last fastest.
                Who::Group(d, i) => cell / self.sizes[d + 1..].iter().product::<usize>() % self.sizes[d] == i,
            })
            .flat_map(move |cell| states.iter().map(move |s| cell * self.states + s))
    }

    /// Every figure as published: shown, or hidden as [`Family::protect`] chooses.
    pub fn shown(&self) -> Vec<Shown> {
        self.protect().iter().zip(&self.figures).map(|(h, f)| if *h { Shown::Hidden } else { Shown::Count(f.value) }).collect()
    }

    /// Which figures to hide: every count under five, and then, as long as
    /// one of those could be worked out (its largest possible value is under
    /// five), the cheapest set of shown figures whose hiding lets it reach
    /// five: a table where it is five or more and every other shown figure
    /// keeps its value, chosen to change as few people in as unimportant
    /// figures as possible (see [`tier`]).
    pub fn protect(&self) -> Vec<bool> {
        let mut hidden: Vec<bool> = self.figures.iter().map(|f| f.value < MIN_COUNT).collect();
        let lp = Program::new(self);
        let sensitive: Vec<usize> = (0..self.figures.len()).filter(|f| self.sensitive(*f)).collect();
        let mut safe = vec![false; self.figures.len()];
        // One pass: hiding more never makes a figure already proved safe
        // unsafe again, so each sensitive figure is settled once.
        for &p in &sensitive {
            if safe[p] {
                continue;
            }
            match lp.largest(&hidden, p) {
                None => safe[p] = true,
                Some((_, x)) => lp.certify(&x, &sensitive, &mut safe),
            }
            if safe[p] {
                continue;
            }
            let Some((release, x)) = lp.cheapest_release(&hidden, p, &self.figures) else {
                // No table lets it reach five: only possible if the model is
                // wrong. Hide everything rather than publish a risk.
                return vec![true; self.figures.len()];
            };
            for f in release {
                hidden[f] = true;
            }
            lp.certify(&x, &sensitive, &mut safe);
        }
        // Releases are chosen one exposed count at a time, so together they
        // may hide more of everyone's headline than the page needs: show
        // again each headline count of five or more that no hidden count
        // under five depends on.
        let headline: Vec<usize> =
            (0..self.figures.len()).filter(|f| hidden[*f] && self.figures[*f].tier == tier::HEADLINE && self.figures[*f].value >= MIN_COUNT).collect();
        for f in headline {
            hidden[f] = false;
            if !lp.all_safe(&hidden, &sensitive) {
                hidden[f] = true;
            }
        }
        hidden
    }

    /// The smallest and largest value of each hidden figure consistent with
    /// every shown one (`f64::INFINITY` for no upper limit).
    pub fn bounds(&self, hidden: &[bool]) -> Vec<Option<(f64, f64)>> {
        let lp = Program::new(self);
        (0..self.figures.len())
            .map(|f| {
                hidden[f].then(|| {
                    let max = lp.largest(hidden, f).map_or(f64::INFINITY, |(m, _)| m);
                    let min = lp.smallest(hidden, f);
                    (min, max)
                })
            })
            .collect()
    }

    /// The hidden counts under five that a reader could work out: pinned to
    /// one value or to a range wholly under five. Empty when safe.
    pub fn exposed(&self, hidden: &[bool]) -> Vec<usize> {
        let lp = Program::new(self);
        (0..self.figures.len())
            .filter(|f| self.sensitive(*f))
            .filter(|f| !hidden[*f] || lp.largest(hidden, *f).is_some_and(|(max, _)| max < MIN_COUNT as f64 - 1e-6))
            .collect()
    }

    /// A count under five of some state a person could be in. A figure that
    /// counts no possible state is zero for everyone to see (a number item
    /// no one answered has no categories).
    fn sensitive(&self, f: usize) -> bool {
        self.figures[f].value < MIN_COUNT && !self.figures[f].states.is_empty()
    }

    /// The model in full, for the independent check in Python
    /// (`scripts/reference-disclosure.py`): a variable per gender, track and
    /// state, and each figure's variables.
    pub fn to_json(&self, hidden: &[bool]) -> serde_json::Value {
        let bounds = self.bounds(hidden);
        let figures: Vec<serde_json::Value> = self
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let vars: Vec<usize> = self.atoms_in(f.who, &f.states).collect();
                serde_json::json!({
                    "variables": vars,
                    "value": f.value,
                    "hidden": hidden[i],
                    "bounds": bounds[i].map(|(lo, hi)| vec![lo, if hi.is_finite() { hi } else { -1.0 }]),
                })
            })
            .collect();
        serde_json::json!({ "variables": self.atoms.len(), "figures": figures })
    }

}

/// The reader's linear program for a family: a variable per state (over
/// everyone), per gender and class of states, and per track and class.
struct Program {
    variables: usize,
    /// Gender or track class totals equal the states' totals.
    links: Vec<Row>,
    /// Each figure's variables.
    terms: Vec<Vec<usize>>,
    values: Vec<f64>,
}

impl Program {
    fn new(family: &Family) -> Program {
        let states = family.states;
        // Classes: states that every gender (or track) figure counts alike.
        let classes = |split: &dyn Fn(Who) -> bool| -> (Vec<usize>, usize) {
            let sets: Vec<&Vec<usize>> = family.figures.iter().filter(|f| split(f.who)).map(|f| &f.states).collect();
            let mut ids: BTreeMap<Vec<bool>, usize> = BTreeMap::new();
            let class_of = (0..states)
                .map(|s| {
                    let signature: Vec<bool> = sets.iter().map(|set| set.binary_search(&s).is_ok()).collect();
                    let next = ids.len();
                    *ids.entry(signature).or_insert(next)
                })
                .collect();
            (class_of, ids.len())
        };
        // Per split: each state's class, how many classes, and where the
        // split's variables (a group × class each) begin.
        let mut splits: Vec<(Vec<usize>, usize, usize)> = Vec::new();
        let mut base = states;
        let mut links = Vec::new();
        for d in 0..SPLITS {
            let (class_of, classes) = classes(&|w| matches!(w, Who::Group(x, _) if x == d));
            let groups = family.sizes[d];
            for c in 0..classes {
                let mut coefficients: Vec<(usize, f64)> = (0..groups).map(|g| (base + g * classes + c, 1.0)).collect();
                coefficients.extend((0..states).filter(|s| class_of[*s] == c).map(|s| (s, -1.0)));
                links.push(Row { coefficients, rhs: 0.0 });
            }
            splits.push((class_of, classes, base));
            base += groups * classes;
        }
        let variables = base;
        let terms = family
            .figures
            .iter()
            .map(|f| match f.who {
                Who::All => f.states.clone(),
                Who::Group(d, g) => {
                    let (class_of, classes, base) = &splits[d];
                    classes_in(&f.states, class_of).map(|c| base + g * classes + c).collect()
                }
            })
            .collect();
        Program { variables, links, terms, values: family.figures.iter().map(|f| f.value as f64).collect() }
    }

    fn rows(&self, hidden: &[bool]) -> Vec<Row> {
        let mut rows: Vec<Row> = self.links.iter().map(|r| Row { coefficients: r.coefficients.clone(), rhs: 0.0 }).collect();
        for (f, vars) in self.terms.iter().enumerate().filter(|(f, _)| !hidden[*f]) {
            rows.push(Row { coefficients: vars.iter().map(|v| (*v, 1.0)).collect(), rhs: self.values[f] });
        }
        rows
    }

    /// The largest value of figure `f` and a table reaching it; `None` when unbounded.
    fn largest(&self, hidden: &[bool], f: usize) -> Option<(f64, Vec<f64>)> {
        let objective: Vec<(usize, f64)> = self.terms[f].iter().map(|v| (*v, 1.0)).collect();
        maximise(self.variables, &self.rows(hidden), &objective)
    }

    fn smallest(&self, hidden: &[bool], f: usize) -> f64 {
        let objective: Vec<(usize, f64)> = self.terms[f].iter().map(|v| (*v, -1.0)).collect();
        maximise(self.variables, &self.rows(hidden), &objective).map_or(0.0, |(m, _)| -m).max(0.0)
    }

    /// The shown figures to hide so that figure `p` can be five or more: a
    /// table x with p(x) ≥ 5 that keeps the other shown figures, each
    /// figure's change weighted by its tier, least total weight first.
    fn cheapest_release(&self, hidden: &[bool], p: usize, figures: &[Figure]) -> Option<(Vec<usize>, Vec<f64>)> {
        const WEIGHT: [f64; 5] = [1.0, 2.0, 4.0, 100.0, 100_000.0];
        let shown: Vec<usize> = (0..self.terms.len()).filter(|f| !hidden[*f]).collect();
        let mut rows: Vec<Row> = self.links.iter().map(|r| Row { coefficients: r.coefficients.clone(), rhs: 0.0 }).collect();
        let mut objective = Vec::new();
        // Per shown figure: its terms − up + down = its value.
        for (k, f) in shown.iter().enumerate() {
            let (up, down) = (self.variables + 2 * k, self.variables + 2 * k + 1);
            let mut coefficients: Vec<(usize, f64)> = self.terms[*f].iter().map(|v| (*v, 1.0)).collect();
            coefficients.extend([(up, -1.0), (down, 1.0)]);
            rows.push(Row { coefficients, rhs: self.values[*f] });
            // Within a tier, the smaller figure is hidden first.
            let w = WEIGHT[usize::from(figures[*f].tier).min(WEIGHT.len() - 1)] * (1.0 + self.values[*f] / 1000.0);
            objective.extend([(up, -w), (down, -w)]);
        }
        // p − surplus = 5.
        let surplus = self.variables + 2 * shown.len();
        let mut coefficients: Vec<(usize, f64)> = self.terms[p].iter().map(|v| (*v, 1.0)).collect();
        coefficients.push((surplus, -1.0));
        rows.push(Row { coefficients, rhs: MIN_COUNT as f64 });
        let (_, x) = maximise(surplus + 1, &rows, &objective)?;
        let release = shown
            .iter()
            .enumerate()
            .filter(|(k, _)| x[self.variables + 2 * k] + x[self.variables + 2 * k + 1] > 1e-7)
            .map(|(_, f)| *f)
            .collect();
        Some((release, x))
    }

    /// Whether every sensitive figure is hidden and can be five or more.
    fn all_safe(&self, hidden: &[bool], sensitive: &[usize]) -> bool {
        if sensitive.iter().any(|p| !hidden[*p]) {
            return false;
        }
        let mut safe = vec![false; hidden.len()];
        for &p in sensitive {
            if safe[p] {
                continue;
            }
            match self.largest(hidden, p) {
                None => safe[p] = true,
                Some((_, x)) => self.certify(&x, sensitive, &mut safe),
            }
            if !safe[p] {
                return false;
            }
        }
        true
    }

    /// Marks safe the sensitive figures that `x` (a table consistent with
    /// what is shown) puts at five or more.
    fn certify(&self, x: &[f64], sensitive: &[usize], safe: &mut [bool]) {
        for &q in sensitive {
            if self.terms[q].iter().map(|v| x[*v]).sum::<f64>() >= MIN_COUNT as f64 - 1e-6 {
                safe[q] = true;
            }
        }
    }

}

fn classes_in<'a>(states: &'a [usize], class_of: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let mut classes: Vec<usize> = states.iter().map(|s| class_of[*s]).collect();
    classes.sort_unstable();
    classes.dedup();
    classes.into_iter()
}

/// Random cohorts shaped like one question's page, for the property test
/// (`cargo test`) and its long run (`cargo run --release --example
/// disclosure_audit -- 10000`).
#[doc(hidden)]
pub mod random {
    use super::*;
    use crate::evaluation::suppression::{Grid, Sum};

    /// A 3-point scale (the third favourable) and "no answer": a person's
    /// state is intake × exit (16), or intake alone (4).
    pub const K: usize = 4;

    pub struct Cohort {
        pub family: Family,
        /// The figures of each group row (8 each): everyone, 4 genders, the
        /// tracks, the age bands; then the transition table ((K + 1)², row by row).
        pub rows: usize,
        pub tracks: usize,
        pub ages: usize,
    }

    /// A cohort of 10 to 160 people in 4 gender groups (two small), 1 to 3
    /// tracks and 0 to 3 age bands (one large), with answers that mostly stay
    /// or move a step.
    pub fn cohort(seed: u64) -> Cohort {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let tracks = 1 + next(3);
        let ages = next(4);
        let people = 10 + next(150);
        let mut family = Family::new([4, tracks, ages.max(1)], K * K + K);
        for _ in 0..people {
            let g = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3][next(20)];
            let t = next(tracks);
            let a = [0, 1, 1, 1, 1, 1, 2][next(7)].min(ages.max(1) - 1);
            let intake = [0, 0, 1, 1, 1, 2, 2, 3][next(8)];
            let state = match next(10) {
                0 | 1 => K * K + intake,
                _ if intake == 3 => intake * K + [0, 1, 2, 3][next(4)],
                _ => intake * K + [intake, intake, intake, (intake + 1).min(2), intake.saturating_sub(1), 3][next(6)],
            };
            family.count([g, t, a], state);
        }
        let point = 0..K - 1;
        let pairs = |f: &dyn Fn(usize, usize) -> bool| -> Vec<usize> {
            point.clone().flat_map(|i| point.clone().filter(move |j| f(i, *j)).map(move |j| i * K + j)).collect()
        };
        let sets = [
            pairs(&|_, _| true),
            pairs(&|i, j| j > i),
            pairs(&|i, j| j == i),
            pairs(&|i, j| j < i),
            point.clone().map(|i| K * K + i).collect(),
            pairs(&|i, _| i == 2),
            pairs(&|_, j| j == 2),
            vec![K * K + 2],
        ];
        let mut groups = vec![Who::All];
        groups.extend((0..4).map(|g| Who::Group(0, g)));
        groups.extend((0..tracks).map(|t| Who::Group(1, t)));
        groups.extend((0..ages).map(|a| Who::Group(2, a)));
        for who in &groups {
            for (c, set) in sets.iter().enumerate() {
                family.figure(*who, set.clone(), Splits::tier(*who, c < 4));
            }
        }
        family.table(K, |i, j| i * K + j);
        Cohort { family, rows: groups.len(), tracks, ages }
    }

    /// What the old rule hid: each table on its own, hiding along its sums
    /// until no sum has exactly one hidden member.
    pub fn old_rule(c: &Cohort) -> Vec<bool> {
        let values: Vec<usize> = c.family.figures.iter().map(|f| f.value).collect();
        let split = 8 * c.rows;
        // The split table: N = B + U + W in each row; gender rows and track rows add up to all.
        let rows: Vec<Vec<usize>> = values[..split].chunks(8).map(<[usize]>::to_vec).collect();
        let mut grid = Grid::new(&rows);
        grid.row_sum(&[1, 2, 3], 0);
        grid.column_sum(&[1, 2, 3, 4], 0);
        let tracks: Vec<usize> = (5..5 + c.tracks).collect();
        grid.column_sum(&tracks, 0);
        if c.ages > 0 {
            let ages: Vec<usize> = (5 + c.tracks..c.rows).collect();
            grid.column_sum(&ages, 0);
        }
        let mut hidden = super::super::suppression::suppress(&grid.counts, &grid.sums);
        let table = &values[split..];
        let mut sums = Vec::new();
        for i in 0..=K {
            sums.push(Sum { parts: (0..K).map(|j| i * (K + 1) + j).collect(), total: i * (K + 1) + K });
            sums.push(Sum { parts: (0..K).map(|j| j * (K + 1) + i).collect(), total: K * (K + 1) + i });
        }
        hidden.extend(super::super::suppression::suppress(table, &sums));
        hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two genders, one track, states: 0 better, 1 unchanged, 2 worse.
    fn family(girls: [usize; 3], boys: [usize; 3]) -> Family {
        let mut f = Family::new([2, 1, 1], 3);
        for (g, counts) in [girls, boys].iter().enumerate() {
            for (s, n) in counts.iter().enumerate() {
                for _ in 0..*n {
                    f.count([g, 0, 0], s);
                }
            }
        }
        for who in [Who::All, Who::Group(0, 0), Who::Group(0, 1)] {
            f.figure(who, vec![0, 1, 2], tier::HEADLINE);
            for s in 0..3 {
                f.figure(who, vec![s], tier::GROUP);
            }
        }
        f
    }

    #[test]
    fn a_hidden_count_next_to_its_total_is_exposed_and_protect_mends_it() {
        let f = family([10, 8, 2], [9, 7, 6]);
        // Only the girls' "worse" (2) hidden: total minus the rest gives it.
        let mut hidden = vec![false; f.figures.len()];
        hidden[7] = true;
        assert_eq!(f.exposed(&hidden), vec![7]);
        let protected = f.protect();
        assert!(f.exposed(&protected).is_empty(), "{protected:?}");
        assert!(protected[7]);
        assert!(!protected[0], "the total of everyone stays shown: {protected:?}");
    }

    /// The property test, short: every random cohort's page passes the
    /// audit, and the old per-table rule fails it on many.
    #[test]
    fn random_cohorts_pass_the_audit_and_the_old_rule_does_not() {
        let mut old_failures = 0;
        for seed in 0..150 {
            let c = random::cohort(seed);
            let hidden = c.family.protect();
            assert_eq!(c.family.exposed(&hidden), Vec::<usize>::new(), "cohort {seed}");
            old_failures += usize::from(!c.family.exposed(&random::old_rule(&c)).is_empty());
        }
        assert!(old_failures > 50, "the old rule failed on only {old_failures} of 150");
    }

    #[test]
    fn a_range_wholly_under_five_is_exposed() {
        // Girls: total 4 shown would bound every part under five; it is
        // itself under five, so hidden, and the all-row keeps it hidden.
        let f = family([1, 2, 1], [9, 7, 6]);
        let protected = f.protect();
        assert!(f.exposed(&protected).is_empty());
        let bounds = f.bounds(&protected);
        for (i, fig) in f.figures.iter().enumerate() {
            if fig.value < MIN_COUNT {
                assert!(bounds[i].unwrap().1 >= 5.0, "figure {i} {fig:?} {bounds:?}");
            }
        }
    }
}
