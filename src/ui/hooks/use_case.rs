use leptos::prelude::*;

use crate::core::participant_code::ParticipantCode;
use crate::platform::cases::{self, CaseData};
use crate::platform::storage;
use crate::ui::storage_message::storage_message_key;

/// One participant's case as the screens see it: loading, loaded, or a
/// message key saying why it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseState {
    Loading,
    Loaded(CaseData),
    /// The link's code is not a valid code, or nobody has it on this device.
    Unknown,
    Failed(&'static str),
}

/// The case for `code`, and a callback that reads it again after a change.
pub fn use_case(code: &str) -> (ReadSignal<CaseState>, Callback<()>) {
    let (state, set_state) = signal(CaseState::Loading);
    let code = ParticipantCode::parse(code).ok();
    let reload = Callback::new(move |()| {
        let Some(code) = code.clone() else {
            set_state.set(CaseState::Unknown);
            return;
        };
        leptos::task::spawn_local(async move {
            let loaded = async { cases::load(&*storage::shared().await?, &code).await }.await;
            set_state.set(match loaded {
                Ok(data) if data.participant.is_none() => CaseState::Unknown,
                Ok(data) => CaseState::Loaded(data),
                Err(e) => CaseState::Failed(storage_message_key(&e)),
            });
        });
    });
    reload.run(());
    (state, reload)
}
