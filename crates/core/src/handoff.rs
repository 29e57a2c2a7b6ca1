//! A phone's signed answers carried to a staff tablet as QR codes, without
//! a network: the file (compressed by the browser, then base64url) is cut
//! into numbered parts, each one QR code; the tablet reads them in any order
//! and puts the file together again, byte for byte, before it verifies the
//! signature as for any received file. Both sides show a short
//! confirmation code taken from the file, so each sees the right answers
//! arrived.
//!
//! A part reads `SV1/<n>/<total>/<id>/<data>`: `id` is the start of the
//! file's SHA-256, so parts of two files never mix and a changed part is
//! found when the whole is checked.

use sha2::{Digest, Sha256};

use crate::bundle::base64url;
use crate::bundle::jws::FlattenedJws;

/// A signed file in the form that compresses well: its payload as the JSON
/// it encodes (base64url text hides the repeats deflate finds), then the
/// protected header and the signature as they are. `None` for a file that
/// is not a signed bundle.
pub fn pack(file: &[u8]) -> Option<Vec<u8>> {
    let jws: FlattenedJws = serde_json::from_slice(file).ok()?;
    let payload = base64url::decode(&jws.payload)?;
    let mut packed = format!("{}.{}.", jws.protected, jws.signature).into_bytes();
    packed.extend_from_slice(&payload);
    Some(packed)
}

/// The signed file again from [`pack`]'s form, as the phone made it.
pub fn unpack(packed: &[u8]) -> Option<Vec<u8>> {
    let mut fields = packed.splitn(3, |b| *b == b'.');
    let protected = std::str::from_utf8(fields.next()?).ok()?.to_string();
    let signature = std::str::from_utf8(fields.next()?).ok()?.to_string();
    let payload = base64url::encode(fields.next()?);
    serde_json::to_vec(&FlattenedJws { payload, protected, signature }).ok()
}

const PREFIX: &str = "SV1";

/// Characters of data a part: a QR code of version 17 or less at level M,
/// readable from a phone screen by a tablet camera.
pub const PART_DATA: usize = 480;

/// At most this many parts: larger files are handed over as a file.
pub const MAX_PARTS: usize = 99;

/// The start of the file's SHA-256, in base64url: ties the parts together.
fn file_id(bytes: &[u8]) -> String {
    base64url::encode(&Sha256::digest(bytes))[..8].to_string()
}

/// The parts to show, one QR code each; `None` when the file needs more
/// than [`MAX_PARTS`].
pub fn parts(bytes: &[u8]) -> Option<Vec<String>> {
    let data = base64url::encode(bytes);
    let chunks: Vec<&str> = data.as_bytes().chunks(PART_DATA).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
    let total = chunks.len().max(1);
    if total > MAX_PARTS {
        return None;
    }
    let id = file_id(bytes);
    Some(
        (0..total)
            .map(|i| format!("{PREFIX}/{}/{total}/{id}/{}", i + 1, chunks.get(i).copied().unwrap_or("")))
            .collect(),
    )
}

/// What both screens show once the file is across: four digits taken from
/// the file, so a person can compare them at a glance.
pub fn confirmation_code(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let n = u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]]) % 10_000;
    format!("{n:04}")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartProblem {
    /// Not a part of a Stegvis file (another QR code in view).
    Foreign,
    /// A part of another file than the one being read.
    OtherFile,
    /// All parts read, but together they are not the file they claim to be.
    Damaged,
}

/// Where reading stands: parts read of the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub read: usize,
    pub total: usize,
}

/// The tablet's side: collects parts in any order, each once.
#[derive(Clone, Debug, Default)]
pub struct Receiver {
    id: Option<String>,
    parts: Vec<Option<String>>,
}

impl Receiver {
    /// Takes one read QR code. A part read before is taken again quietly.
    pub fn add(&mut self, text: &str) -> Result<Progress, PartProblem> {
        let mut fields = text.splitn(5, '/');
        let (Some(PREFIX), Some(n), Some(total), Some(id), Some(data)) =
            (fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(PartProblem::Foreign);
        };
        let (Ok(n), Ok(total)) = (n.parse::<usize>(), total.parse::<usize>()) else {
            return Err(PartProblem::Foreign);
        };
        if n == 0 || n > total || total > MAX_PARTS || id.len() != 8 {
            return Err(PartProblem::Foreign);
        }
        match &self.id {
            Some(known) if known != id || self.parts.len() != total => return Err(PartProblem::OtherFile),
            Some(_) => {}
            None => {
                self.id = Some(id.to_string());
                self.parts = vec![None; total];
            }
        }
        self.parts[n - 1] = Some(data.to_string());
        Ok(self.progress())
    }

