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
