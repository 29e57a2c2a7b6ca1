mod use_case;
mod use_kiosk;
mod use_language;
mod use_route;
mod use_staff_session;

pub use use_case::{use_case, CaseState};
pub use use_kiosk::{provide_kiosk, use_kiosk};
pub use use_language::use_language;
pub use use_route::use_route;
pub use use_staff_session::{provide_staff_session, use_staff_session};
