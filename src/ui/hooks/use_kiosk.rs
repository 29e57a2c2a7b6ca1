use leptos::prelude::*;

/// The survey this device is locked to while a participant holds it, shared
/// by every screen. Loaded from storage before the first paint.
#[derive(Clone, Copy)]
pub struct Kiosk(pub RwSignal<Option<String>>);

pub fn provide_kiosk(initial: Option<String>) -> Kiosk {
    let kiosk = Kiosk(RwSignal::new(initial));
    provide_context(kiosk);
    kiosk
}

pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}
