//! Changes to a participant's survey on their way to storage, saved one at a
//! time in the order they were made. The queue is shared, not owned by the
//! survey screen, so a tap made just before the screen goes is still saved.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::storage::{self, StorageError, Stored};
use super::{clock, surveys};
use crate::core::response::Response;
use crate::core::survey::Survey;

/// The performance mark set when an answer is in IndexedDB (read by the
/// benchmark and the end-to-end tests).
pub const COMMITTED_MARK: &str = "stegvis:answer-committed";

/// What became of one queued change.
pub type Saved = Result<Survey, StorageError>;

#[derive(Default)]
struct Queue {
    /// A survey with its responses (non-empty only when it is sent in).
    pending: VecDeque<(Survey, Vec<Response>)>,
    draining: bool,
}

/// Saves changes in order. A failed save drops the changes queued after it,
/// since they were built on it; `on_saved` hears of each save and of the
/// failure.
#[derive(Clone)]
pub struct SurveySaves {
    queue: Arc<Mutex<Queue>>,
    on_saved: Arc<dyn Fn(Saved) + Send + Sync>,
}

impl SurveySaves {
    pub fn new(on_saved: impl Fn(Saved) + Send + Sync + 'static) -> Self {
        SurveySaves { queue: Arc::default(), on_saved: Arc::new(on_saved) }
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // A panic aborts in wasm, so the lock is never poisoned in practice.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a change. `responses` are written in the same transaction as
    /// the survey, when it is sent in.
    pub fn push(&self, survey: Survey, responses: Vec<Response>) {
        let start = {
            let mut queue = self.queue();
            queue.pending.push_back((survey, responses));
            !std::mem::replace(&mut queue.draining, true)
        };
        if start {
            let saves = self.clone();
            wasm_bindgen_futures::spawn_local(async move { saves.drain().await });
        }
    }

    async fn drain(&self) {
        loop {
            // Taken in one lock, so a push between the last save and the end
            // of the loop starts a new drain.
            let popped = {
                let mut queue = self.queue();
                let popped = queue.pending.pop_front();
                queue.draining = popped.is_some();
                popped
            };
            let Some((survey, responses)) = popped else { return };
            let saved = async {
                let storage = storage::shared().await?;
                if responses.is_empty() {
                    surveys::save(&storage, &survey).await
                } else {
                    surveys::submit(&storage, &survey, &responses).await.map(|()| Stored { at: clock::now_ms(), by: "page" })
                }
            }
            .await;
            match saved {
                Ok(stored) => {
                    clock::mark_at(COMMITTED_MARK, stored.at, stored.by);
                    (self.on_saved)(Ok(survey));
                }
                Err(e) => {
                    {
                        let mut queue = self.queue();
                        queue.pending.clear();
                        queue.draining = false;
                    }
                    (self.on_saved)(Err(e));
                    return;
                }
            }
        }
    }
}
