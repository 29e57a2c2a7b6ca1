//! The participants on this device, with their intake survey's status, and
//! enrolment of a new participant.

use leptos::prelude::*;

use crate::core::case::Status as SurveyStatus;
use crate::core::instrument::Timepoint;
use crate::core::participant::Participant;
use crate::core::route::{self, Route};
use crate::core::evaluation::Dataset;
use crate::platform::{cases, location_hash, roster};
use crate::platform::storage;
use crate::ui::coverage_table::CoverageTable;
use crate::ui::enrol_form::EnrolForm;
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::link_share::LinkShare;
use crate::core::labels::{status_key, track_key};

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |key: &'static str| i18n.t(key);
    let l = move |key: &'static str| i18n.lang_of(key);
    let rows = RwSignal::new(Vec::<(Participant, SurveyStatus)>::new());
    let just_enrolled = RwSignal::new(None::<Participant>);
    let coverage = RwSignal::new(None::<Dataset>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            let Ok(storage) = storage::shared().await else { return };
            let (Ok(list), Ok(status)) =
                (roster::all(&storage).await, roster::survey_status(&storage, Timepoint::Intake).await)
            else {
                return;
            };
            if let Ok(all) = cases::all(&storage).await {
                coverage.set(Some(Dataset::from_records(&all.participants, &all.responses, &all.goals)));
            }
            rows.set(
                list.into_iter()
                    .map(|p| {
                        let s = status.iter().find(|(c, _)| *c == p.id).map_or(SurveyStatus::NotStarted, |(_, s)| *s);
                        (p, s)
                    })
                    .collect(),
            );
        });
    };
    reload();
    let on_enrolled = Callback::new(move |p: Participant| {
        just_enrolled.set(Some(p));
        reload();
    });
    view! {
        <h1 lang=move || l("staff.link.roster")>{move || t("staff.link.roster")}</h1>
        {move || just_enrolled.get().map(|p| {
            let kiosk = format!("{}?kod={}&spar={}", Route::KioskStart.to_hash(), p.id.as_str(), p.track.id());
            view! {
                <section class="enrolled" aria-live="polite">
                    <p lang=move || l("staff.enrol.done")>{move || t("staff.enrol.done")}":"</p>
                    <p class="code-display" data-code=p.id.as_str().to_string()>{p.id.display()}</p>
                    <p><a href=kiosk lang=move || l("staff.enrol.start_kiosk")>{move || t("staff.enrol.start_kiosk")}</a></p>
                    // Or the participant answers the intake on their own phone.
                    <h2><Tx k="staff.enrol.own_phone"/></h2>
                    <LinkShare url=location_hash::participant_url(&route::participant_link(
                        p.id.as_str(),
                        p.track.id(),
                        Timepoint::Intake.id(),
                    ))/>
                </section>
            }
        })}
        // On a phone the table scrolls sideways inside its own region.
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="roster-caption">
        <table class="roster">
            <caption id="roster-caption" class="visually-hidden" lang=move || l("staff.link.roster")>{move || t("staff.link.roster")}</caption>
            <thead>
                <tr>
                    <th scope="col" lang=move || l("staff.roster.code")>{move || t("staff.roster.code")}</th>
                    <th scope="col" lang=move || l("staff.roster.track")>{move || t("staff.roster.track")}</th>
                    <th scope="col" lang=move || l("staff.roster.enrolled")>{move || t("staff.roster.enrolled")}</th>
                    <th scope="col" lang=move || l("staff.roster.intake")>{move || t("staff.roster.intake")}</th>
                </tr>
            </thead>
            <tbody>
                {move || rows.get().into_iter().map(|(p, s)| view! {
                    <tr data-code=p.id.as_str().to_string()>
                        <td class="code"><a href=Route::ParticipantCase(p.id.as_str().to_string()).to_hash()>{p.id.display()}</a></td>
                        <td lang=move || l(track_key(p.track))>{move || t(track_key(p.track))}</td>
                        <td>{p.enrolled_on.clone()}</td>
                        <td lang=move || l(status_key(s))>{move || t(status_key(s))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <Show when=move || rows.with(Vec::is_empty)>
            <p lang=move || l("staff.roster.empty")>{move || t("staff.roster.empty")}</p>
        </Show>
        {move || coverage.get().filter(|d| !d.people.is_empty()).map(|data| view! { <CoverageTable data=data/> })}
        <h2 lang=move || l("staff.roster.new")>{move || t("staff.roster.new")}</h2>
        <EnrolForm on_enrolled=on_enrolled/>
    }
}
