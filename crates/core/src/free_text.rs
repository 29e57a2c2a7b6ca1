//! What staff may write in free text (a goal, how a school counts absence,
//! their own signature): short, and nothing that identifies a person. A
//! personnummer, a phone number or an e-mail address is refused outright;
//! names cannot be detected, so the screens remind staff not to write them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeTextProblem {
    Empty,
    TooLong {
        max: u32,
    },
    /// Six or more digits in a row, or a date-like number with a dash: a
    /// personnummer, a birth date or a phone number.
    LooksLikeIdentityNumber,
    LooksLikeEmail,
}

/// The text trimmed, or why it cannot be stored.
pub fn check(text: &str, max_length: u32) -> Result<String, FreeTextProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FreeTextProblem::Empty);
    }
    if text.chars().count() > max_length as usize {
        return Err(FreeTextProblem::TooLong { max: max_length });
    }
    match identifies_person(text) {
        Some(problem) => Err(problem),
        None => Ok(text.to_string()),
    }
}

/// Like [`check`], for a field that may stay empty (a project tag): empty
/// text is stored as "".
pub fn check_optional(text: &str, max_length: u32) -> Result<String, FreeTextProblem> {
    match check(text, max_length) {
        Err(FreeTextProblem::Empty) => Ok(String::new()),
        other => other,
    }
}

/// Whether the text carries a personnummer, samordningsnummer, phone number
/// or e-mail address. The one test every typed text passes, on the device
/// that stores it and again when a bundle is imported.
pub fn identifies_person(text: &str) -> Option<FreeTextProblem> {
    if has_identity_number(text) {
        return Some(FreeTextProblem::LooksLikeIdentityNumber);
    }
    if text.split_whitespace().any(|w| w.contains('@') && w.contains('.')) {
        return Some(FreeTextProblem::LooksLikeEmail);
    }
    None
}

/// Counts digits across the separators people put in numbers ("070-123 45 67",
/// "20080101-1234"): six or more in one run is refused. Per cent values and
/// years ("12 %", "2026") stay well under that.
fn has_identity_number(text: &str) -> bool {
    let mut run = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 6 {
                return true;
            }
        } else if matches!(c, '-' | ' ' | '+') && run > 0 && chars.peek().is_some_and(char::is_ascii_digit) {
            // A separator inside a number keeps the run going.
        } else {
            run = 0;
        }
    }
    false
}

/// The longest staff signature: initials or a short staff code.
pub const RATER_MAX: u32 = 12;

/// The longest project tag written at enrolment ("Steget vidare Malmö").
pub const PROJECT_MAX: u32 = 60;

/// The longest device name ("Surfplatta 2").
pub const DEVICE_LABEL_MAX: u32 = 40;

/// The name staff give a device; it travels in every file the device makes.
pub fn check_device_label(label: &str) -> Result<String, FreeTextProblem> {
    check(label, DEVICE_LABEL_MAX)
}

/// Who made a rating, as written on the form.
pub fn check_rater(rater: &str) -> Result<String, FreeTextProblem> {
    check(rater, RATER_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_goals_and_definitions_pass_trimmed() {
        assert_eq!(check("  Gå till skolan tre dagar i veckan ", 200), Ok("Gå till skolan tre dagar i veckan".into()));
        assert!(check("Frånvaro räknas per lektion, vt 2026, 12 %", 300).is_ok());
        assert!(check("Klass 9B, 3 av 5 dagar", 300).is_ok());
    }

    #[test]
    fn empty_and_too_long_texts_are_refused() {
        assert_eq!(check("   ", 200), Err(FreeTextProblem::Empty));
        assert_eq!(check(&"å".repeat(201), 200), Err(FreeTextProblem::TooLong { max: 200 }));
        assert!(check(&"å".repeat(200), 200).is_ok(), "counted in characters, not bytes");
    }

    #[test]
    fn identity_numbers_phone_numbers_and_email_are_refused() {
        for text in
            ["Anna 20080101-1234 ska börja skolan", "ring 070-123 45 67", "080101", "pnr 080101+1234", "0701234567"]
        {
            assert_eq!(check(text, 200), Err(FreeTextProblem::LooksLikeIdentityNumber), "{text}");
        }
        assert_eq!(check("mejla anna.s@skolan.se", 200), Err(FreeTextProblem::LooksLikeEmail));
    }

    #[test]
    fn every_form_of_the_issue_s_identifiers_is_refused() {
        // Personnummer with and without century and separator, a
        // samordningsnummer (day + 60), Swedish and international phone numbers.
        for text in [
            "200501012384",
            "20050101-2384",
            "050101-2384",
            "0501012384",
            "050161-2380",
            "+46 70 123 45 67",
            "(070) 123 45 67",
            "08-123 456 78",
        ] {
            assert_eq!(identifies_person(text), Some(FreeTextProblem::LooksLikeIdentityNumber), "{text}");
        }
        assert_eq!(identifies_person("a.b@c.se"), Some(FreeTextProblem::LooksLikeEmail));
        for text in ["Steget vidare Malmö 2026", "Surfplatta 2", "ESF 2024", "vt 26"] {
            assert_eq!(identifies_person(text), None, "{text}");
        }
    }

    #[test]
    fn an_optional_field_may_stay_empty_but_not_identify() {
        assert_eq!(check_optional("  ", PROJECT_MAX), Ok(String::new()));
        assert_eq!(check_optional(" Steget ", PROJECT_MAX), Ok("Steget".into()));
        assert_eq!(check_optional("200501012384", PROJECT_MAX), Err(FreeTextProblem::LooksLikeIdentityNumber));
        assert_eq!(check_device_label("200501012384"), Err(FreeTextProblem::LooksLikeIdentityNumber));
        assert_eq!(check_device_label(""), Err(FreeTextProblem::Empty));
    }

    #[test]
    fn a_rater_is_short() {
        assert_eq!(check_rater(" AB "), Ok("AB".into()));
        assert_eq!(check_rater("Anna Andersson Berg"), Err(FreeTextProblem::TooLong { max: RATER_MAX }));
        assert_eq!(check_rater(""), Err(FreeTextProblem::Empty));
    }
}
