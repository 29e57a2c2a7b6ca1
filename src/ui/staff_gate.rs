//! Staff pages show only after the staff code; the first time, the code is
//! chosen here. A "Lås" button and an idle spell lock the workspace again.

use leptos::prelude::*;

use crate::core::staff_lock;
use crate::platform::{staff_passphrase, storage};
use crate::ui::form_messages;
use crate::ui::hooks::use_staff_session;
use crate::ui::i18n::use_i18n;
use crate::ui::storage_message::storage_message_key;
use crate::ui::forgot_passphrase::ForgotPassphrase;
use crate::ui::unlock_form::UnlockForm;

#[derive(Clone, Copy, PartialEq)]
enum Gate {
    Checking,
    ChooseCode,
    Locked,
}

#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_staff_session();
    let gate = RwSignal::new(Gate::Checking);
    leptos::task::spawn_local(async move {
        let set = match storage::shared().await {
            Ok(storage) => staff_passphrase::is_set(&storage).await.unwrap_or(true),
            Err(_) => true,
        };
        gate.set(if set { Gate::Locked } else { Gate::ChooseCode });
    });
    let unlocked = Callback::new(move |()| {
        gate.set(Gate::Locked);
        session.unlocked.set(true);
    });
    view! {
        {move || {
            if session.unlocked.get() {
                let children = children.clone();
                return view! {
                    <div class="staff-bar">
                        <button type="button" class="secondary" lang=i18n.lang_attr("staff.lock.lock")
                            on:click=move |_| session.unlocked.set(false)>
                            {i18n.text("staff.lock.lock")}
                        </button>
                    </div>
                    {children()}
                }.into_any();
            }
            match gate.get() {
                Gate::Checking => view! { <h1>{i18n.text("role.staff")}</h1> }.into_any(),
                Gate::ChooseCode => view! {
                    <h1>{i18n.text("role.staff")}</h1>
                    <ChooseCode on_chosen=unlocked/>
                }.into_any(),
                Gate::Locked => view! {
                    <h1>{i18n.text("role.staff")}</h1>
                    <h2 lang=i18n.lang_attr("staff.lock.heading")>{i18n.text("staff.lock.heading")}</h2>
                    <UnlockForm on_unlocked=unlocked/>
                    <ForgotPassphrase on_erased=Callback::new(move |()| gate.set(Gate::ChooseCode))/>
                }.into_any(),
            }
        }}
    }
}

#[component]
fn ChooseCode(on_chosen: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let message = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (a, b) = (first.get_untracked(), second.get_untracked());
        if let Err(problem) = staff_lock::check_new(&a, &b) {
            message.set(Some(form_messages::passphrase(problem)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = async {
                let storage = storage::shared().await?;
                staff_passphrase::set(&storage, &a).await
            }
            .await;
            busy.set(false);
            match saved {
                Ok(()) => _ = on_chosen.try_run(()),
                Err(e) => message.set(Some(storage_message_key(&e))),
            }
        });
    };
    view! {
        <h2 lang=i18n.lang_attr("staff.lock.setup.heading")>{i18n.text("staff.lock.setup.heading")}</h2>
        <p lang=i18n.lang_attr("staff.lock.setup.intro")>{i18n.text("staff.lock.setup.intro")}</p>
        <form class="stack" on:submit=on_submit>
            <label for="new-passphrase" lang=i18n.lang_attr("staff.lock.new")>{i18n.text("staff.lock.new")}</label>
            <input id="new-passphrase" type="password" autocomplete="new-password" aria-describedby="choose-message"
                prop:value=move || first.get() on:input=move |ev| first.set(event_target_value(&ev))/>
            <label for="repeat-passphrase" lang=i18n.lang_attr("staff.lock.repeat")>{i18n.text("staff.lock.repeat")}</label>
            <input id="repeat-passphrase" type="password" autocomplete="new-password" aria-describedby="choose-message"
                prop:value=move || second.get() on:input=move |ev| second.set(event_target_value(&ev))/>
            <p id="choose-message" class="error" role="alert">{move || message.get().map(|k| i18n.t(k))}</p>
            <button type="submit" class="primary" disabled=move || busy.get() lang=i18n.lang_attr("staff.lock.save")>
                {i18n.text("staff.lock.save")}
            </button>
        </form>
    }
}
