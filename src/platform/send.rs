//! Sending from a participant's own phone: every answer on it as one signed
//! file, and that file as QR codes for a staff tablet to read. The staff app
//! links this; the participant's app calls it through `sender`, which loads
//! it as a module of its own (crates/send) once the survey is sent in.

use super::sender::{AnswerCodes, PhoneFile, QrDrawing};
use super::{bundles, compression, storage};
use crate::core::handoff;
use crate::core::qr::Qr;

/// The phone's signed file, or `None` when it could not be made.
pub async fn phone_file(code: &str) -> Option<PhoneFile> {
    let storage = storage::shared().await.ok()?;
    let made = bundles::phone_bundle(&storage, code).await.ok().flatten()?;
    Some(PhoneFile { name: made.record.file_name, text: made.text })
}

/// `text` packed, compressed and split into QR codes, with the code both
/// sides see once every part has arrived.
pub async fn answer_codes(text: &str) -> Option<AnswerCodes> {
    let packed = handoff::pack(text.as_bytes())?;
    let compressed = compression::deflate(&packed).await.ok()?;
    let parts = handoff::parts(&compressed)?
        .iter()
        .map(|p| Qr::encode(p).map(|qr| QrDrawing { extent: qr.extent(), path: qr.svg_path() }))
        .collect::<Option<Vec<_>>>()?;
    Some(AnswerCodes { parts, confirmation: handoff::confirmation_code(&packed) })
}
