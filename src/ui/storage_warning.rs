//! Warnings on the staff start page when data on the device is at risk:
//! storage the browser may clear, answers unsent too long, a wrong clock.
//! The first time staff get here, the app asks for persistent storage.

use leptos::prelude::*;

use crate::core::storage_risk::{self, Situation, Warning};
use crate::platform::{bundles, clock, persistence, preferences, storage};
use crate::ui::i18n::{use_i18n, I18n};

fn text(i18n: I18n, w: &Warning) -> String {
    match w {
        Warning::NotPersistent => i18n.t("staff.storage.warn.not_persistent").into(),
        Warning::Unsent { answers, days } => i18n.fill(
            "staff.storage.warn.unsent",
            &[("answers", &answers.to_string()), ("days", &days.to_string())],
        ),
        Warning::ClockBehind => i18n.t("staff.storage.warn.clock").into(),
    }
}

/// The warnings for this device now, asking for persistent storage first.
pub async fn current() -> Vec<Warning> {
    let persisted = match persistence::persisted().await {
        Some(false) => persistence::persist().await,
        other => other,
    };
    let backlog = match storage::shared().await {
        Ok(s) => bundles::backlog(&s).await.unwrap_or_default(),
        Err(_) => Default::default(),
    };
    let today = clock::today();
    storage_risk::warnings(&Situation {
        persisted,
        unsent: backlog.answers,
        oldest_unsent: backlog.oldest.as_deref(),
        newest_record: backlog.newest_record.as_deref(),
        today: &today,
        warn_days: preferences::warn_days(),
    })
}

#[component]
pub fn StorageWarning() -> impl IntoView {
    let i18n = use_i18n();
    let warnings = RwSignal::new(Vec::<Warning>::new());
    leptos::task::spawn_local(async move { warnings.set(current().await) });
    view! {
        <Show when=move || !warnings.with(Vec::is_empty)>
            <div class="notice storage-warning" role="status" lang=i18n.lang_attr("staff.storage.warn.clock")>
                <ul class="plain-list">
                    {move || warnings.get().iter().map(|w| view! { <li>{text(i18n, w)}</li> }).collect_view()}
                </ul>
                <p><a href="#/personal/lagring">{i18n.text("staff.storage.heading")}</a></p>
            </div>
        </Show>
    }
}
