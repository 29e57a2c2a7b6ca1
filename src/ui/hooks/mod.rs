//! Shared state and routing for screens. The case, the kiosk hand-over and
//! the staff session exist only in the staff app.

#[cfg(feature = "staff")]
mod use_case;
mod use_kiosk;
mod use_language;
mod use_route;
mod use_staff_session;
mod use_started_survey;

#[cfg(feature = "staff")]
pub use use_case::{use_case, CaseState};
#[cfg(feature = "staff")]
pub use use_kiosk::{provide_kiosk, use_kiosk};
pub use use_kiosk::Kiosk;
pub use use_language::use_language;
pub use use_route::use_route;
#[cfg(feature = "staff")]
pub use use_staff_session::{provide_staff_session, use_staff_session};
pub use use_staff_session::StaffSession;
#[cfg(not(feature = "staff"))]
pub use use_started_survey::keep_before_mount;
pub use use_started_survey::{provide_started_survey, use_started_survey, StartedSurvey};
