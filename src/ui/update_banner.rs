//! "Ny version finns – ladda om": shown when a new version of the app is
//! waiting. Nothing reloads by itself, so no answer in progress is cut off.

use leptos::prelude::*;

use crate::platform::service_worker;
use crate::ui::i18n::use_i18n;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let waiting = RwSignal::new(false);
    let busy = RwSignal::new(false);
    service_worker::register(move || waiting.set(true));
    let reload = move |_| {
        busy.set(true);
        leptos::task::spawn_local(service_worker::apply_update());
    };
    view! {
        <div class="update-banner" role="status">
            <Show when=move || waiting.get()>
                <button type="button" on:click=reload disabled=move || busy.get()>{i18n.text("update.reload")}</button>
            </Show>
        </div>
    }
}
