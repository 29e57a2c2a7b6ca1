//! A participant's taps stored by a worker (`public/save-worker.js`, which
//! says why): the page hands over the values it would write, the worker
//! writes them in one transaction and says when it completed.
//!
//! Where the worker cannot be used (it did not start, its script is
//! missing, the database needs an upgrade only the page may run), the caller
//! writes on the page as before: nothing is written twice, since the worker
//! reports that case before it writes anything.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::storage::{kind_of, StorageError};
use super::webcrypto::object;

/// Next to each app's index.html (a copy in each build).
const SCRIPT: &str = "save-worker.js";

/// The performance mark set once the worker runs (read by the tests).
pub const READY_MARK: &str = "stegvis:save-worker-ready";

/// What became of writes handed to the worker.
pub enum Outcome {
    /// Committed; when, on the page's clock (ms since its time origin).
    Stored(f64),
    Failed(StorageError),
    /// Nothing written: the page must write them itself.
    Unavailable,
}

struct Running {
    worker: web_sys::Worker,
    /// It has answered its first message: its script runs. Until then the
    /// page writes itself rather than wait for the worker to load.
    ready: bool,
    next_id: u32,
    /// Each message's `resolve`, until its reply (a list: saves go one at a time).
    waiting: Vec<(u32, js_sys::Function)>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

enum State {
    NotStarted,
    Running(Running),
    Broken,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State::NotStarted) };
}

/// Starts the worker for database `db` at `version`. Taps made before it
/// runs are written by the page.
pub fn start(db: &str, version: u32) {
    STATE.with(|state| {
        if matches!(*state.borrow(), State::NotStarted) {
            let started = spawn(db, version);
            *state.borrow_mut() = started.map_or(State::Broken, State::Running);
        }
    });
}

fn spawn(db: &str, version: u32) -> Option<Running> {
    let worker = web_sys::Worker::new(SCRIPT).ok()?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        let reply = event.data();
        if js_sys::Reflect::get(&reply, &"ready".into()).is_ok_and(|r| r.is_truthy()) {
            STATE.with(|state| {
                if let State::Running(running) = &mut *state.borrow_mut() {
                    running.ready = true;
                }
                super::clock::mark(READY_MARK);
            });
            return;
        }
        let Some(id) = js_sys::Reflect::get(&reply, &"id".into()).ok().and_then(|v| v.as_f64()) else { return };
        let resolve = STATE.with(|state| match &mut *state.borrow_mut() {
            State::Running(running) => {
                let at = running.waiting.iter().position(|(waiting, _)| *waiting == id as u32)?;
                Some(running.waiting.swap_remove(at).1)
            }
            _ => None,
        });
        if let Some(resolve) = resolve {
            let _ = resolve.call1(&JsValue::NULL, &reply);
        }
    });
    // The script could not be loaded or threw: every waiting save is told to
    // write on the page, and so is every later one.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        event.prevent_default();
        let previous = STATE.with(|state| std::mem::replace(&mut *state.borrow_mut(), State::Broken));
        if let State::Running(running) = previous {
            running.worker.terminate();
            let unavailable = object(&[("unavailable", true.into())]);
            for (_, resolve) in running.waiting {
                let _ = resolve.call1(&JsValue::NULL, &unavailable);
            }
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let hello = object(&[("hello", true.into()), ("db", db.into()), ("version", version.into())]);
    worker.post_message(&hello).ok()?;
    Some(Running {
        worker,
        ready: false,
        next_id: 0,
        waiting: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// One write for [`commit`]: a value to put in `store`, or a key to remove.
pub fn write(store: &str, value: JsValue, remove: bool) -> JsValue {
    object(&[("store", store.into()), ("value", value), ("remove", remove.into())])
}

/// Writes `writes` in one transaction of database `db` at `version`, from the worker.
pub async fn commit(db: &str, version: u32, writes: Vec<JsValue>) -> Outcome {
    start(db, version);
    let mut sent = true;
    let reply = js_sys::Promise::new(&mut |resolve, _reject| {
        STATE.with(|state| {
            let mut state = state.borrow_mut();
            let State::Running(running) = &mut *state else {
                sent = false;
                return;
            };
            if !running.ready {
                sent = false;
                return;
            }
            let id = running.next_id;
            running.next_id = running.next_id.wrapping_add(1);
            let writes: js_sys::Array = writes.iter().collect();
            let message =
                object(&[("id", id.into()), ("db", db.into()), ("version", version.into()), ("writes", writes.into())]);
            if running.worker.post_message(&message).is_ok() {
                running.waiting.push((id, resolve));
            } else {
                sent = false;
            }
        })
    });
    if !sent {
        return Outcome::Unavailable;
    }
    let Ok(reply) = wasm_bindgen_futures::JsFuture::from(reply).await else { return Outcome::Unavailable };
    let field = |name: &str| js_sys::Reflect::get(&reply, &name.into()).unwrap_or(JsValue::UNDEFINED);
    if field("unavailable").is_truthy() {
        return Outcome::Unavailable;
    }
    if let Some(at) = field("at").as_f64() {
        let origin = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.time_origin());
        return Outcome::Stored(at - origin);
    }
    let name = field("error").as_string().unwrap_or_default();
    let message = field("message").as_string().unwrap_or_default();
    Outcome::Failed(StorageError { kind: kind_of(&name), detail: format!("{name}: {message} (save worker)") })
}
