//! The words of the app itself (buttons, headings, messages), one catalogue a
//! language in `content/ui/<code>.json`, so translators edit data, not code.
//!
//! Participants see every key outside the `staff.` and `evaluator.` scopes, so
//! those must exist in all eight languages. Staff and evaluator screens need
//! Swedish and English; other languages fall back to Swedish there.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::language::Language;
use super::plural::{self, Category};
use super::translation::TranslationStatus;

/// Keys under these prefixes are read only by staff and evaluators.
const STAFF_SCOPES: [&str; 2] = ["staff.", "evaluator."];

/// Languages every staff and evaluator text must exist in.
const STAFF_LANGUAGES: [Language; 2] = [Language::Sv, Language::En];

/// A text with its `{name}` placeholders filled in.
pub fn fill<V: AsRef<str>>(template: &str, values: &[(&str, V)]) -> String {
    values.iter().fold(template.to_string(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value.as_ref()))
}

/// Whether staff and evaluator screens have their words in `lang`. In the
/// other languages they are shown in Swedish, left to right, as a whole.
pub fn has_staff_words(lang: Language) -> bool {
    STAFF_LANGUAGES.contains(&lang)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    language: Language,
    status: TranslationStatus,
    strings: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Catalog {
    pub status: TranslationStatus,
    file: String,
    strings: BTreeMap<String, String>,
}

/// A problem in the shipped UI text, naming the file and the key.
#[derive(Debug, PartialEq, Eq)]
pub struct UiTextError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for UiTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for UiTextError {}

#[derive(Debug)]
pub struct UiText {
    catalogs: Vec<(Language, Catalog)>,
}

/// The catalogues compiled into the app, as (file name, content).
pub const SHIPPED: [(&str, &str); 8] = [
    ("content/ui/sv.json", include_str!("../../../content/ui/sv.json")),
    ("content/ui/en.json", include_str!("../../../content/ui/en.json")),
    ("content/ui/ar.json", include_str!("../../../content/ui/ar.json")),
    ("content/ui/fa.json", include_str!("../../../content/ui/fa.json")),
    ("content/ui/so.json", include_str!("../../../content/ui/so.json")),
    ("content/ui/ti.json", include_str!("../../../content/ui/ti.json")),
    ("content/ui/uk.json", include_str!("../../../content/ui/uk.json")),
    ("content/ui/fi.json", include_str!("../../../content/ui/fi.json")),
];

fn is_staff_key(key: &str) -> bool {
    STAFF_SCOPES.iter().any(|scope| key.starts_with(scope))
}

/// A message with a count has one key a form: `<key>#<CLDR category>`
/// (`staff.close.goals#one`, `staff.close.goals#other`); each language has
/// exactly the forms its plural rules use (see [`plural`]).
pub fn plural_key(key: &str, category: Category) -> String {
    format!("{key}#{}", category.name())
}

/// `(key, category)` of a plural form's key.
fn plural_parts(key: &str) -> Option<(&str, Category)> {
    let (base, form) = key.split_once('#')?;
    Some((base, Category::from_name(form)?))
}

/// Checks the plural forms of one catalogue against the Swedish source: a
/// message with a count in Swedish has, in `lang`, either all the forms
/// `lang` uses or (a staff text outside sv and en) none, and no other form.
fn check_plurals(lang: Language, strings: &BTreeMap<String, String>, source: &BTreeMap<String, String>) -> Result<(), String> {
    let messages: std::collections::BTreeSet<&str> = source.keys().filter_map(|k| plural_parts(k)).map(|(b, _)| b).collect();
    for key in strings.keys() {
        if key.contains('#') && !plural_parts(key).is_some_and(|(b, _)| messages.contains(b)) {
            return Err(format!("key {key:?} is not a form of a message with a count in the Swedish catalogue"));
        }
    }
    for base in messages {
        let forms: Vec<Category> = strings.keys().filter_map(|k| plural_parts(k)).filter(|(b, _)| *b == base).map(|(_, c)| c).collect();
        let needed = plural::categories(lang);
        let optional = is_staff_key(base) && !STAFF_LANGUAGES.contains(&lang);
        if forms.is_empty() && optional {
            continue;
        }
        if forms.iter().copied().collect::<Vec<_>>() != needed {
            let names = |cs: &[Category]| cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
            return Err(format!("message {base:?} has the forms {} but {} needs {}", names(&forms), lang.code(), names(needed)));
        }
    }
    Ok(())
}

impl UiText {
    /// Parses and checks catalogues: one a language, each complete for what its
    /// readers see, no key unknown to Swedish, no empty text.
    pub fn parse(files: &[(&str, &str)]) -> Result<UiText, UiTextError> {
        let err = |file: &str, message: String| UiTextError { file: file.to_string(), message };
        let mut catalogs: Vec<(Language, Catalog)> = Vec::new();
        for (file, content) in files {
            let parsed: CatalogFile = serde_json::from_str(content).map_err(|e| err(file, e.to_string()))?;
            if catalogs.iter().any(|(l, _)| *l == parsed.language) {
                return Err(err(file, format!("language {:?} appears twice", parsed.language.code())));
            }
            if let Some((key, _)) = parsed.strings.iter().find(|(_, v)| v.trim().is_empty()) {
                return Err(err(file, format!("key {key:?} has empty text")));
            }
            catalogs.push((
                parsed.language,
                Catalog { status: parsed.status, file: file.to_string(), strings: parsed.strings },
            ));
        }
        let text = UiText { catalogs };
        let source =
            text.catalog(Language::Sv).ok_or_else(|| err("content/ui", "the Swedish catalogue is missing".into()))?;
        for lang in Language::ALL {
            let catalog =
                text.catalog(lang).ok_or_else(|| err("content/ui", format!("no catalogue for {:?}", lang.code())))?;
            let file = catalog.file.as_str();
            if lang != Language::Sv && catalog.status == TranslationStatus::Source {
                return Err(err(file, "only Swedish is the source language".into()));
            }
            check_plurals(lang, &catalog.strings, &source.strings).map_err(|m| err(file, m))?;
            for key in catalog.strings.keys().filter(|k| !k.contains('#')) {
                if !source.strings.contains_key(key) {
                    return Err(err(file, format!("key {key:?} is not in the Swedish catalogue")));
                }
            }
            for key in source.strings.keys().filter(|k| !k.contains('#')) {
                let required = !is_staff_key(key) || STAFF_LANGUAGES.contains(&lang);
                if required && !catalog.strings.contains_key(key) {
                    return Err(err(file, format!("key {key:?} is missing")));
                }
            }
        }
        Ok(text)
    }

    /// The catalogues shipped with the app. They are checked by the tests, so
    /// a failure here is a build defect, not a user error.
    pub fn shipped() -> UiText {
        UiText::parse(&SHIPPED).expect("shipped UI text is valid")
    }

    fn catalog(&self, lang: Language) -> Option<&Catalog> {
        self.catalogs.iter().find(|(l, _)| *l == lang).map(|(_, c)| c)
    }

    /// The text for `key` in `lang`, in Swedish where a staff-only text has no
    /// translation, and the key itself if it exists nowhere (a visible defect).
    pub fn get<'a>(&'a self, lang: Language, key: &'a str) -> &'a str {
        [lang, Language::Sv]
            .into_iter()
            .filter_map(|l| self.catalog(l))
            .find_map(|c| c.strings.get(key))
            .map_or(key, String::as_str)
    }

    /// The form of the message with a count `key` that `lang` uses for `n`
    /// (Swedish's where a staff text has no translation; the key itself if
    /// the message exists nowhere). `{n}` is left for the caller to fill.
    pub fn form<'a>(&'a self, lang: Language, key: &'a str, n: u64) -> &'a str {
        [lang, Language::Sv]
            .into_iter()
            .find_map(|l| self.catalog(l)?.strings.get(&plural_key(key, plural::category(l, n))))
            .map_or(key, String::as_str)
    }

    /// [`UiText::form`] with `{n}` filled in.
    pub fn count(&self, lang: Language, key: &str, n: u64) -> String {
        fill(self.form(lang, key, n), &[("n", n.to_string())])
    }

    /// The language `get` actually answers in, when that is not `lang`
    /// (a staff text shown in Swedish), so the UI can mark it with `lang`.
    pub fn fallback_language(&self, lang: Language, key: &str) -> Option<Language> {
        // A message with a count is there when its `other` form is.
        let other = plural_key(key, Category::Other);
        let has = |l: Language| self.catalog(l).is_some_and(|c| c.strings.contains_key(key) || c.strings.contains_key(&other));
        (!has(lang) && has(Language::Sv)).then_some(Language::Sv)
    }

    /// Every text a participant can see (all keys outside the staff and
    /// evaluator scopes), in `lang`.
    pub fn participant_words(&self, lang: Language) -> BTreeMap<String, String> {
        let source = self.catalog(Language::Sv).map(|c| &c.strings);
        let plain = source
            .into_iter()
            .flat_map(|s| s.keys())
            .filter(|k| !is_staff_key(k) && !k.contains('#'))
            .map(|k| (k.clone(), self.get(lang, k).to_string()));
        // Plural forms are the language's own, not Swedish's.
        let forms = self
            .catalog(lang)
            .into_iter()
            .flat_map(|c| &c.strings)
            .filter(|(k, _)| k.contains('#') && !is_staff_key(k))
            .map(|(k, v)| (k.clone(), v.clone()));
        plain.chain(forms).collect()
    }

    pub fn status(&self, lang: Language) -> TranslationStatus {
        self.catalog(lang).map_or(TranslationStatus::Draft, |c| c.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_with(replace: &str, content: &str) -> Vec<(&'static str, String)> {
        SHIPPED.iter().map(|(f, c)| (*f, if *f == replace { content.to_string() } else { c.to_string() })).collect()
    }

    fn parse_owned(files: &[(&'static str, String)]) -> Result<UiText, UiTextError> {
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(f, c)| (*f, c.as_str())).collect();
        UiText::parse(&borrowed)
    }

    #[test]
    fn shipped_catalogues_are_complete() {
        let text = UiText::parse(&SHIPPED).unwrap();
        assert_eq!(text.status(Language::Sv), TranslationStatus::Source);
        for lang in Language::ALL.into_iter().skip(1) {
            // No qualified translator has reviewed a language yet (a review
            // comes in only as an imported file: scripts/translations.py).
            assert!(text.status(lang).needs_review_notice(), "{}", lang.code());
            assert_ne!(text.get(lang, "role.participant"), text.get(Language::Sv, "role.participant"));
        }
    }

    #[test]
    fn staff_text_falls_back_to_swedish_and_unknown_keys_show_themselves() {
        let text = UiText::shipped();
        assert_eq!(text.get(Language::Ar, "staff.intro"), text.get(Language::Sv, "staff.intro"));
        assert_ne!(text.get(Language::En, "staff.intro"), text.get(Language::Sv, "staff.intro"));
        assert_eq!(text.get(Language::Fi, "no.such.key"), "no.such.key");
        assert_eq!(text.fallback_language(Language::Ar, "staff.intro"), Some(Language::Sv));
        assert_eq!(text.fallback_language(Language::En, "staff.intro"), None);
        assert_eq!(text.fallback_language(Language::Ar, "role.staff"), None);
    }

    #[test]
    fn a_missing_participant_text_is_named_with_its_file() {
        let somali = SHIPPED[4].1.replace("\"start.choose\": \"Yaad tahay?\",", "");
        let err = parse_owned(&shipped_with("content/ui/so.json", &somali)).unwrap_err();
        assert_eq!(err.file, "content/ui/so.json");
        assert!(err.message.contains("start.choose"), "{err}");
    }

    #[test]
    fn a_key_unknown_to_swedish_is_rejected() {
        let finnish = SHIPPED[7].1.replace("\"app.name\"", "\"app.nimi\"");
        let err = parse_owned(&shipped_with("content/ui/fi.json", &finnish)).unwrap_err();
        assert!(err.message.contains("app.nimi"), "{err}");
    }

    /// Every message with a count, in every language that has it, for the
    /// counts CLDR's rules tell apart: the form fits the count.
    #[test]
    fn messages_with_a_count_read_right_for_0_1_2_5_11_and_101() {
        let text = UiText::shipped();
        let sv = |key: &str, n| text.count(Language::Sv, key, n);
        assert_eq!(sv("staff.close.goals", 1), "1 öppet mål avslutas också.");
        assert_eq!(sv("staff.close.goals", 3), "3 öppna mål avslutas också.");
        assert_eq!(sv("staff.storage.remove.done", 1), "1 deltagare är borttagen från enheten.");
        assert_eq!(sv("staff.lock.wait", 1), "Fel kod för många gånger. Vänta 1 sekund och försök igen.");
        assert_eq!(sv("staff.lock.wait", 30), "Fel kod för många gånger. Vänta 30 sekunder och försök igen.");
        assert_eq!(text.count(Language::En, "staff.storage.remove.count", 1), "1 closed participant can be removed.");
        assert_eq!(text.count(Language::En, "staff.storage.remove.count", 0), "0 closed participants can be removed.");
        let sv_catalog = &text.catalog(Language::Sv).unwrap().strings;
        let messages: std::collections::BTreeSet<&str> =
            sv_catalog.keys().filter_map(|k| plural_parts(k)).map(|(b, _)| b).collect();
        assert!(messages.len() >= 4, "{messages:?}");
        for base in messages {
            for lang in Language::ALL {
                if is_staff_key(base) && !STAFF_LANGUAGES.contains(&lang) {
                    continue;
                }
                for n in [0u64, 1, 2, 5, 11, 101] {
                    let shown = text.count(lang, base, n);
                    let form = plural_key(base, plural::category(lang, n));
                    let template = &text.catalog(lang).unwrap().strings[&form];
                    assert_eq!(shown, fill(template, &[("n", n.to_string())]), "{} {base} {n}", lang.code());
                    assert!(!shown.contains("{n}"), "{} {base} {n}: {shown}", lang.code());
                    // The one-form may spell out the number; every other form shows it.
                    if plural::category(lang, n) != Category::One {
                        assert!(shown.contains(&n.to_string()), "{} {base} {n}: {shown}", lang.code());
                    }
                }
            }
        }
    }

    #[test]
    fn a_message_with_a_count_needs_the_forms_of_its_language() {
        let english_two = SHIPPED[1].1.replace("\"staff.close.goals#one\"", "\"staff.close.goals#two\"");
        let err = parse_owned(&shipped_with("content/ui/en.json", &english_two)).unwrap_err();
        assert!(err.message.contains("staff.close.goals"), "{err}");
        let english_one_missing = SHIPPED[1]
            .1
            .lines()
            .filter(|l| !l.contains("\"staff.lock.wait#one\""))
            .collect::<Vec<_>>()
            .join("\n");
        let err = parse_owned(&shipped_with("content/ui/en.json", &english_one_missing)).unwrap_err();
        assert!(err.message.contains("staff.lock.wait") && err.message.contains("needs one, other"), "{err}");
    }

    #[test]
    fn broken_json_and_empty_text_are_rejected() {
        let err = parse_owned(&shipped_with("content/ui/uk.json", "{ not json")).unwrap_err();
        assert_eq!(err.file, "content/ui/uk.json");
        let empty = SHIPPED[1].1.replace("\"Stegvis\"", "\"  \"");
        let err = parse_owned(&shipped_with("content/ui/en.json", &empty)).unwrap_err();
        assert!(err.message.contains("app.name"), "{err}");
    }
}
