use leptos::prelude::*;

use super::StartedSurvey;
#[cfg(feature = "staff")]
use crate::core::survey::Survey;

/// The survey this device is locked to while a participant holds it, shared
/// by every screen. Loaded from storage before the first paint. Only the
/// staff app hands its device over; the participant's app asks for none.
#[cfg_attr(not(feature = "staff"), allow(dead_code))]
#[derive(Clone, Copy)]
pub struct Kiosk(pub RwSignal<Option<String>>, StartedSurvey);

impl Kiosk {
    /// Locks the device to `survey`, which the survey screen then shows from
    /// memory: the workspace locks as it is handed over.
    #[cfg(feature = "staff")]
    pub fn hand_over(&self, survey: Survey) {
        self.0.set(Some(survey.id.clone()));
        self.1.keep(survey);
    }
}

#[cfg(feature = "staff")]
pub fn provide_kiosk(initial: Option<String>, started: StartedSurvey) -> Kiosk {
    let kiosk = Kiosk(RwSignal::new(initial), started);
    provide_context(kiosk);
    kiosk
}

#[cfg(feature = "staff")]
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}
