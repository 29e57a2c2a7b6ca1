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

pub fn provide_started_survey() -> StartedSurvey {
    let started = StartedSurvey(StoredValue::new(None));
    provide_context(started);
    started
}

pub fn use_started_survey() -> StartedSurvey {
    expect_context::<StartedSurvey>()
}
