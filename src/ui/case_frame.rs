//! What every screen about one participant shares: reading the case, the
//! message when the code is unknown, and the path back to the case.

use leptos::prelude::*;

use crate::core::participant::Participant;
use crate::core::participant_code::ParticipantCode;
use crate::core::route::Route;
use crate::platform::cases::CaseData;
use crate::ui::hooks::{use_case, CaseState};
use crate::ui::i18n::{use_i18n, Tx};

/// Renders `page` with the participant's case once it is read.
pub fn with_case<V: IntoView + 'static>(
    code: String,
    page: impl Fn(Participant, CaseData, Callback<()>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (state, reload) = use_case(&code);
    let shown = ParticipantCode::parse(&code).map(|c| c.display()).unwrap_or(code);
    move || match state.get() {
        CaseState::Loading => view! { <p class="loading"><Tx k="staff.case.loading"/></p> }.into_any(),
        CaseState::Unknown => view! {
            <h1><Tx k="staff.case.unknown.heading"/></h1>
            <p lang=i18n.lang_attr("staff.case.unknown")>{
                let shown = shown.clone();
                move || i18n.fill("staff.case.unknown", &[("code", &shown)])
            }</p>
            <p><a href=Route::Roster.to_hash()><Tx k="staff.case.to_roster"/></a></p>
        }
        .into_any(),
        CaseState::Failed(key) => view! { <p class="error" role="alert"><Tx k=key/></p> }.into_any(),
        CaseState::Loaded(data) => {
            let participant = data.participant.clone().expect("a loaded case has its participant");
            page(participant, data, reload).into_any()
        }
    }
}

/// Where the screen sits: the roster, the participant, this screen.
#[component]
pub fn CaseNav(participant: ParticipantCode, #[prop(optional)] here: Option<&'static str>) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-labelledby="breadcrumbs-label">
            <span id="breadcrumbs-label" class="visually-hidden"><Tx k="staff.case.you_are_here"/></span>
            <ol>
                <li><a href=Route::Roster.to_hash()><Tx k="staff.link.roster"/></a></li>
                {match here {
                    Some(key) => view! {
                        <li><a href=Route::ParticipantCase(participant.as_str().to_string()).to_hash() class="code">{participant.display()}</a></li>
                        <li aria-current="page"><Tx k=key/></li>
                    }.into_any(),
                    None => view! { <li aria-current="page" class="code">{participant.display()}</li> }.into_any(),
                }}
            </ol>
        </nav>
    }
}
