//! The languages Stegvis speaks. Swedish is the source; the others are
//! translations that carry a review status of their own.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Sv,
    En,
    Ar,
    Fa,
    So,
    Ti,
    Uk,
    Fi,
}

/// Text direction, as written to `<html dir>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Language {
    /// In the order the language picker shows them: Swedish first.
    pub const ALL: [Language; 8] = [
        Language::Sv,
        Language::En,
        Language::Ar,
        Language::Fa,
        Language::So,
        Language::Ti,
        Language::Uk,
        Language::Fi,
    ];

    /// BCP 47 tag, as written to `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
            Language::Ar => "ar",
            Language::Fa => "fa",
            Language::So => "so",
            Language::Ti => "ti",
            Language::Uk => "uk",
            Language::Fi => "fi",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn direction(self) -> Direction {
        match self {
            Language::Ar | Language::Fa => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// The language's name in itself, so a reader finds their own language
    /// whatever language the page is in.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::Sv => "Svenska",
            Language::En => "English",
            Language::Ar => "العربية",
            Language::Fa => "فارسی / دری",
            Language::So => "Soomaali",
            Language::Ti => "ትግርኛ",
            Language::Uk => "Українська",
            Language::Fi => "Suomi",
        }
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::Sv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for lang in Language::ALL {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        let mut codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 8);
        assert_eq!(Language::from_code("de"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn arabic_and_persian_are_right_to_left() {
        let rtl: Vec<_> =
            Language::ALL.into_iter().filter(|l| l.direction() == Direction::Rtl).map(Language::code).collect();
        assert_eq!(rtl, ["ar", "fa"]);
    }

    #[test]
    fn swedish_is_the_default_and_listed_first() {
        assert_eq!(Language::default(), Language::Sv);
        assert_eq!(Language::ALL[0], Language::Sv);
    }
}
