use leptos::prelude::*;

/// Whether staff have unlocked the workspace in this page. Kept in memory
/// only: a reload or an idle spell locks it again.
// The participant's app only asks whether there is one (there is not).
#[cfg_attr(not(feature = "staff"), allow(dead_code))]
#[derive(Clone, Copy)]
pub struct StaffSession {
    pub unlocked: RwSignal<bool>,
    /// Who is rating now (initials), filled in once a session and forgotten
    /// on lock, because the next person to unlock may be someone else.
    pub rater: RwSignal<String>,
}

#[cfg(feature = "staff")]
pub fn provide_staff_session() -> StaffSession {
    use crate::core::staff_lock::IDLE_MINUTES;
    use gloo_events::EventListener;

    let session = StaffSession { unlocked: RwSignal::new(false), rater: RwSignal::new(String::new()) };
    provide_context(session);
    let last_activity = StoredValue::new(js_sys::Date::now());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for event in ["pointerdown", "keydown"] {
            EventListener::new(&document, event, move |_| last_activity.set_value(js_sys::Date::now())).forget();
        }
    }
    // Checked often enough that the lock engages within seconds of the limit.
    gloo_timers::callback::Interval::new(5_000, move || {
        let idle_ms = js_sys::Date::now() - last_activity.get_value();
        if session.unlocked.get_untracked() && idle_ms >= IDLE_MINUTES * 60_000.0 {
            session.unlocked.set(false);
        }
    })
    .forget();
    // Unlocking counts as activity; locking forgets the rater and the keys
    // that open participant records.
    Effect::new(move |_| {
        if session.unlocked.get() {
            last_activity.set_value(js_sys::Date::now());
        } else {
            session.rater.set(String::new());
            crate::platform::storage::lock_shared();
        }
    });
    session
}

#[cfg(feature = "staff")]
pub fn use_staff_session() -> StaffSession {
    expect_context::<StaffSession>()
}
