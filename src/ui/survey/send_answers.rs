//! On the participant's own phone, after Skicka in: the answers signed by
//! the phone, shown to staff as QR codes their tablet reads (no network, no
//! file), or shared or saved as a file. One signed file serves all three.

use leptos::prelude::*;

use crate::platform::files;
use crate::platform::sender::{self, AnswerCodes, PhoneFile, SendError};
use crate::ui::i18n::use_i18n;

/// How long each code stays on screen: a tablet camera reads several a second.
const PART_MS: u32 = 600;

/// The message for a failure: a module that could not be fetched says to go
/// online; the answers stay on the phone either way.
fn failed(e: SendError, otherwise: &'static str) -> &'static str {
    match e {
        SendError::NotLoaded => "survey.send.not_loaded",
        SendError::Failed => otherwise,
    }
}

#[component]
pub fn SendAnswers(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let made = StoredValue::new(None::<PhoneFile>);
    let shown = RwSignal::new(None::<AnswerCodes>);
    let part = RwSignal::new(0usize);
    let can_share = files::can_share();
    // The sending code is fetched now, so it is there by the first tap.
    sender::preload();
    // The file is signed at the first tap and reused after.
    let signed = move |code: String| async move {
        if let Some(m) = made.try_get_value().flatten() {
            return Ok(m);
        }
        let m = sender::phone_file(&code).await?;
        made.try_set_value(Some(m.clone()));
        Ok(m)
    };
    let send = {
        let code = code.clone();
        move |share: bool| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let code = code.clone();
            leptos::task::spawn_local(async move {
                let sent = match signed(code).await {
                    Ok(file) if share => files::share(&file.name, &file.text).await.map(|_| ()).map_err(|_| SendError::Failed),
                    Ok(file) => files::download(&file.name, &file.text).map(|_| ()).map_err(|_| SendError::Failed),
                    Err(e) => Err(e),
                };
                _ = busy.try_set(false);
                _ = status.try_set(Some(match sent {
                    Ok(()) => "survey.send.done",
                    Err(e) => failed(e, "survey.send.error"),
                }));
            });
        }
    };
    let show = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let codes = match signed(code).await {
                Ok(file) => sender::answer_codes(&file.text).await,
                Err(e) => Err(e),
            };
            _ = busy.try_set(false);
            match codes {
                Ok(codes) => {
                    _ = status.try_set(None);
                    _ = shown.try_set(Some(codes));
                }
                Err(e) => _ = status.try_set(Some(failed(e, "survey.show.error"))),
            }
        });
    };
    // One code after the other, round and round, while they are shown.
    let ticker = gloo_timers::callback::Interval::new(PART_MS, move || {
        if shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.parts.len() > 1)) {
            _ = part.try_update(|p| *p += 1);
        }
    });
    let ticker = StoredValue::new_local(Some(ticker));
    on_cleanup(move || drop(ticker.try_update_value(Option::take)));
    let send_share = send.clone();
    view! {
        <section class="send-answers" aria-labelledby="send-heading">
            <h2 id="send-heading">{i18n.t_once("survey.send.heading")}</h2>
            <p>{i18n.t_once("survey.send.text")}</p>
            {move || match shown.get() {
                None => view! {
                    <button type="button" class="primary" disabled=move || busy.get() on:click=show.clone()>
                        {i18n.t_once("survey.show.button")}
                    </button>
                }.into_any(),
                Some(codes) => view! { <QrSequence codes=codes part=part/> }.into_any(),
            }}
            <div class="case-links">
                {can_share.then(|| view! {
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| send_share(true)>
                        {i18n.t_once("survey.send.share")}
                    </button>
                })}
                <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| send(false)>
                    {i18n.t_once("survey.send.download")}
                </button>
            </div>
            <p role="status">{move || status.get().map(|k| i18n.t(k))}</p>
        </section>
    }
}

/// The answers as QR codes, one at a time, with where the sequence is and
/// the confirmation code.
#[component]
fn QrSequence(codes: AnswerCodes, part: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let total = codes.parts.len();
    let at = move || part.get() % total;
    view! {
        <div class="answer-codes">
            <p class="instruction">{i18n.t_once("survey.show.instruction")}</p>
            {move || codes.parts.get(at()).map(|qr| {
                let extent = qr.extent;
                view! {
                    <svg class="answer-qr" viewBox=format!("0 0 {extent} {extent}") role="img"
                        aria-label=i18n.t_once("survey.show.label") data-part=at() + 1 data-parts=total
                        shape-rendering="crispEdges">
                        <rect width=extent height=extent fill="#fff"/>
                        <path d=qr.path.clone() fill="#000"/>
                    </svg>
                }
            })}
            <p class="part" aria-live="off">{move || {
                i18n.fill("survey.show.part", &[("n", &(at() + 1).to_string()), ("total", &total.to_string())])
            }}</p>
            <p class="confirmation">
                {i18n.fill_once("survey.show.confirm", &[("code", &codes.confirmation)])}
            </p>
        </div>
    }
}
