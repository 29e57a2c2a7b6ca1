//! "Byt kod": staff change the device's passphrase, for example when someone
//! who knew it leaves. The answers stay; only the key that opens them is
//! wrapped again.

use leptos::prelude::*;

use crate::core::staff_lock;
use crate::platform::staff_passphrase::{self, Unlock};
use crate::platform::storage;
use crate::ui::form_messages;
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::storage_message::storage_message_key;

#[component]
pub fn ChangePassphrasePage() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (old, a, b) = (current.get_untracked(), new.get_untracked(), repeated.get_untracked());
        done.set(false);
        if let Err(p) = staff_lock::check_change(&old, &a, &b) {
            problem.set(Some(i18n.t(form_messages::passphrase(p)).to_string()));
            return;
        }
        busy.set(true);
        problem.set(Some(i18n.t("staff.lock.checking").to_string()));
        leptos::task::spawn_local(async move {
            let changed = async { staff_passphrase::change(&*storage::shared().await?, &old, &a).await }.await;
            busy.set(false);
            match changed {
                Ok(Unlock::Unlocked) => {
                    problem.set(None);
                    done.set(true);
                    for field in [current, new, repeated] {
                        field.set(String::new());
                    }
                }
                Ok(refused) => problem.set(Some(form_messages::code_refused(i18n, refused))),
                Err(e) => problem.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    let field = move |id: &'static str, label: &'static str, autocomplete: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id><Tx k=label/></label>
            <input id=id type="password" autocomplete=autocomplete aria-describedby="change-message"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    view! {
        <h1><Tx k="staff.lock.change.heading"/></h1>
        <p><Tx k="staff.lock.change.intro"/></p>
        <form class="stack change-passphrase" on:submit=on_submit>
            {field("current-code", "staff.lock.change.current", "current-password", current)}
            {field("changed-code", "staff.lock.new", "new-password", new)}
            {field("changed-code-repeat", "staff.lock.repeat", "new-password", repeated)}
            <p id="change-message" class="error" role="alert" lang=i18n.lang_attr("staff.lock.wrong")>{move || problem.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get()><Tx k="staff.lock.change.save"/></button>
        </form>
        <p class="status" role="status" lang=i18n.lang_attr("staff.lock.change.done")>{move || done.get().then(|| i18n.t("staff.lock.change.done"))}</p>
    }
}
