//! "Ta emot svar med kameran": the tablet reads the QR codes a participant's
//! phone shows after *Skicka in*, in any order, then verifies and stores the
//! answers exactly as a received file. Both screens then show the same
//! confirmation code.

use leptos::html::Video;
use leptos::prelude::*;

use crate::core::handoff::{self, PartProblem, Receiver};
use crate::platform::camera::{self, Camera, CameraError};
use crate::platform::imports::{self, Received};
use crate::platform::{compression, storage};
use crate::ui::evaluator_page::rejection_text;
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::storage_message::storage_message_key;

/// How often a frame is looked at.
const FRAME_MS: u32 = 150;

#[derive(Clone, PartialEq)]
enum State {
    Off,
    Scanning { read: usize, total: usize },
    /// Stored (or stored before): how many answers, and the confirmation code.
    Done { message: String, confirmation: String },
}

#[component]
pub fn ReceivePage() -> impl IntoView {
    let i18n = use_i18n();
    let video = NodeRef::<Video>::new();
    let state = RwSignal::new(State::Off);
    let problem = RwSignal::new(None::<String>);
    let running = StoredValue::new_local(None::<std::rc::Rc<Camera>>);
    let stop = move || {
        if let Some(camera) = running.try_update_value(Option::take).flatten() {
            camera.close();
        }
    };
    on_cleanup(stop);
    let start = move |_| {
        let Some(element) = video.get_untracked() else { return };
        problem.set(None);
        state.set(State::Scanning { read: 0, total: 0 });
        leptos::task::spawn_local(async move {
            let camera = match camera::open(element).await {
                Ok(c) => std::rc::Rc::new(c),
                Err(e) => {
                    let key = match e {
                        CameraError::Refused => "staff.scan.refused",
                        CameraError::NoCamera => "staff.scan.no_camera",
                    };
                    _ = problem.try_set(Some(i18n.t(key).to_string()));
                    _ = state.try_set(State::Off);
                    return;
                }
            };
            running.try_set_value(Some(camera.clone()));
            let mut receiver = Receiver::default();
            loop {
                // Left the page, or the camera was closed: stop reading.
                if !running.try_with_value(|r| r.is_some()).unwrap_or(false) {
                    return;
                }
                for text in camera.codes().await {
                    match receiver.add(&text) {
                        Ok(p) => {
                            _ = state.try_set(State::Scanning { read: p.read, total: p.total });
                        }
                        Err(PartProblem::Foreign) => {
                            _ = problem.try_set(Some(i18n.t("staff.scan.foreign").to_string()));
                        }
                        Err(_) => {
                            // Another phone's codes: start again with them.
                            receiver = Receiver::default();
                            let _ = receiver.add(&text);
                            _ = problem.try_set(Some(i18n.t("staff.scan.other").to_string()));
                        }
                    }
                }
                if receiver.is_complete() {
                    match store(i18n, &receiver).await {
                        Ok(done) => {
                            camera.close();
                            running.try_set_value(None);
                            _ = problem.try_set(None);
                            _ = state.try_set(done);
                            return;
                        }
                        Err(key) => {
                            receiver = Receiver::default();
                            _ = problem.try_set(Some(key));
                            _ = state.try_set(State::Scanning { read: 0, total: 0 });
                        }
                    }
                }
                gloo_timers::future::TimeoutFuture::new(FRAME_MS).await;
            }
        });
    };
    let again = move |_| {
        state.set(State::Off);
        problem.set(None);
    };
    view! {
        <h1><Tx k="staff.scan.heading"/></h1>
        <p><Tx k="staff.scan.intro"/></p>
        {move || match state.get() {
            State::Off => view! {
                <button type="button" class="primary" on:click=start><Tx k="staff.scan.start"/></button>
            }.into_any(),
            State::Scanning { read, total } => view! {
                <p class="scan-progress" role="status">{move || if total == 0 {
                    i18n.t("staff.scan.waiting").to_string()
                } else {
                    i18n.fill("staff.scan.progress", &[("read", &read.to_string()), ("total", &total.to_string())])
                }}</p>
                <button type="button" class="secondary" on:click=move |_| { stop(); state.set(State::Off); }>
                    <Tx k="staff.scan.stop"/>
                </button>
            }.into_any(),
            State::Done { message, confirmation } => view! {
                <section class="scan-done" aria-labelledby="scan-done-heading">
                    <h2 id="scan-done-heading" tabindex="-1">{message}</h2>
                    <p class="confirmation">{move || i18n.fill("staff.scan.confirm", &[("code", &confirmation)])}</p>
                    <button type="button" class="secondary" on:click=again><Tx k="staff.scan.again"/></button>
                </section>
            }.into_any(),
        }}
        <p class="error" role="alert">{move || problem.get()}</p>
        // The camera's picture, to aim with; what matters is said in words above.
        <video node_ref=video class="scanner" aria-hidden="true"
            class:hidden=move || !matches!(state.get(), State::Scanning { .. })></video>
    }
}

/// Puts the read parts together, verifies the signed file and stores it as
/// a received file; the page's state, or the message of why nothing is stored.
async fn store(i18n: crate::ui::i18n::I18n, receiver: &Receiver) -> Result<State, String> {
    let damaged = || i18n.t("staff.scan.damaged").to_string();
    let compressed = receiver.file().map_err(|_| damaged())?;
    let packed = compression::inflate(&compressed).await.map_err(|_| damaged())?;
    let file = handoff::unpack(&packed).ok_or_else(damaged)?;
    let storage = storage::shared().await.map_err(|e| i18n.t(storage_message_key(&e)).to_string())?;
    let message = match imports::receive(&storage, &file).await.map_err(|e| i18n.t(storage_message_key(&e)).to_string())? {
        Received::Stored(n) => i18n.fill("staff.scan.done", &[("n", &n.to_string())]),
        Received::AlreadyReceived => i18n.t("staff.receive.already").to_string(),
        Received::Rejected(r) => return Err(format!("{} {}", rejection_text(i18n, r), i18n.t("staff.scan.nothing_stored"))),
    };
    Ok(State::Done { message, confirmation: handoff::confirmation_code(&packed) })
}
