//! Rules for the staff lock: what passphrase is accepted, how long a wrong
//! guess makes the next attempt wait, and when an idle workspace locks.

/// The shortest passphrase or PIN staff can choose.
pub const MIN_LENGTH: usize = 6;

/// Wrong guesses allowed before each further guess has to wait.
pub const FREE_ATTEMPTS: u32 = 3;

/// The longest wait between guesses, in milliseconds (15 minutes).
pub const MAX_WAIT_MS: f64 = 15.0 * 60.0 * 1000.0;

/// Minutes without a touch or key press before the workspace locks.
pub const IDLE_MINUTES: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseProblem {
    TooShort,
    /// The two entries differ.
    Mismatch,
    /// One character repeated, or a run such as 123456.
    TooSimple,
    /// A change to the passphrase already in use.
    Unchanged,
}

/// Checks a new passphrase and its repetition.
pub fn check_new(passphrase: &str, repeated: &str) -> Result<(), PassphraseProblem> {
    let chars: Vec<char> = passphrase.chars().collect();
    if chars.len() < MIN_LENGTH {
        return Err(PassphraseProblem::TooShort);
    }
    if passphrase != repeated {
        return Err(PassphraseProblem::Mismatch);
    }
    let same = chars.windows(2).all(|w| w[0] == w[1]);
    let steps: Vec<i64> = chars.windows(2).map(|w| w[1] as i64 - w[0] as i64).collect();
    let run = steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1);
    if same || run {
        return Err(PassphraseProblem::TooSimple);
    }
    Ok(())
}

/// Checks a change of passphrase: the new one as `check_new` does, and that
/// it differs from the current one, since staff change it when someone leaves.
pub fn check_change(current: &str, new: &str, repeated: &str) -> Result<(), PassphraseProblem> {
    check_new(new, repeated)?;
    if new == current {
        return Err(PassphraseProblem::Unchanged);
    }
    Ok(())
}

/// How long, in milliseconds, the next guess must wait after `failures`
/// wrong guesses in a row: nothing for the first few, then doubling from
/// 30 seconds up to 15 minutes.
pub fn wait_after(failures: u32) -> f64 {
    if failures < FREE_ATTEMPTS {
        return 0.0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(10);
    (30_000.0 * f64::from(1u32 << doublings)).min(MAX_WAIT_MS)
}

/// Milliseconds left before a guess is allowed, given the last wrong guess's
/// time. A clock that went backwards counts as no time passed.
pub fn remaining_wait(failures: u32, last_failure_ms: f64, now_ms: f64) -> f64 {
    let passed = (now_ms - last_failure_ms).max(0.0);
    (wait_after(failures) - passed).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_different_and_trivial_passphrases_are_refused() {
        assert_eq!(check_new("12345", "12345"), Err(PassphraseProblem::TooShort));
        assert_eq!(check_new("åäöåäö", "åäöåäo"), Err(PassphraseProblem::Mismatch));
        assert_eq!(check_new("111111", "111111"), Err(PassphraseProblem::TooSimple));
        assert_eq!(check_new("123456", "123456"), Err(PassphraseProblem::TooSimple));
        assert_eq!(check_new("987654", "987654"), Err(PassphraseProblem::TooSimple));
        assert_eq!(check_new("482913", "482913"), Ok(()));
        assert_eq!(check_new("sommar i Karlstad", "sommar i Karlstad"), Ok(()));
    }

    #[test]
    fn a_change_follows_the_same_rules_and_must_change_something() {
        assert_eq!(check_change("sommar i Karlstad", "höst", "höst"), Err(PassphraseProblem::TooShort));
        assert_eq!(check_change("sommar i Karlstad", "vinter i Luleå", "vinter i Lulea"), Err(PassphraseProblem::Mismatch));
        assert_eq!(
            check_change("sommar i Karlstad", "sommar i Karlstad", "sommar i Karlstad"),
            Err(PassphraseProblem::Unchanged)
        );
        assert_eq!(check_change("sommar i Karlstad", "vinter i Luleå", "vinter i Luleå"), Ok(()));
    }

    #[test]
    fn wrong_guesses_slow_down_and_the_wait_is_capped() {
        assert_eq!(wait_after(0), 0.0);
        assert_eq!(wait_after(2), 0.0);
        assert_eq!(wait_after(3), 30_000.0);
        assert_eq!(wait_after(4), 60_000.0);
        assert_eq!(wait_after(6), 240_000.0);
        assert_eq!(wait_after(20), MAX_WAIT_MS);
        assert_eq!(wait_after(u32::MAX), MAX_WAIT_MS);
    }

    #[test]
    fn the_wait_runs_down_and_a_clock_turned_back_does_not_shorten_it() {
        assert_eq!(remaining_wait(3, 1_000.0, 11_000.0), 20_000.0);
        assert_eq!(remaining_wait(3, 1_000.0, 40_000.0), 0.0);
        assert_eq!(remaining_wait(3, 50_000.0, 10_000.0), 30_000.0);
    }
}
