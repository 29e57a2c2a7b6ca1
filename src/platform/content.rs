//! The instruments and words the app shows.
//!
//! The staff and evaluator app (feature `staff`) carries them all, compiled
//! in and parsed once. The participant's app fetches them from the files
//! `stegvis content` wrote at build time (`stegvis_core::content`): the words
//! of one language, the participant plan, and the instruments of the plan in
//! that language; another language only when it is chosen. Files already
//! fetched are kept for the life of the page (leaked: a few KB a language).

use crate::core::content::ParticipantPlan;
use crate::core::instrument::plan::Track;
use crate::core::instrument::{Instrument, Timepoint};
use crate::core::language::Language;
use crate::core::translation::TranslationStatus;

pub use imp::*;

/// Content could not be fetched: offline before the first visit finished,
/// or the host is missing a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError(pub String);

/// The participant's instruments for a track and timepoint, in plan order,
/// as loaded in `lang` (see [`load_instruments`]).
pub fn participant_instruments(lang: Language, track: Track, timepoint: Timepoint) -> Vec<&'static Instrument> {
    let all = instruments(lang);
    participant_ids(track, timepoint).iter().filter_map(|id| all.iter().find(|i| &i.id == id)).collect()
}

#[cfg(feature = "staff")]
mod imp {
    use super::*;
    use crate::core::bundle::{self, InstrumentDefinition};
    use crate::core::instrument::{self, plan};
    use crate::core::ui_text::UiText;

    pub fn text() -> &'static UiText {
        static TEXT: std::sync::OnceLock<UiText> = std::sync::OnceLock::new();
        TEXT.get_or_init(UiText::shipped)
    }

    pub fn word(lang: Language, key: &'static str) -> Option<&'static str> {
        let found = text().get(lang, key);
        (found != key).then_some(found)
    }

    pub fn fallback_language(lang: Language, key: &str) -> Option<Language> {
        text().fallback_language(lang, key)
    }

    /// The form of a message with a count (see `ui_text::UiText::form`).
    pub fn form(lang: Language, key: &'static str, n: u64) -> &'static str {
        text().form(lang, key, n)
    }

    pub fn status(lang: Language) -> TranslationStatus {
        text().status(lang)
    }

    pub fn instruments(_lang: Language) -> &'static [Instrument] {
        instrument::shipped()
    }

    pub fn participant_ids(track: Track, timepoint: Timepoint) -> Vec<String> {
        static PLAN: std::sync::OnceLock<ParticipantPlan> = std::sync::OnceLock::new();
        let plan = PLAN.get_or_init(|| ParticipantPlan::of(plan::shipped(), instrument::shipped()));
        plan.instruments(track, timepoint).to_vec()
    }

    /// Everything is compiled in: nothing to load.
    pub async fn load_words(_lang: Language) -> Result<(), ContentError> {
        Ok(())
    }

    pub async fn load_instruments(_lang: Language, _ids: &[String]) -> Result<(), ContentError> {
        Ok(())
    }

    pub async fn load_language(_lang: Language) -> Result<(), ContentError> {
        Ok(())
    }

    pub async fn definitions(_used: &[(String, u32)]) -> Result<Vec<InstrumentDefinition>, ContentError> {
        Ok(bundle::shipped_definitions().to_vec())
    }

    /// Nothing to fetch ahead.
    pub fn prefetch(_lang: Language) {}
}

#[cfg(not(feature = "staff"))]
mod imp {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use js_sys::Promise;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::*;
    use crate::core::bundle::InstrumentDefinition;
    use crate::core::content::{self, Packed, Words};

    #[derive(Default)]
    struct Loaded {
        words: BTreeMap<Language, &'static Words>,
        plan: Option<&'static ParticipantPlan>,
        /// Every instrument loaded in a language, as one slice for the screens.
        instruments: BTreeMap<Language, &'static [Instrument]>,
        /// Fetches started ahead of need, by path.
        started: BTreeMap<String, Promise>,
    }

    thread_local! {
        static LOADED: RefCell<Loaded> = RefCell::default();
    }

