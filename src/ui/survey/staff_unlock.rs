//! Where staff type their code on a survey screen: to take the device back
//! after a kiosk survey, or to let the participant go on after a reload.

use leptos::prelude::*;

/// The staff app's unlock form.
#[cfg(feature = "staff")]
#[component]
pub fn StaffUnlock(on_unlocked: Callback<()>) -> impl IntoView {
    view! { <crate::ui::unlock_form::UnlockForm on_unlocked=on_unlocked/> }
}

/// The participant's app has no staff code: a survey that needs staff is on
/// a staff device, so the staff app opens at the same screen.
#[cfg(not(feature = "staff"))]
#[component]
pub fn StaffUnlock(on_unlocked: Callback<()>) -> impl IntoView {
    let _ = on_unlocked;
    crate::platform::location_hash::open_in_staff_app();
}
