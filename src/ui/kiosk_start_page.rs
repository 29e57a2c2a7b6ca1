//! Staff start a participant's survey on their own device (kiosk), or give
//! the participant a link for their own phone.

use leptos::prelude::*;

use crate::core::instrument::plan::Track;
use crate::core::instrument::Timepoint;
use crate::core::participant_code::ParticipantCode;
use crate::core::route::{self, Route};
use crate::core::survey::Screen;
use crate::platform::{location_hash, storage, surveys};
use crate::ui::hooks::{use_kiosk, use_staff_session};
use crate::ui::i18n::use_i18n;
use crate::core::labels::{timepoint_key, track_key};
use crate::ui::storage_message::storage_message_key;

const PARTICIPANT_TIMEPOINTS: [Timepoint; 2] = [Timepoint::Intake, Timepoint::Exit];

#[component]
pub fn KioskStartPage() -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    let session = use_staff_session();
    // Prefilled from the roster's or the case's link (`?kod=…&spar=…&tid=…`).
    let hash = location_hash::current();
    let param = |name: &str| route::query_value(&hash, name);
    // Shown as on every other page (E9H-3H8), whatever the link carries.
    let linked_code = param("kod").unwrap_or_default();
    let code = RwSignal::new(ParticipantCode::parse(&linked_code).map_or(linked_code, |c| c.display()));
    let (linked_track, linked_timepoint) = route::link_track_timepoint(&hash);
    let track = RwSignal::new(linked_track.unwrap_or(Track::Grundskola));
    let timepoint = RwSignal::new(
        linked_timepoint.filter(|t| PARTICIPANT_TIMEPOINTS.contains(t)).unwrap_or(Timepoint::Intake),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let valid_code = move || ParticipantCode::parse(&code.get()).ok();
    let link = move || {
        valid_code().map(|c| {
            // The participant's app at the root, not this staff app: a phone gets the small one.
            location_hash::participant_url(&route::participant_link(c.as_str(), track.get().id(), timepoint.get().id()))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let participant = match ParticipantCode::parse(&code.get_untracked()) {
            Ok(c) => c,
            Err(_) => {
                error.set(Some(i18n.t("participant.code.error.check").to_string()));
                return;
            }
        };
        let (track, timepoint) = (track.get_untracked(), timepoint.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let started = async {
                let storage = storage::shared().await?;
                surveys::open_or_start(&storage, participant, track, timepoint, true).await
            }
            .await;
            busy.set(false);
            match started {
                Ok(survey) if survey.screen == Screen::Done => {
                    error.set(Some(i18n.t("staff.kiosk.already_done").to_string()));
                }
                Ok(survey) => {
                    // The participant gets the device, not the unlocked workspace.
                    session.unlocked.set(false);
                    let route = Route::Survey(survey.id.clone());
                    kiosk.hand_over(survey);
                    location_hash::go(&route.to_hash());
                }
                Err(e) => error.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    view! {
        <h1 lang=i18n.lang_attr("staff.link.kiosk")>{i18n.text("staff.link.kiosk")}</h1>
        <p lang=i18n.lang_attr("staff.kiosk.intro")>{i18n.text("staff.kiosk.intro")}</p>
        <form class="stack" on:submit=on_submit>
            <div class="field">
                <label for="kiosk-code" lang=i18n.lang_attr("staff.kiosk.code")>{i18n.text("staff.kiosk.code")}</label>
                <input id="kiosk-code" class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="kiosk-track" lang=i18n.lang_attr("staff.kiosk.track")>{i18n.text("staff.kiosk.track")}</label>
                <select id="kiosk-track" prop:value=move || track.get().id() on:change=move |ev| {
                    if let Some(t) = Track::from_id(&event_target_value(&ev)) {
                        track.set(t);
                    }
                }>
                    {Track::ALL.into_iter().map(|t| view! {
                        <option value=t.id() lang=move || i18n.lang_of(track_key(t))>{move || i18n.t(track_key(t))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="kiosk-timepoint" lang=i18n.lang_attr("staff.kiosk.timepoint")>{i18n.text("staff.kiosk.timepoint")}</label>
                <select id="kiosk-timepoint" prop:value=move || timepoint.get().id() on:change=move |ev| {
                    if let Some(t) = Timepoint::from_id(&event_target_value(&ev)) {
                        timepoint.set(t);
                    }
                }>
                    {PARTICIPANT_TIMEPOINTS.into_iter().map(|t| view! {
                        <option value=t.id() lang=move || i18n.lang_of(timepoint_key(t))>{move || i18n.t(timepoint_key(t))}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="submit" class="primary" disabled=move || busy.get() lang=i18n.lang_attr("staff.kiosk.start")>{i18n.text("staff.kiosk.start")}</button>
        </form>
        {move || link().map(|href| view! {
            <section class="share-link" aria-labelledby="share-link-heading">
                <h2 id="share-link-heading" lang=i18n.lang_attr("staff.kiosk.link")>{i18n.text("staff.kiosk.link")}</h2>
                <crate::ui::link_share::LinkShare url=href/>
            </section>
        })}
    }
}
