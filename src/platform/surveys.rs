//! Participant surveys and their responses in IndexedDB. Every change to a
//! survey is one write; submitting writes the finished survey and all its
//! responses in one transaction, so a crash leaves either all or none.

use serde::{Deserialize, Serialize};

use super::storage::{Storage, StorageError, Store, Stored, Write};
use super::{clock, random};
use crate::core::instrument::plan::Track;
use crate::core::instrument::Timepoint;
use crate::core::language::Language;
use crate::core::participant_code::ParticipantCode;
use crate::core::response::Response;
use crate::core::survey::{Screen, Survey, SurveyStart};

/// A small named value in the settings store.
#[derive(Serialize, Deserialize)]
struct Setting {
    id: String,
    value: String,
}

const DEVICE: &str = "device";
const KIOSK: &str = "kiosk";
/// The kiosk survey the participant has sent in. Not sealed, so a locked
/// device can thank them after a reload instead of promising to go on.
const KIOSK_FINISHED: &str = "kiosk-finished";

async fn setting(storage: &Storage, id: &str) -> Result<Option<String>, StorageError> {
    Ok(storage.get::<Setting>(Store::Settings, id).await?.map(|s| s.value))
}

/// This device's random id, made on first use.
pub async fn device_id(storage: &Storage) -> Result<String, StorageError> {
    if let Some(id) = setting(storage, DEVICE).await? {
        return Ok(id);
    }
    let id = random::id();
    storage.put(Store::Settings, &Setting { id: DEVICE.into(), value: id.clone() }).await?;
    Ok(id)
}

/// The survey the device is locked to, while a participant has it (kiosk).
pub async fn kiosk(storage: &Storage) -> Result<Option<String>, StorageError> {
    setting(storage, KIOSK).await
}

pub async fn set_kiosk(storage: &Storage, survey: Option<&str>) -> Result<(), StorageError> {
    match survey {
        Some(id) => storage.put(Store::Settings, &Setting { id: KIOSK.into(), value: id.to_string() }).await,
        None => storage.commit(&[Write::delete(Store::Settings, KIOSK), Write::delete(Store::Settings, KIOSK_FINISHED)]).await,
    }
}

/// Whether the kiosk survey `id` is sent in; readable while the device is locked.
pub async fn kiosk_finished(storage: &Storage, id: &str) -> Result<bool, StorageError> {
    Ok(setting(storage, KIOSK_FINISHED).await?.as_deref() == Some(id))
}

pub async fn load(storage: &Storage, id: &str) -> Result<Option<Survey>, StorageError> {
    storage.get(Store::Surveys, id).await
}

/// Reads a kiosk survey after staff typed their code so the participant can
/// go on: an unfinished survey is read into memory and the device's records
/// are locked again at once; a finished one leaves them open, since staff
/// then take the device back.
pub async fn resume_after_unlock(storage: &Storage, id: &str) -> Result<Option<Survey>, StorageError> {
    let found = load(storage, id).await;
    if !matches!(&found, Ok(Some(s)) if s.screen == Screen::Done) {
        storage.vault.lock();
    }
    found
}

/// Stores a change to a survey; returns when it was stored (see
/// [`Storage::commit_relaxed`]).
pub async fn save(storage: &Storage, survey: &Survey) -> Result<Stored, StorageError> {
    let _saving = InFlight::start();
    let mut writes = vec![Write::put(Store::Surveys, survey)?];
    writes.extend(kiosk_finished_mark(survey)?);
    storage.commit_relaxed(&writes).await
}

/// The mark a kiosk survey gets in the same transaction that finishes it.
fn kiosk_finished_mark(survey: &Survey) -> Result<Option<Write>, StorageError> {
    if !(survey.kiosk && survey.screen == Screen::Done) {
        return Ok(None);
    }
    Write::put(Store::Settings, &Setting { id: KIOSK_FINISHED.into(), value: survey.id.clone() }).map(Some)
}

thread_local! {
    static IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts a survey write from its start to its end, so a reload for a new
/// version can wait until no answer is half-way to storage.
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        IN_FLIGHT.with(|c| c.set(c.get() + 1));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|c| c.set(c.get() - 1));
    }
}

/// Resolves once no survey write has been in flight at two checks 50 ms apart.
pub async fn settled() {
    let mut quiet = 0;
    while quiet < 2 {
        quiet = if IN_FLIGHT.with(|c| c.get()) == 0 { quiet + 1 } else { 0 };
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
}

/// Resumes the participant's survey for this timepoint (a finished one shows
/// its thank-you screen again), or starts one. Opening the same link twice
/// never makes two surveys. On a staff device the kiosk lock is written in
/// the same transaction as the survey.
pub async fn open_or_start(
    storage: &Storage,
    participant: ParticipantCode,
    track: Track,
    timepoint: Timepoint,
    kiosk_mode: bool,
) -> Result<Survey, StorageError> {
    let mut known: Vec<Survey> = storage
        .all_readable::<Survey>(Store::Surveys)
        .await?
        .into_iter()
        .filter(|s| s.participant == participant && s.timepoint == timepoint)
        .collect();
    // An unfinished survey first, then the latest finished one.
    known.sort_unstable_by(|a, b| (a.screen != Screen::Done, &a.started_at).cmp(&(b.screen != Screen::Done, &b.started_at)));
    // A first survey on a new device names the device in the same write.
    let mut writes = Vec::new();
    let survey = match known.pop() {
        // A finished survey is shown as it is; it never locks a device again.
        Some(survey) if survey.screen == Screen::Done => return Ok(survey),
        Some(mut survey) => {
            survey.kiosk |= kiosk_mode;
            survey
        }
        None => Survey::start(
            SurveyStart {
                id: random::id(),
                participant,
                track,
                timepoint,
                kiosk: kiosk_mode,
                device: match setting(storage, DEVICE).await? {
                    Some(id) => id,
                    None => {
                        let id = random::id();
                        writes.push(Write::put(Store::Settings, &Setting { id: DEVICE.into(), value: id.clone() })?);
                        id
                    }
                },
                now: clock::now_iso(),
            },
            &super::content::participant_instruments(Language::Sv, track, timepoint),
        ),
    };
    writes.push(Write::put(Store::Surveys, &survey)?);
    if kiosk_mode {
        writes.push(Write::put(Store::Settings, &Setting { id: KIOSK.into(), value: survey.id.clone() })?);
    }
    storage.commit(&writes).await?;
    Ok(survey)
}

/// Stores the finished survey and its responses together.
pub async fn submit(storage: &Storage, survey: &Survey, responses: &[Response]) -> Result<(), StorageError> {
    let _saving = InFlight::start();
    let mut writes = vec![Write::put(Store::Surveys, survey)?];
    for response in responses {
        writes.push(Write::put(Store::Responses, response)?);
    }
    writes.extend(kiosk_finished_mark(survey)?);
    storage.commit(&writes).await
}
