//! On the participant's own phone, after Skicka in: the answers as a file
//! signed by the phone, to share with the staff or save.

use leptos::prelude::*;

use crate::platform::{bundles, files, storage};
use crate::ui::i18n::use_i18n;

#[component]
pub fn SendAnswers(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let can_share = files::can_share();
    let send = move |share: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let made = async { bundles::phone_bundle(&*storage::shared().await?, &code).await }.await;
            let sent = match made {
                Ok(Some(made)) if share => files::share(&made.record.file_name, &made.text).await.is_ok(),
                Ok(Some(made)) => files::download(&made.record.file_name, &made.text).is_ok(),
                _ => false,
            };
            busy.set(false);
            status.set(Some(if sent { "survey.send.done" } else { "survey.send.error" }));
        });
    };
    let send_share = send.clone();
    view! {
        <section class="send-answers" aria-labelledby="send-heading">
            <h2 id="send-heading">{move || i18n.t("survey.send.heading")}</h2>
            <p>{move || i18n.t("survey.send.text")}</p>
            <div class="case-links">
                {can_share.then(|| view! {
                    <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| send_share(true)>
                        {move || i18n.t("survey.send.share")}
                    </button>
                })}
                <button type="button" class=if can_share { "secondary" } else { "primary" } disabled=move || busy.get()
                    on:click=move |_| send(false)>
                    {move || i18n.t("survey.send.download")}
                </button>
            </div>
            <p role="status">{move || status.get().map(|k| i18n.t(k))}</p>
        </section>
    }
}
