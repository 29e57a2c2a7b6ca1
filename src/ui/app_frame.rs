//! What every screen of both apps sits in: the header, the update banner, a
//! start-up problem, and `<main>` with the route's screen; and the page title.

use leptos::prelude::*;

use crate::platform::document;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::site_header::SiteHeader;
use crate::ui::storage_message::startup_heading_key;
use crate::ui::update_banner::UpdateBanner;

#[component]
pub fn AppFrame(
    startup_problem: Option<&'static str>,
    /// Whether the screen shown is a staff or evaluator screen.
    #[prop(optional, into)]
    staff_screen: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    // Staff screens have words in Swedish and English only. In another
    // language the whole screen is Swedish and left to right, so Swedish
    // never runs right to left ("2+" turned "+2", lines reordered); the
    // header and its language picker stay in the chosen language.
    let swedish_screen = move || staff_screen.get() && !crate::core::ui_text::has_staff_words(i18n.language.get());
    view! {
        <SiteHeader/>
        <UpdateBanner/>
        <main id="main" lang=move || swedish_screen().then_some("sv") dir=move || swedish_screen().then_some("ltr")>
            // Storage that cannot be opened (a second tab, site data blocked,
            // a full disk) leaves nothing to do: the page says what happened
            // and what to do, and shows no screen that would try to save.
            {match startup_problem {
                Some(key) => view! {
                    <section class="startup-problem" aria-labelledby="startup-problem-heading">
                        <h1 id="startup-problem-heading">{move || i18n.t(startup_heading_key(key))}</h1>
                        <p role="alert">{i18n.text(key)}</p>
                    </section>
                }.into_any(),
                None => children().into_any(),
            }}
        </main>
    }
}

/// Each screen has its own title (`page`, the key of its name, or none for
/// the start page), so tabs and screen readers tell them apart.
pub fn title_follows(i18n: I18n, page: impl Fn() -> Option<&'static str> + 'static) {
    Effect::new(move |_| {
        let app = i18n.t("app.name");
        document::set_title(&page().map_or(app.to_string(), |key| format!("{} – {app}", i18n.t(key))));
    });
}