    fn leak<T>(value: T) -> &'static T {
        Box::leak(Box::new(value))
    }

    /// Starts fetching `path` (relative to the app's folder) unless it is
    /// already on its way; the body's text, as a promise.
    fn start(path: &str) -> Promise {
        LOADED.with_borrow_mut(|l| {
            l.started
                .entry(path.to_string())
                .or_insert_with(|| {
                    let path = path.to_string();
                    wasm_bindgen_futures::future_to_promise(async move {
                        let window = web_sys::window().expect("a window");
                        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&path)).await?.dyn_into()?;
                        if !response.ok() {
                            return Err(format!("HTTP {}", response.status()).into());
                        }
                        JsFuture::from(response.text()?).await
                    })
                })
                .clone()
        })
    }

    async fn fetch_text(path: &str) -> Result<String, ContentError> {
        match JsFuture::from(start(path)).await {
            Ok(text) => Ok(text.as_string().unwrap_or_default()),
            Err(e) => {
                // A failed fetch may succeed later (back online): start afresh next time.
                LOADED.with_borrow_mut(|l| l.started.remove(path));
                Err(ContentError(format!("{path}: {e:?}")))
            }
        }
    }

    /// A content file in its compact form, checked when it was built: only
    /// a file cut short (or from another build) fails to read.
    async fn fetch<T: Packed>(path: &str) -> Result<T, ContentError> {
        let text = fetch_text(path).await?;
        T::read(&text).ok_or_else(|| ContentError(format!("{path}: not a whole content file")))
    }

    pub fn word(lang: Language, key: &'static str) -> Option<&'static str> {
        LOADED.with_borrow(|l| {
            [lang, Language::Sv].iter().find_map(|lang| l.words.get(lang)?.words.get(key).map(String::as_str))
        })
    }

    pub fn fallback_language(lang: Language, key: &str) -> Option<Language> {
        let has = |lang| LOADED.with_borrow(|l| l.words.get(&lang).is_some_and(|w| w.words.contains_key(key)));
        (!has(lang) && has(Language::Sv)).then_some(Language::Sv)
    }

    pub fn status(lang: Language) -> TranslationStatus {
        LOADED.with_borrow(|l| l.words.get(&lang).map_or(TranslationStatus::Draft, |w| w.status))
    }

    /// The instruments loaded in `lang`, or else in any language loaded:
    /// their structure (items, scales, ids, hashes) is the same in all.
    pub fn instruments(lang: Language) -> &'static [Instrument] {
        LOADED.with_borrow(|l| {
            l.instruments.get(&lang).or_else(|| l.instruments.values().next()).copied().unwrap_or(&[])
        })
    }

    pub fn participant_ids(track: Track, timepoint: Timepoint) -> Vec<String> {
        LOADED.with_borrow(|l| l.plan.map(|p| p.instruments(track, timepoint).to_vec()).unwrap_or_default())
    }

    /// Starts fetching what the first screens in `lang` need, before the app
    /// asks for it, so it arrives while storage opens: the words and the
    /// plan, then, for a participant's link, the instruments it asks.
    pub fn prefetch(lang: Language) {
        let _ = start(ParticipantPlan::PATH);
        let _ = start(&content::words_path(lang));
        let link = crate::core::route::link_track_timepoint(&super::super::location_hash::current());
        if let (Some(track), Some(timepoint)) = link {
            wasm_bindgen_futures::spawn_local(async move {
                if load_words(lang).await.is_ok() {
                    // A failure shows where the instruments are needed.
                    let _ = load_instruments(lang, &participant_ids(track, timepoint)).await;
                }
            });
        }
    }

    /// The words of `lang` and the participant plan, once.
    pub async fn load_words(lang: Language) -> Result<(), ContentError> {
        if LOADED.with_borrow(|l| l.plan.is_none()) {
            let plan: ParticipantPlan = fetch(ParticipantPlan::PATH).await?;
            LOADED.with_borrow_mut(|l| l.plan = Some(leak(plan)));
        }
        if LOADED.with_borrow(|l| !l.words.contains_key(&lang)) {
            let words: Words = fetch(&content::words_path(lang)).await?;
            LOADED.with_borrow_mut(|l| l.words.insert(lang, leak(words)));
        }
        Ok(())
    }

    /// The instruments `ids` in `lang`, fetched side by side; those already
    /// loaded are not fetched again.
    pub async fn load_instruments(lang: Language, ids: &[String]) -> Result<(), ContentError> {
        let missing: Vec<&String> = ids.iter().filter(|id| !instruments_in(lang).iter().any(|i| &i.id == *id)).collect();
        let paths: Vec<String> = missing.iter().map(|id| content::instrument_path(lang, id)).collect();
        for path in &paths {
            let _ = start(path);
        }
        let mut fetched = Vec::new();
        for path in &paths {
            fetched.push(fetch::<Instrument>(path).await?);
        }
        if !fetched.is_empty() {
            LOADED.with_borrow_mut(|l| {
                let mut all: Vec<Instrument> = l.instruments.get(&lang).map(|s| s.to_vec()).unwrap_or_default();
                // Two callers may have waited for the same files (prefetch and a screen).
                for inst in fetched {
                    if !all.iter().any(|i| i.id == inst.id) {
                        all.push(inst);
                    }
                }
                l.instruments.insert(lang, Box::leak(all.into_boxed_slice()));
            });
        }
        Ok(())
    }

    /// Another language, with every instrument already loaded: what a
    /// language switch needs before the screen changes language.
    pub async fn load_language(lang: Language) -> Result<(), ContentError> {
        load_words(lang).await?;
        let loaded: Vec<String> = LOADED.with_borrow(|l| {
            let mut ids: Vec<String> = l.instruments.values().flat_map(|all| all.iter().map(|i| i.id.clone())).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        load_instruments(lang, &loaded).await
    }

    fn instruments_in(lang: Language) -> &'static [Instrument] {
        LOADED.with_borrow(|l| l.instruments.get(&lang).copied().unwrap_or(&[]))
    }

    /// The definitions (source files) of the instrument versions `used`, for signing.
    pub async fn definitions(used: &[(String, u32)]) -> Result<Vec<InstrumentDefinition>, ContentError> {
        let mut out = Vec::new();
        for (id, version) in used {
            let path = content::definition_path(id, *version);
            let text = fetch_text(&path).await?;
            out.push(serde_json::from_str(&text).map_err(|e| ContentError(format!("{path}: {e}")))?);
        }
        Ok(out)
    }
}
