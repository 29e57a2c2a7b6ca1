//! Plural forms: which form of a message with a count a language uses for a
//! whole number, by the CLDR plural rules (cardinal, CLDR 46,
//! `common/supplemental/plurals.xml`), so Swedish says "1 uppgift" and
//! "2 uppgifter", and Arabic and Ukrainian get the forms they need. Counts
//! in Stegvis are whole numbers, so only the integer conditions are kept
//! (`v = 0`: no visible fraction digits).

use super::language::Language;

/// A CLDR plural category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Category {
    /// The category's CLDR name, also the suffix of a message's key for it
    /// (`staff.close.goals.one`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Zero => "zero",
            Category::One => "one",
            Category::Two => "two",
            Category::Few => "few",
            Category::Many => "many",
            Category::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        ALL.into_iter().find(|c| c.name() == name)
    }
}

const ALL: [Category; 6] = [Category::Zero, Category::One, Category::Two, Category::Few, Category::Many, Category::Other];

/// The category of the whole number `n` in `lang`.
pub fn category(lang: Language, n: u64) -> Category {
    use Category::*;
    match lang {
        // sv, en, fi: one: i = 1 and v = 0. so: one: n = 1.
        Language::Sv | Language::En | Language::Fi | Language::So => {
            if n == 1 {
                One
            } else {
                Other
            }
        }
        // fa: one: i = 0 or n = 1. ti: one: n = 0..1.
        Language::Fa | Language::Ti => {
            if n <= 1 {
                One
            } else {
                Other
            }
        }
        // ar: zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10;
        // many: n % 100 = 11..99.
        Language::Ar => match (n, n % 100) {
            (0, _) => Zero,
            (1, _) => One,
            (2, _) => Two,
            (_, 3..=10) => Few,
            (_, 11..=99) => Many,
            _ => Other,
        },
        // uk: one: v = 0 and i % 10 = 1 and i % 100 != 11;
        // few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14;
        // many: v = 0 and i % 10 = 0, or i % 10 = 5..9, or i % 100 = 11..14.
        Language::Uk => match (n % 10, n % 100) {
            (1, r) if r != 11 => One,
            (2..=4, r) if !(12..=14).contains(&r) => Few,
            _ => Many,
        },
    }
}

/// Every category `lang` uses, `other` always among them: the forms a
/// message with a count must have in that language.
pub fn categories(lang: Language) -> &'static [Category] {
    use Category::*;
    match lang {
        Language::Ar => &[Zero, One, Two, Few, Many, Other],
        // `other` is for fractions, which Stegvis never counts, but CLDR
        // requires it and a translator's tool expects it.
        Language::Uk => &[One, Few, Many, Other],
        _ => &[One, Other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    /// The counts every message with a count is checked with.
    const COUNTS: [u64; 6] = [0, 1, 2, 5, 11, 101];

    #[test]
    fn each_language_picks_its_forms_for_the_test_counts() {
        let expect = |lang, forms: [Category; 6]| {
            let got: Vec<Category> = COUNTS.iter().map(|n| category(lang, *n)).collect();
            assert_eq!(got, forms, "{} for {COUNTS:?}", lang.code());
        };
        for lang in [Language::Sv, Language::En, Language::Fi, Language::So] {
            expect(lang, [Other, One, Other, Other, Other, Other]);
        }
        for lang in [Language::Fa, Language::Ti] {
            expect(lang, [One, One, Other, Other, Other, Other]);
        }
        expect(Language::Ar, [Zero, One, Two, Few, Many, Other]);
        expect(Language::Uk, [Many, One, Few, Many, Many, One]);
    }

    #[test]
    fn arabic_and_ukrainian_follow_the_hundreds() {
        // CLDR's own examples.
        assert_eq!(category(Language::Ar, 103), Few);
        assert_eq!(category(Language::Ar, 111), Many);
        assert_eq!(category(Language::Ar, 200), Other);
        assert_eq!(category(Language::Uk, 21), One);
        assert_eq!(category(Language::Uk, 111), Many);
        assert_eq!(category(Language::Uk, 22), Few);
        assert_eq!(category(Language::Uk, 112), Many);
        assert_eq!(category(Language::Uk, 25), Many);
    }

    #[test]
    fn every_category_a_language_picks_is_one_it_declares() {
        for lang in Language::ALL {
            for n in 0..1000 {
                let c = category(lang, n);
                assert!(categories(lang).contains(&c), "{} {n}: {c:?}", lang.code());
            }
            assert!(categories(lang).contains(&Other));
        }
        assert_eq!(Category::from_name("few"), Some(Few));
        assert_eq!(Category::from_name("several"), None);
    }
}