    pub fn progress(&self) -> Progress {
        Progress { read: self.parts.iter().flatten().count(), total: self.parts.len() }
    }

    pub fn is_complete(&self) -> bool {
        !self.parts.is_empty() && self.parts.iter().all(Option::is_some)
    }

    /// The file, once every part is read and the whole matches its id.
    pub fn file(&self) -> Result<Vec<u8>, PartProblem> {
        if !self.is_complete() {
            return Err(PartProblem::Damaged);
        }
        let data: String = self.parts.iter().flatten().map(String::as_str).collect();
        let bytes = base64url::decode(&data).ok_or(PartProblem::Damaged)?;
        if Some(file_id(&bytes)) != self.id {
            return Err(PartProblem::Damaged);
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn parts_read_in_any_order_give_back_the_file_byte_for_byte() {
        let bytes = file(2_000);
        let parts = parts(&bytes).unwrap();
        assert_eq!(parts.len(), base64url::encode(&bytes).len().div_ceil(PART_DATA));
        assert!(parts.len() > 1);
        let mut receiver = Receiver::default();
        for (i, part) in parts.iter().enumerate().rev() {
            let progress = receiver.add(part).unwrap();
            assert_eq!(progress, Progress { read: parts.len() - i, total: parts.len() });
        }
        // A part read twice changes nothing.
        assert_eq!(receiver.add(&parts[0]).unwrap().read, parts.len());
        assert_eq!(receiver.file().unwrap(), bytes);
        assert_eq!(confirmation_code(&bytes).len(), 4);
    }

    #[cfg(feature = "qr")]
    #[test]
    fn every_part_fits_a_readable_qr_code() {
        for part in parts(&file(5_000)).unwrap() {
            let qr = crate::qr::Qr::encode(&part).unwrap();
            assert!(qr.size <= 85, "version 17 or lower: {}", qr.size);
        }
    }

    #[test]
    fn foreign_codes_other_files_and_changed_parts_are_refused() {
        let a = parts(&file(1_500)).unwrap();
        let b = parts(&file(1_600)).unwrap();
        let mut receiver = Receiver::default();
        assert_eq!(receiver.add("https://example.se"), Err(PartProblem::Foreign));
        assert_eq!(receiver.add("SV1/0/3/abcdefgh/x"), Err(PartProblem::Foreign));
        receiver.add(&a[0]).unwrap();
        assert_eq!(receiver.add(&b[1]), Err(PartProblem::OtherFile));
        // One character changed in one part: all read, but the file is not the one named.
        let mut changed = a[1].clone();
        let last = changed.pop().unwrap();
        changed.push(if last == 'A' { 'B' } else { 'A' });
        receiver.add(&changed).unwrap();
        for part in &a[2..] {
            receiver.add(part).unwrap();
        }
        assert!(receiver.is_complete());
        assert_eq!(receiver.file(), Err(PartProblem::Damaged));
        assert_eq!(Receiver::default().file(), Err(PartProblem::Damaged), "nothing read yet");
    }

    #[test]
    fn a_signed_file_packs_and_unpacks_to_the_same_bytes() {
        let jws = FlattenedJws {
            payload: base64url::encode(br#"{"format":"stegvis-bundle","version":1}"#),
            protected: "eyJhbGciOiJFZERTQSJ9".into(),
            signature: "c2lnbmF0dXJl".into(),
        };
        let file = serde_json::to_vec(&jws).unwrap();
        let packed = pack(&file).unwrap();
        assert!(packed.ends_with(br#"{"format":"stegvis-bundle","version":1}"#), "the payload as its JSON");
        assert_eq!(unpack(&packed).unwrap(), file);
        assert_eq!(pack(b"not a bundle"), None);
        assert_eq!(unpack(b"no dots"), None);
    }

    #[test]
    fn a_file_too_large_for_qr_codes_is_said_so() {
        assert!(parts(&file(PART_DATA * MAX_PARTS)).is_none());
        assert_eq!(parts(&[]).unwrap().len(), 1);
    }
}
