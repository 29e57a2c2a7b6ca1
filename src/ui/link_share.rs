//! A participant's link handed to their phone: a QR code the phone's own
//! camera opens, the link as text, and *Kopiera länken* and *Dela* beside it.

use leptos::prelude::*;

use crate::core::qr::Qr;
use crate::platform::files;
use crate::ui::i18n::{use_i18n, Tx};

#[component]
pub fn LinkShare(url: String) -> impl IntoView {
    let i18n = use_i18n();
    let news = RwSignal::new(None::<&'static str>);
    let qr = Qr::encode(&url);
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                let key = match files::copy_text(&url).await {
                    Ok(()) => "staff.link.copied",
                    Err(_) => "staff.link.copy_failed",
                };
                _ = news.try_set(Some(key));
            });
        }
    };
    let share = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                if files::share_link(&url).await.is_err() {
                    _ = news.try_set(Some("staff.link.share_failed"));
                }
            });
        }
    };
    view! {
        <div class="link-share">
            {qr.map(|qr| {
                let extent = qr.extent();
                view! {
                    <figure class="link-qr">
                        <svg viewBox=format!("0 0 {extent} {extent}") role="img" aria-labelledby="link-qr-label"
                            shape-rendering="crispEdges" data-modules=qr.size>
                            <title id="link-qr-label">{i18n.text("staff.link.qr_label")}</title>
                            <rect width=extent height=extent fill="#fff"/>
                            <path d=qr.svg_path() fill="#000"/>
                        </svg>
                        <figcaption><Tx k="staff.link.qr_hint"/></figcaption>
                    </figure>
                }
            })}
            <p><a href=url.clone() class="link-text">{url.clone()}</a></p>
            <div class="actions">
                <button type="button" class="secondary" on:click=copy><Tx k="staff.link.copy"/></button>
                {files::can_share_link().then(|| view! {
                    <button type="button" class="secondary" on:click=share.clone()><Tx k="staff.link.share"/></button>
                })}
            </div>
            <p class="saved" role="status">{move || news.get().map(|k| view! { <Tx k=k/> })}</p>
        </div>
    }
}
