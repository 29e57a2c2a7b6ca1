//! The screens of a participant survey, one a file.

mod done_screen;
mod focus;
mod question_screen;
mod review_screen;
mod send_answers;
mod staff_unlock;
mod support_screen;

pub use done_screen::DoneScreen;
pub use question_screen::QuestionScreen;
pub use review_screen::ReviewScreen;
pub use staff_unlock::StaffUnlock;
pub use support_screen::SupportScreen;
