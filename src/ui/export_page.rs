//! "Skicka data": staff name the device, choose what goes into a signed
//! bundle (what is new, everything, or a date range), and save or share it.

use leptos::prelude::*;

use crate::core::bundle::export::Selection;
use crate::core::bundle::jwe::RecipientKey;
use crate::core::bundle::jws::fingerprint;
use crate::core::free_text::FreeTextProblem;
use crate::platform::bundles::{self, ExportRecord};
use crate::platform::imports::{self, Received};
use crate::platform::{device_key, files, storage, transport_key};
use crate::ui::evaluator_page::rejection_text;
use crate::ui::form_messages;
use crate::ui::i18n::{use_i18n, Tx};
use crate::ui::storage_message::storage_message_key;

#[derive(Clone)]
struct Ready {
    file_name: String,
    text: String,
    participants: usize,
    answers: usize,
    encrypted: bool,
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let i18n = use_i18n();
    let label = RwSignal::new(String::new());
    let saved_label = RwSignal::new(String::new());
    let kid = RwSignal::new(String::new());
    let earlier = RwSignal::new(Vec::<ExportRecord>::new());
    let choice = RwSignal::new("new".to_string());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let ready = RwSignal::new(None::<Ready>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            let loaded = async {
                let storage = storage::shared().await?;
                let key = bundles::device(&storage).await?;
                Ok::<_, crate::platform::storage::StorageError>((
                    key.label.clone(),
                    key.kid.clone(),
                    bundles::exports(&storage).await?,
                ))
            }
            .await;
            match loaded {
                Ok((l, k, e)) => {
                    // What staff have started typing is kept.
                    if label.try_get_untracked().is_some_and(|typed| typed.is_empty()) {
                        label.set(l.clone());
                    }
                    saved_label.set(l);
                    kid.set(k);
                    earlier.set(e);
                }
                Err(e) => problem.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    load();
    let save_label = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match crate::core::free_text::check_device_label(&label.get_untracked()) {
            Ok(name) => name,
            Err(FreeTextProblem::Empty | FreeTextProblem::TooLong { .. }) => {
                problem.set(Some(i18n.t("staff.export.error.label").to_string()));
                return;
            }
            Err(other) => {
                problem.set(Some(form_messages::free_text(i18n, other)));
                return;
            }
        };
        leptos::task::spawn_local(async move {
            let saved = async {
                let storage = storage::shared().await?;
                let key = device_key::ensure(&storage).await?;
                device_key::set_label(&storage, &key, &name).await
            }
            .await;
            match saved {
                Ok(()) => {
                    problem.set(None);
                    saved_label.set(name);
                }
                Err(e) => problem.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let selection = match choice.get_untracked().as_str() {
            "all" => Selection::Everything,
            "dates" => {
                let (f, t) = (from.get_untracked(), to.get_untracked());
                if f.is_empty() || t.is_empty() || t < f {
                    problem.set(Some(i18n.t("staff.export.error.dates").to_string()));
                    return;
                }
                Selection::Between { from: f, to: t }
            }
            _ => Selection::NotYetExported,
        };
        busy.set(true);
        ready.set(None);
        leptos::task::spawn_local(async move {
            let made = async {
                let storage = storage::shared().await?;
                let key = bundles::device(&storage).await?;
                bundles::export(&storage, &key, &selection).await
            }
            .await;
            busy.set(false);
            match made {
                Ok(None) => problem.set(Some(i18n.t("staff.export.nothing").to_string())),
                Ok(Some(made)) => {
                    problem.set(None);
                    ready.set(Some(Ready {
                        file_name: made.record.file_name.clone(),
                        text: made.text,
                        participants: made.record.participants,
                        answers: made.record.answers,
                        encrypted: made.record.encrypted,
                    }));
                    load();
                }
                Err(e) => problem.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    let download = move |_| {
        if let Some(r) = ready.get_untracked() {
            if files::download(&r.file_name, &r.text).is_err() {
                problem.set(Some(i18n.t("staff.export.error.save").to_string()));
            }
        }
    };
    let share = move |_| {
        if let Some(r) = ready.get_untracked() {
            leptos::task::spawn_local(async move {
                if files::share(&r.file_name, &r.text).await.is_err() {
                    problem.set(Some(i18n.t("staff.export.error.save").to_string()));
                }
            });
        }
    };
    let can_share = files::can_share();
    let received = RwSignal::new(None::<String>);
    let recipient = RwSignal::new(None::<RecipientKey>);
    leptos::task::spawn_local(async move {
        if let Ok(storage) = storage::shared().await {
            recipient.set(transport_key::recipient(&storage).await.ok().flatten());
        }
    });
    let on_key = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked = files::list(input.files());
        input.set_value("");
        leptos::task::spawn_local(async move {
            let Some((_, file)) = picked.into_iter().next() else { return };
            let size = files::size(&file);
            let key = match files::read(&file).await {
                Ok(bytes) if size < 10_000 => RecipientKey::parse(&bytes),
                _ => None,
            };
            let Some(key) = key else {
                problem.set(Some(i18n.t("staff.encrypt.not_a_key").to_string()));
                return;
            };
            let saved = async { transport_key::set_recipient(&*storage::shared().await?, key.clone()).await }.await;
            match saved {
                Ok(()) => {
                    problem.set(None);
                    recipient.set(Some(key));
                }
                Err(e) => problem.set(Some(i18n.t(storage_message_key(&e)).to_string())),
            }
        });
    };
    let on_receive = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked = files::list(input.files());
        input.set_value("");
        leptos::task::spawn_local(async move {
            let mut messages = Vec::new();
            for (name, file) in picked {
                let size = files::size(&file);
                let outcome = if size > crate::core::bundle::MAX_BYTES {
                    i18n.t("evaluator.import.too_large").to_string()
                } else {
                    let result = async {
                        let bytes = files::read(&file).await.map_err(|_| "evaluator.import.unreadable")?;
                        let storage = storage::shared().await.map_err(|e| storage_message_key(&e))?;
                        imports::receive(&storage, &bytes).await.map_err(|e| storage_message_key(&e))
                    }
                    .await;
                    match result {
                        Ok(Received::Stored(n)) => i18n.fill("staff.receive.stored", &[("n", &n.to_string())]),
                        Ok(Received::AlreadyReceived) => i18n.t("staff.receive.already").to_string(),
                        Ok(Received::Rejected(r)) => rejection_text(i18n, r),
                        Err(key) => i18n.t(key).to_string(),
                    }
                };
                messages.push(format!("{name}: {outcome}"));
            }
            received.set(Some(messages.join(" ")));
        });
    };
    view! {
        <h1><Tx k="staff.export.heading"/></h1>
        <p><Tx k="staff.export.intro"/></p>
        <section aria-labelledby="device-heading">
            <h2 id="device-heading"><Tx k="staff.export.device"/></h2>
            <form class="stack" on:submit=save_label>
                <div class="field">
                    <label for="device-label"><Tx k="staff.export.label"/></label>
                    <p class="hint" id="device-label-hint"><Tx k="staff.export.label_hint"/></p>
                    <input id="device-label" class="short" maxlength="40" aria-describedby="device-label-hint"
                        prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="secondary"><Tx k="staff.export.save_label"/></button>
            </form>
            <p>
                <Tx k="staff.export.fingerprint"/>": "
                <span class="code fingerprint device-fingerprint">{move || fingerprint(&kid.get())}</span>
            </p>
        </section>
        <section aria-labelledby="encrypt-heading">
            <h2 id="encrypt-heading"><Tx k="staff.encrypt.heading"/></h2>
            <p class="encrypt-state">{move || match recipient.get() {
                Some(k) => view! { <Tx k="staff.encrypt.on"/>" "<span class="code fingerprint">{fingerprint(&k.kid)}</span> }.into_any(),
                None => view! { <Tx k="staff.encrypt.off"/> }.into_any(),
            }}</p>
            <div class="field">
                <label for="recipient-key"><Tx k="staff.encrypt.pick"/></label>
                <input id="recipient-key" type="file" accept=".json,application/json" on:change=on_key/>
            </div>
        </section>
        <p class="error" role="alert">{move || problem.get()}</p>
        <Show when=move || !saved_label.get().is_empty() fallback=move || view! {
            <p class="note"><Tx k="staff.export.label_first"/></p>
        }>
            <form class="stack" on:submit=make>
                <fieldset class="form-item">
                    <legend><Tx k="staff.export.what"/></legend>
                    <div class="options compact">
                        {[("new", "staff.export.new"), ("all", "staff.export.all"), ("dates", "staff.export.dates")].into_iter().map(|(value, key)| {
                            let id = format!("export-{value}");
                            view! {
                                <label class="option" for=id.clone()>
                                    <input type="radio" name="export-what" id=id.clone() value=value
                                        prop:checked=move || choice.get() == value on:change=move |_| choice.set(value.to_string())/>
                                    <Tx k=key/>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <Show when=move || choice.get() == "dates">
                    <div class="field">
                        <label for="export-from"><Tx k="staff.export.from"/></label>
                        <input id="export-from" type="date" class="short" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="export-to"><Tx k="staff.export.to"/></label>
                        <input id="export-to" type="date" class="short" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                    </div>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()><Tx k="staff.export.make"/></button>
            </form>
        </Show>
        {move || ready.get().map(|r| view! {
            <section class="export-ready" aria-labelledby="export-ready-heading">
                <h2 id="export-ready-heading" tabindex="-1"><Tx k="staff.export.ready"/></h2>
                <p class="file-name" data-file=r.file_name.clone()>{r.file_name.clone()}</p>
                <p lang=i18n.lang_attr("staff.export.counts")>{
                    let (p, a) = (r.participants, r.answers);
                    move || i18n.plural("staff.export.counts", p, &[("answers", &i18n.plural("staff.export.answers", a, &[]))])
                }</p>
                <p class="note"><Tx k=if r.encrypted { "staff.export.encrypted" } else { "staff.export.not_encrypted" }/></p>
                <div class="case-links">
                    <button type="button" class="primary" on:click=download><Tx k="staff.export.download"/></button>
                    {can_share.then(|| view! { <button type="button" class="secondary" on:click=share><Tx k="staff.export.share"/></button> })}
                </div>
            </section>
        })}
        <section aria-labelledby="receive-heading">
            <h2 id="receive-heading"><Tx k="staff.receive.heading"/></h2>
            <div class="drop-zone">
                <label for="receive-files"><Tx k="staff.receive.pick"/></label>
                <input id="receive-files" type="file" multiple accept=".json,application/json" on:change=on_receive/>
            </div>
            <p class="receive-status" role="status">{move || received.get()}</p>
        </section>
        <Show when=move || !earlier.with(Vec::is_empty)>
            <h2><Tx k="staff.export.earlier"/></h2>
            <div class="table-wrap" role="region" tabindex="0" aria-labelledby="earlier-caption">
                <table class="movement-table">
                    <caption id="earlier-caption"><Tx k="staff.export.earlier"/></caption>
                    <thead><tr>
                        <th scope="col"><Tx k="staff.export.number"/></th>
                        <th scope="col"><Tx k="staff.export.date"/></th>
                        <th scope="col"><Tx k="staff.export.participants"/></th>
                        <th scope="col"><Tx k="staff.export.answers"/></th>
                    </tr></thead>
                    <tbody>
                        {move || earlier.get().into_iter().rev().map(|e| view! {
                            <tr>
                                <td>{e.sequence}</td>
                                <td>{e.created.chars().take(10).collect::<String>()}</td>
                                <td>{e.participants}</td>
                                <td>{e.answers}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
