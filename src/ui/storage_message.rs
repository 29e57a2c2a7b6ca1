use crate::platform::storage::{StorageError, StorageErrorKind};

/// The plain-Swedish (and translated) message for a storage failure.
pub fn storage_message_key(error: &StorageError) -> &'static str {
    match error.kind {
        StorageErrorKind::Unavailable => "storage.error.unavailable",
        StorageErrorKind::QuotaExceeded => "storage.error.quota",
        StorageErrorKind::VersionTooNew => "storage.error.version",
        StorageErrorKind::Locked => "storage.error.locked",
        StorageErrorKind::InvalidRecord | StorageErrorKind::Other => "storage.error.other",
    }
}

/// The message of the page shown when storage cannot be opened at start:
/// as during use, except that no answer was being saved.
pub fn startup_message_key(error: &StorageError) -> &'static str {
    match error.kind {
        StorageErrorKind::InvalidRecord | StorageErrorKind::Other | StorageErrorKind::Locked => "storage.error.start",
        _ => storage_message_key(error),
    }
}

/// The heading over a start-up problem's message.
pub fn startup_heading_key(message: &'static str) -> &'static str {
    match message {
        crate::ui::SECOND_TAB | "storage.error.blocked" => "storage.heading.tab",
        "storage.error.unavailable" => "storage.heading.unavailable",
        "storage.error.quota" => "storage.heading.quota",
        "storage.error.version" => "storage.heading.version",
        _ => "storage.heading.start",
    }
}
