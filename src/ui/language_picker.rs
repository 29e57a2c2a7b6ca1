use leptos::prelude::*;

use crate::core::language::Language;
use crate::platform::content;
use crate::ui::i18n::use_i18n;

/// The language menu. A language's words are loaded before it is shown (the
/// participant's app fetches them; the service worker has them offline).
/// Loading fails only offline before the first visit has cached them: the
/// menu then stays on the current language and says so.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    let on_change = move |ev| {
        let Some(language) = Language::from_code(&event_target_value(&ev)) else { return };
        leptos::task::spawn_local(async move {
            let loaded = content::load_language(language).await;
            let _ = failed.try_set(loaded.is_err());
            match loaded {
                Ok(()) => {
                    let _ = i18n.language.try_set(language);
                }
                // Back to the language still shown.
                Err(_) => i18n.language.update(|_| {}),
            }
        });
    };
    view! {
        <div class="language-picker">
            <label for="language">{i18n.text("language.label")}</label>
            <select id="language" on:change=on_change prop:value=move || i18n.language.get().code()>
                {Language::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=move || i18n.language.get() == l>
                                {l.endonym()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Show when=move || failed.get()>
                <p class="error" role="alert">{i18n.text("content.error")}</p>
            </Show>
        </div>
    }
}
