use leptos::prelude::*;

use crate::core::survey::Survey;

/// The survey this device is locked to while a participant holds it, shared
/// by every screen. Loaded from storage before the first paint.
#[derive(Clone, Copy)]
pub struct Kiosk(pub RwSignal<Option<String>>, HandedOver);

/// The survey staff just handed over, in memory: the workspace locks as it is
/// handed over, and a locked device cannot read the sealed copy back.
#[derive(Clone, Copy)]
struct HandedOver(StoredValue<Option<Survey>>);

impl Kiosk {
    /// Locks the device to `survey`, which the survey screen then shows.
    #[cfg(feature = "staff")]
    pub fn hand_over(&self, survey: Survey) {
        self.0.set(Some(survey.id.clone()));
        self.1 .0.set_value(Some(survey));
    }

    /// The survey just handed over, if it is `id`; once.
    pub fn take_handed_over(&self, id: &str) -> Option<Survey> {
        self.1 .0.try_update_value(|s| s.take_if(|s| s.id == id)).flatten()
    }
}

#[cfg(feature = "staff")]
pub fn provide_kiosk(initial: Option<String>) -> Kiosk {
    let kiosk = Kiosk(RwSignal::new(initial), HandedOver(StoredValue::new(None)));
    provide_context(kiosk);
    kiosk
}

#[cfg(feature = "staff")]
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}
