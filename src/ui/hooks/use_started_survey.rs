use leptos::prelude::*;

use crate::core::survey::Survey;

/// The survey just opened or started, kept in memory for the survey screen
/// that comes next: it is drawn without reading storage again, and a locked
/// kiosk device, which cannot read its sealed copy back, still shows it.
#[derive(Clone, Copy)]
pub struct StartedSurvey(StoredValue<Option<Survey>>);

impl StartedSurvey {
    pub fn keep(&self, survey: Survey) {
        self.0.set_value(Some(survey));
    }

    /// The survey kept, if it is `id`; once.
    pub fn take(&self, id: &str) -> Option<Survey> {
        self.0.try_update_value(|s| s.take_if(|s| s.id == id)).flatten()
    }
}

thread_local! {
    /// A survey started before the app mounted (see `ui::start`).
    static BEFORE_MOUNT: std::cell::RefCell<Option<Survey>> = const { std::cell::RefCell::new(None) };
}

/// Keeps `survey` for the survey screen of the app about to mount.
#[cfg(not(feature = "staff"))]
pub fn keep_before_mount(survey: Survey) {
    BEFORE_MOUNT.with(|s| *s.borrow_mut() = Some(survey));
}

pub fn provide_started_survey() -> StartedSurvey {
    let started = StartedSurvey(StoredValue::new(BEFORE_MOUNT.with(|s| s.borrow_mut().take())));
    provide_context(started);
    started
}

pub fn use_started_survey() -> StartedSurvey {
    expect_context::<StartedSurvey>()
}
