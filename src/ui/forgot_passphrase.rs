//! A forgotten staff code: it cannot be recovered, and without it the
//! device's records cannot be read. Staff can erase the device and start
//! over, explicitly and with confirmation (see docs/security.md).

use leptos::prelude::*;

use crate::platform::storage;
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn ForgotPassphrase(on_erased: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let confirmed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let erase = move |_| {
        if busy.get_untracked() {
            return;
        }
        if !confirmed.get_untracked() {
            problem.set(Some("staff.lock.forgot.need_confirm"));
            return;
        }
        busy.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let erased = async { storage::shared().await?.erase_everything().await }.await;
            busy.set(false);
            match erased {
                Ok(()) => _ = on_erased.try_run(()),
                Err(e) => problem.set(Some(storage_message_key(&e))),
            }
        });
    };
    view! {
        <details class="forgot-passphrase">
            <summary><Tx k="staff.lock.forgot"/></summary>
            <p><Tx k="staff.lock.forgot.text"/></p>
            <p><Tx k="staff.lock.forgot.erase_text"/></p>
            <div class="check">
                <input id="erase-confirm" type="checkbox" prop:checked=move || confirmed.get()
                    on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                <label for="erase-confirm"><Tx k="staff.lock.forgot.confirm"/></label>
            </div>
            <button type="button" class="danger" on:click=erase disabled=move || busy.get()>
                <Tx k="staff.lock.forgot.erase"/>
            </button>
            <p class="error" role="alert">{move || problem.get().map(|k| i18n.t(k))}</p>
        </details>
    }
}
