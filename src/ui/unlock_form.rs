//! Staff type their code to unlock; used by the staff pages and to take a
//! device back from a participant (kiosk).

use leptos::prelude::*;

use crate::platform::staff_passphrase::{self, Unlock};
use crate::platform::storage;
use crate::ui::form_messages;
use crate::ui::i18n::use_i18n;
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn UnlockForm(on_unlocked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(Some(i18n.t("staff.lock.checking").to_string()));
        let guess = typed.get_untracked();
        leptos::task::spawn_local(async move {
            let result = async {
                let storage = storage::shared().await?;
                staff_passphrase::unlock(&storage, &guess).await
            }
            .await;
            busy.set(false);
            typed.set(String::new());
            match result {
                Ok(Unlock::Unlocked) => {
                    message.set(None);
                    // Left before the check ended: nobody asked for the keys now.
                    if on_unlocked.try_run(()).is_none() {
                        storage::lock_shared();
                    }
                }
                Ok(refused) => message.set(Some(form_messages::code_refused(i18n, refused))),
                Err(e) => message.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    view! {
        <form class="stack unlock-form" on:submit=on_submit>
            <label for="staff-passphrase" lang=i18n.lang_attr("staff.lock.passphrase")>
                {i18n.text("staff.lock.passphrase")}
            </label>
            <input id="staff-passphrase" type="password" autocomplete="current-password"
                aria-describedby="unlock-message"
                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            <p id="unlock-message" class="error" role="status">{move || message.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get() lang=i18n.lang_attr("staff.lock.unlock")>
                {i18n.text("staff.lock.unlock")}
            </button>
        </form>
    }
}
