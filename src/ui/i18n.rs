//! The current language and the app's words, shared through Leptos context.

use leptos::prelude::*;

use crate::core::language::Language;
use crate::core::translation::TranslationStatus;
use crate::platform::content;

/// The language signal changes only once that language's words are loaded
/// (see `LanguagePicker`), so a text is never looked up before it is there.
#[derive(Clone, Copy)]
pub struct I18n {
    pub language: RwSignal<Language>,
}

impl I18n {
    pub fn new(language: Language) -> I18n {
        I18n { language: RwSignal::new(language) }
    }

    /// The text for `key` in the current language (staff texts fall back to
    /// Swedish), or the key itself, a visible defect; tracks the language.
    pub fn t(&self, key: &'static str) -> &'static str {
        content::word(self.language.get(), key).unwrap_or(key)
    }

    /// [`I18n::t`] as a view's text that follows the language. The same type
    /// at every call, so all of them share one instance of Leptos' render
    /// code, where a closure written at each place is a type, and code, of its own.
    pub fn text(self, key: &'static str) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
        move || self.t(key)
    }

    /// [`I18n::lang_of`] as an attribute that follows the language (see [`I18n::text`]).
    #[cfg(feature = "staff")]
    pub fn lang_attr(self, key: &'static str) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static {
        move || self.lang_of(key)
    }

    /// [`I18n::t`] without tracking the language, for a screen that is
    /// drawn anew when the language changes (the survey's screens): a fixed
    /// text costs neither a reactive effect nor its code.
    pub fn t_once(&self, key: &'static str) -> &'static str {
        content::word(self.language.get_untracked(), key).unwrap_or(key)
    }

    /// [`I18n::fill`] without tracking the language (see [`I18n::t_once`]).
    pub fn fill_once(&self, key: &'static str, values: &[(&str, &str)]) -> String {
        crate::core::ui_text::fill(self.t_once(key), values)
    }

    /// The text for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &'static str, values: &[(&str, &str)]) -> String {
        crate::core::ui_text::fill(self.t(key), values)
    }

    /// An import's message about a file (see `core::bundle::message`).
    #[cfg(feature = "staff")]
    pub fn message(&self, m: &crate::core::bundle::message::Message) -> String {
        m.in_words(content::text(), self.language.get())
    }

    /// What fills `{projekt}`: the deployment's project name, or the words
    /// for "the project" in the current language.
    /// A message with a count (`key#one`, `key#other`, … in the catalogue), in
    /// the form the language uses for `n`, with `{n}` and `values` filled in.
    #[cfg(feature = "staff")]
    pub fn plural(&self, key: &'static str, n: usize, values: &[(&str, &str)]) -> String {
        let n_text = n.to_string();
        let mut all = vec![("n", n_text.as_str())];
        all.extend_from_slice(values);
        crate::core::ui_text::fill(content::form(self.language.get(), key, n as u64), &all)
    }

    pub fn project_name(&self) -> &'static str {
        crate::core::deployment::shipped().project_name.as_deref().unwrap_or_else(|| self.t("project.default_name"))
    }

    /// `Some("sv")` when `key` has no text in the current language and is
    /// shown in Swedish: put it in a `lang` attribute so it is read correctly.
    pub fn lang_of(&self, key: &'static str) -> Option<&'static str> {
        content::fallback_language(self.language.get(), key).map(|l| l.code())
    }

    /// The code of the language `key` is shown in, for UI text placed inside
    /// content of another language.
    #[cfg(feature = "staff")]
    pub fn text_lang(&self, key: &'static str) -> &'static str {
        self.lang_of(key).unwrap_or(self.language.get().code())
    }

    pub fn status(&self) -> TranslationStatus {
        content::status(self.language.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A text of the app in its own span, marked with the language it is shown in.
#[cfg(feature = "staff")]
#[component]
pub fn Tx(k: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span lang=i18n.lang_attr(k)>{i18n.text(k)}</span> }
}
