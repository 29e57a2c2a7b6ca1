use leptos::prelude::*;

use crate::core::language::Language;
use crate::ui::i18n::use_i18n;

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev| {
        if let Some(language) = Language::from_code(&event_target_value(&ev)) {
            i18n.language.set(language);
        }
    };
    view! {
        <div class="language-picker">
            <label for="language">{move || i18n.t("language.label")}</label>
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
        </div>
    }
}
