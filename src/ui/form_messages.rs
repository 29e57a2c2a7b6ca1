//! The plain-Swedish message for each problem the core finds in staff input.

use crate::core::assessment::FieldProblem;
use crate::core::free_text::FreeTextProblem;
use crate::core::goal::GoalProblem;
use crate::core::staff_lock::PassphraseProblem;
use crate::platform::staff_passphrase::Unlock;
use crate::ui::i18n::I18n;

/// What a refused staff code says: wrong, or wait before the next try.
pub fn code_refused(i18n: I18n, refused: Unlock) -> String {
    let wait = |ms: f64| i18n.plural("staff.lock.wait", (ms / 1000.0).ceil() as usize, &[]);
    match refused {
        Unlock::Wrong { wait_ms, .. } | Unlock::MustWait { wait_ms } if wait_ms > 0.0 => wait(wait_ms),
        _ => i18n.t("staff.lock.wrong").to_string(),
    }
}

/// The text key for a new staff passphrase that is refused.
pub fn passphrase(problem: PassphraseProblem) -> &'static str {
    match problem {
        PassphraseProblem::TooShort => "staff.lock.too_short",
        PassphraseProblem::Mismatch => "staff.lock.mismatch",
        PassphraseProblem::TooSimple => "staff.lock.too_simple",
        PassphraseProblem::Unchanged => "staff.lock.change.unchanged",
    }
}

pub fn free_text(i18n: I18n, problem: FreeTextProblem) -> String {
    match problem {
        FreeTextProblem::Empty => i18n.t("staff.form.error.empty").to_string(),
        FreeTextProblem::TooLong { max } => i18n.fill("staff.form.error.too_long", &[("max", &max.to_string())]),
        FreeTextProblem::LooksLikeIdentityNumber => i18n.t("staff.form.error.number_in_text").to_string(),
        FreeTextProblem::LooksLikeEmail => i18n.t("staff.form.error.email").to_string(),
    }
}

/// The rater field says what is missing in its own words.
pub fn rater(i18n: I18n, problem: FreeTextProblem) -> String {
    match problem {
        FreeTextProblem::Empty => i18n.t("staff.rater.error.empty").to_string(),
        other => free_text(i18n, other),
    }
}

pub fn field(i18n: I18n, problem: &FieldProblem) -> String {
    match problem {
        FieldProblem::Required => i18n.t("staff.form.error.required").to_string(),
        FieldProblem::NotANumber => i18n.t("staff.form.error.not_a_number").to_string(),
        FieldProblem::OutOfRange { min, max } => {
            i18n.fill("staff.form.error.range", &[("min", &min.to_string()), ("max", &max.to_string())])
        }
        FieldProblem::BadDate => i18n.t("staff.form.error.date").to_string(),
        FieldProblem::EndsBeforeStart => i18n.t("staff.form.error.period").to_string(),
        FieldProblem::Text(p) => free_text(i18n, *p),
    }
}

pub fn goal(i18n: I18n, problem: &GoalProblem) -> String {
    match problem {
        GoalProblem::Text(p) => free_text(i18n, *p),
        GoalProblem::Rater(p) => rater(i18n, *p),
        GoalProblem::NotAStep => i18n.t("staff.goals.error.step").to_string(),
        GoalProblem::TooManyOpen => i18n.t("staff.goals.error.too_many").to_string(),
        GoalProblem::Closed => i18n.t("staff.goals.error.closed").to_string(),
    }
}
