//! "Lagring": whether storage is persistent, space used and left, what is
//! not yet sent, when to warn, and removing closed cases that are sent.

use leptos::prelude::*;

use crate::core::bundle::export::{Backlog, Removable};
use crate::platform::{bundles, persistence, preferences, storage};
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::storage_message::storage_message_key;

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0).replace('.', ",")
}

#[component]
pub fn StoragePage() -> impl IntoView {
    let i18n = use_i18n();
    let persisted = RwSignal::new(None::<bool>);
    let space = RwSignal::new(None::<(f64, f64)>);
    // None until counted: "Allt är skickat." is said only of a real count.
    let backlog = RwSignal::new(None::<Result<Backlog, ()>>);
    let removable = RwSignal::new(Removable::default());
    let message = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<&'static str>);
    let confirmed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            persisted.set(persistence::persisted().await);
            space.set(persistence::estimate().await);
            match storage::shared().await {
                Ok(s) => {
                    let counted = bundles::backlog(&s).await;
                    if let Err(e) = &counted {
                        problem.set(Some(storage_message_key(e)));
                    }
                    backlog.set(Some(counted.map_err(|_| ())));
                    removable.set(bundles::removable(&s).await.unwrap_or_default());
                }
                Err(e) => problem.set(Some(storage_message_key(&e))),
            }
        });
    };
    load();
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            persistence::persist().await;
            persisted.set(persistence::persisted().await);
        });
    };
    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        if !confirmed.get_untracked() {
            problem.set(Some("staff.storage.remove.need_confirm"));
            return;
        }
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let removed = async { bundles::remove_exported(&*storage::shared().await?).await }.await;
            match removed {
                Ok(n) => message.set(Some(i18n.plural("staff.storage.remove.done", n, &[]))),
                Err(e) => problem.set(Some(storage_message_key(&e))),
            }
            confirmed.set(false);
            busy.set(false);
            load();
        });
    };
    let warn_days = RwSignal::new(preferences::warn_days());
    view! {
        <h1><Tx k="staff.storage.heading"/></h1>
        <section aria-labelledby="persist-heading">
            <h2 id="persist-heading"><Tx k="staff.storage.persist.heading"/></h2>
            <p class="persisted">{move || match persisted.get() {
                Some(true) => view! { <Tx k="staff.storage.persisted.yes"/> }.into_any(),
                Some(false) => view! {
                    <Tx k="staff.storage.persisted.no"/>" "
                    <button type="button" class="secondary" on:click=ask><Tx k="staff.storage.persist"/></button>
                }.into_any(),
                None => view! { <Tx k="staff.storage.persisted.unknown"/> }.into_any(),
            }}</p>
            <p class="space" lang=i18n.lang_attr("staff.storage.space")>{move || match space.get() {
                Some((used, quota)) => i18n.fill("staff.storage.space", &[("used", &megabytes(used)), ("free", &megabytes((quota - used).max(0.0)))]),
                None => i18n.t("staff.storage.space.unknown").into(),
            }}</p>
            {move || match backlog.get() {
                None => view! { <p class="counting"><Tx k="staff.storage.unsent.counting"/></p> }.into_any(),
                Some(Err(())) => view! { <p class="unsent"><Tx k="staff.storage.unsent.unknown"/></p> }.into_any(),
                Some(Ok(b)) => view! {
                    <p class="unsent" lang=i18n.lang_attr("staff.storage.unsent")>{move || match b.answers {
                        0 => i18n.t("staff.storage.unsent.none").to_string(),
                        n => i18n.fill("staff.storage.unsent", &[("answers", &n.to_string())]),
                    }}</p>
                }.into_any(),
            }}
            <div class="field">
                <label for="warn-days"><Tx k="staff.storage.warn_days"/></label>
                <input id="warn-days" type="number" min="1" max="365" inputmode="numeric"
                    prop:value=move || warn_days.get().to_string()
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<u32>() {
                            let d = d.clamp(1, 365);
                            preferences::set_warn_days(d);
                            warn_days.set(d);
                        }
                    }/>
            </div>
        </section>
        <section aria-labelledby="remove-heading">
            <h2 id="remove-heading"><Tx k="staff.storage.remove.heading"/></h2>
            <p><Tx k="staff.storage.remove.intro"/></p>
            <p class="removable" lang=i18n.lang_attr("staff.storage.remove.count")>{move || match removable.with(|r| r.participants.len()) {
                0 => i18n.t("staff.storage.remove.none").to_string(),
                n => i18n.plural("staff.storage.remove.count", n, &[]),
            }}</p>
            <Show when=move || !removable.with(Removable::is_empty)>
                <div class="check">
                    <input id="remove-confirm" type="checkbox" prop:checked=move || confirmed.get()
                        on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                    <label for="remove-confirm"><Tx k="staff.storage.remove.confirm"/></label>
                </div>
                <button type="button" class="danger" on:click=remove disabled=move || busy.get()><Tx k="staff.storage.remove.button"/></button>
            </Show>
            <p class="status" role="status">{move || message.get()}</p>
            <p class="error" role="alert">{move || problem.get().map(|k| i18n.t(k))}</p>
        </section>
    }
}
