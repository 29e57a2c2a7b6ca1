//! The evaluator's import: pick or drop bundle files; each is checked
//! (size first, then signature, format and instrument hashes) and reported.
//! Device keys are confirmed by their fingerprint; what is imported is listed.

use leptos::prelude::*;

use crate::core::bundle::import::{self, Flag, KeyTrust, Outcome, ParticipantOverview};
use crate::core::bundle::jwe::RecipientKey;
use crate::core::bundle::jws::fingerprint;
use crate::core::bundle::{self, Rejection};
use crate::platform::imports::{self, ImportedRecord, KeyRecord};
use crate::platform::{files, storage, transport_key};
use crate::ui::i18n::{use_i18n, I18n, Tx};
use crate::ui::labels::{gender_key, track_key};
use crate::ui::storage_message::storage_message_key;

/// One line of the report: the file, a CSS class for its kind, and the messages.
#[derive(Clone, PartialEq)]
struct Line {
    file: String,
    kind: &'static str,
    messages: Vec<String>,
}

pub fn rejection_key(r: Rejection) -> &'static str {
    match r {
        Rejection::TooLarge => "evaluator.import.too_large",
        Rejection::NotStegvis => "evaluator.import.not_stegvis",
        Rejection::UnknownFormat => "evaluator.import.unknown_format",
        Rejection::SignatureMismatch => "evaluator.import.signature",
        Rejection::ContentChanged => "evaluator.import.changed",
        Rejection::NoKeyToOpen => "evaluator.import.no_key",
        Rejection::CannotOpen => "evaluator.import.cannot_open",
        Rejection::PersonalData => "evaluator.import.personal_data",
    }
}

fn flag_text(i18n: I18n, flag: &Flag, label: &str, kid: &str) -> String {
    match flag {
        Flag::NewKey => i18n.fill("evaluator.flag.new_key", &[("label", label), ("fingerprint", &fingerprint(kid))]),
        Flag::UnconfirmedKey => i18n.t("evaluator.flag.unconfirmed").to_string(),
        Flag::RevokedKey => i18n.t("evaluator.flag.revoked").to_string(),
        Flag::Gap { missing_from, missing_to } => {
            i18n.fill("evaluator.flag.gap", &[("from", &missing_from.to_string()), ("to", &missing_to.to_string())])
        }
        Flag::BrokenChain => i18n.t("evaluator.flag.chain").to_string(),
        Flag::Conflict { ids } => i18n.fill("evaluator.flag.conflict", &[("n", &ids.len().to_string())]),
    }
}

fn trust_key(t: KeyTrust) -> &'static str {
    match t {
        KeyTrust::Unconfirmed => "evaluator.key.unconfirmed",
        KeyTrust::Confirmed => "evaluator.key.confirmed",
        KeyTrust::Revoked => "evaluator.key.revoked",
    }
}

#[component]
pub fn EvaluatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let report = RwSignal::new(Vec::<Line>::new());
    let imported = RwSignal::new(Vec::<ImportedRecord>::new());
    let keys = RwSignal::new(Vec::<KeyRecord>::new());
    let people = RwSignal::new(Vec::<ParticipantOverview>::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let Ok(storage) = storage::shared().await else { return };
            if let (Ok(i), Ok(k)) = (imports::imported(&storage).await, imports::keys(&storage).await) {
                imported.set(i);
                keys.set(k);
            }
            if let Ok(all) = imports::imported_bundles(&storage).await {
                people.set(import::participants(&all));
            }
        });
    };
    let own_key = RwSignal::new(None::<RecipientKey>);
    leptos::task::spawn_local(async move {
        if let Ok(storage) = storage::shared().await {
            own_key.set(transport_key::evaluator_key(&storage).await.ok().flatten());
        }
    });
    let make_key = move |_| {
        leptos::task::spawn_local(async move {
            let made = async { transport_key::create_evaluator_key(&*storage::shared().await?).await }.await;
            match made {
                Ok(k) => own_key.set(Some(k)),
                Err(e) => problem.set(Some(storage_message_key(&e))),
            }
        });
    };
    let save_key = move |_| {
        if let Some(k) = own_key.get_untracked() {
            let _ =
                files::download("stegvis-utvarderarnyckel.json", &serde_json::to_string_pretty(&k).unwrap_or_default());
        }
    };
    load();
    let take = move |list: Vec<(String, u64, web_sys::File)>| {
        if list.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        report.set(Vec::new());
        leptos::task::spawn_local(async move {
            let storage = match storage::shared().await {
                Ok(s) => s,
                Err(e) => {
                    problem.set(Some(storage_message_key(&e)));
                    busy.set(false);
                    return;
                }
            };
            for (name, size, file) in list {
                // Too large: refused before a byte is read, so the page never stalls.
                let line = if size > bundle::MAX_BYTES {
                    Line {
                        file: name,
                        kind: "rejected",
                        messages: vec![i18n.t(rejection_key(Rejection::TooLarge)).into()],
                    }
                } else {
                    match files::read(&file).await {
                        Err(_) => Line {
                            file: name,
                            kind: "rejected",
                            messages: vec![i18n.t("evaluator.import.unreadable").into()],
                        },
                        Ok(bytes) => match imports::import(&storage, &name, &bytes).await {
                            Err(e) => Line {
                                file: name,
                                kind: "rejected",
                                messages: vec![i18n.t(storage_message_key(&e)).into()],
                            },
                            Ok(r) => match r.result {
                                Err(rejection) => Line {
                                    file: name,
                                    kind: "rejected",
                                    messages: vec![i18n.t(rejection_key(rejection)).into()],
                                },
                                Ok((Outcome::AlreadyImported, _)) => Line {
                                    file: name,
                                    kind: "already",
                                    messages: vec![i18n.t("evaluator.import.already").into()],
                                },
                                Ok((Outcome::Imported(flags), v)) => {
                                    let (label, kid) = (v.payload.device.label.clone(), v.header.kid.clone());
                                    let mut messages = vec![i18n.fill(
                                        "evaluator.import.imported",
                                        &[("answers", &v.answer_count().to_string()), ("label", &label)],
                                    )];
                                    messages.extend(flags.iter().map(|f| flag_text(i18n, f, &label, &kid)));
                                    let kind = if flags.iter().any(|f| !matches!(f, Flag::NewKey)) {
                                        "flagged"
                                    } else {
                                        "imported"
                                    };
                                    Line { file: name, kind, messages }
                                }
                            },
                        },
                    }
                };
                report.update(|r| r.push(line));
            }
            busy.set(false);
            load();
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take(files::list(input.files()));
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        take(files::list(ev.data_transfer().and_then(|d| d.files())));
    };
    let set_trust = move |kid: String, trust: KeyTrust| {
        leptos::task::spawn_local(async move {
            if let Ok(storage) = storage::shared().await {
                let _ = imports::set_trust(&storage, &kid, trust).await;
            }
            load();
        });
    };
    view! {
        <h1><Tx k="role.evaluator"/></h1>
        <p><Tx k="evaluator.intro"/></p>
        <p><a href="#/utvarderare/resultat"><Tx k="evaluator.results.link"/></a></p>
        <section aria-labelledby="import-heading">
            <h2 id="import-heading"><Tx k="evaluator.import.heading"/></h2>
            <div class="drop-zone" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <label for="import-files"><Tx k="evaluator.import.pick"/></label>
                <input id="import-files" type="file" multiple accept=".json,application/json" aria-describedby="import-hint"
                    on:change=on_pick disabled=move || busy.get()/>
                <p class="hint" id="import-hint"><Tx k="evaluator.import.hint"/></p>
            </div>
            <p class="error" role="alert">{move || problem.get().map(|k| i18n.t(k))}</p>
            <ul class="import-report" aria-live="polite">
                {move || report.get().into_iter().map(|line| view! {
                    <li class=format!("report-{}", line.kind) data-file=line.file.clone()>
                        <strong>{line.file.clone()}</strong>
                        {line.messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="own-key-heading">
            <h2 id="own-key-heading"><Tx k="evaluator.own_key.heading"/></h2>
            {move || match own_key.get() {
                None => view! {
                    <p><Tx k="evaluator.own_key.none"/></p>
                    <button type="button" class="secondary" on:click=make_key><Tx k="evaluator.own_key.make"/></button>
                }.into_any(),
                Some(k) => view! {
                    <p><Tx k="evaluator.own_key.have"/>" "<span class="code fingerprint own-key">{fingerprint(&k.kid)}</span></p>
                    <button type="button" class="secondary" on:click=save_key><Tx k="evaluator.own_key.save"/></button>
                }.into_any(),
            }}
        </section>
        <Show when=move || !keys.with(Vec::is_empty)>
            <section aria-labelledby="keys-heading">
                <h2 id="keys-heading"><Tx k="evaluator.keys.heading"/></h2>
                <p><Tx k="evaluator.keys.intro"/></p>
                <ul class="device-keys">
                    {move || keys.get().into_iter().map(|k| {
                        let (confirm_kid, revoke_kid) = (k.kid.clone(), k.kid.clone());
                        view! {
                            <li data-kid=k.kid.clone() data-trust=format!("{:?}", k.trust)>
                                <strong>{k.label.clone()}</strong>" "
                                <span class="code fingerprint">{fingerprint(&k.kid)}</span>" "
                                <span class="status"><Tx k=trust_key(k.trust)/></span>
                                {(k.trust != KeyTrust::Confirmed).then(|| view! {
                                    <button type="button" class="secondary" on:click=move |_| set_trust(confirm_kid.clone(), KeyTrust::Confirmed)>
                                        <Tx k="evaluator.keys.confirm"/>
                                    </button>
                                })}
                                {(k.trust != KeyTrust::Revoked).then(|| view! {
                                    <button type="button" class="secondary" on:click=move |_| set_trust(revoke_kid.clone(), KeyTrust::Revoked)>
                                        <Tx k="evaluator.keys.revoke"/>
                                    </button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
        <Show when=move || !imported.with(Vec::is_empty)>
            <section aria-labelledby="imported-heading">
                <h2 id="imported-heading"><Tx k="evaluator.imported.heading"/></h2>
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="imported-heading">
                    <table class="movement-table imported">
                        <thead><tr>
                            <th scope="col"><Tx k="evaluator.imported.device"/></th>
                            <th scope="col"><Tx k="staff.export.number"/></th>
                            <th scope="col"><Tx k="staff.export.date"/></th>
                            <th scope="col"><Tx k="evaluator.imported.file"/></th>
                        </tr></thead>
                        <tbody>
                            {move || imported.get().into_iter().map(|b| view! {
                                <tr>
                                    <td>{b.label.clone()}</td>
                                    <td>{b.sequence}</td>
                                    <td>{b.created.chars().take(10).collect::<String>()}</td>
                                    <td class="file-name">{b.file_name.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </Show>
        <Show when=move || !people.with(Vec::is_empty)>
            <section aria-labelledby="people-heading">
                <h2 id="people-heading"><Tx k="evaluator.people.heading"/></h2>
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="people-heading">
                    <table class="movement-table people">
                        <thead><tr>
                            <th scope="col"><Tx k="staff.roster.code"/></th>
                            <th scope="col"><Tx k="staff.roster.track"/></th>
                            <th scope="col"><Tx k="staff.case.gender"/></th>
                            <th scope="col"><Tx k="staff.case.age"/></th>
                            <th scope="col"><Tx k="evaluator.people.responses"/></th>
                            <th scope="col"><Tx k="evaluator.people.ratings"/></th>
                        </tr></thead>
                        <tbody>
                            {move || people.get().into_iter().map(|p| view! {
                                <tr data-code=p.code.clone()>
                                    <td class="code">{p.code.clone()}</td>
                                    <td>{p.track.map(|t| view! { <Tx k=track_key(t)/> })}</td>
                                    <td>{p.gender.map(|g| view! { <Tx k=gender_key(g)/> })}</td>
                                    <td>{p.age}</td>
                                    <td>{p.responses}</td>
                                    <td>{p.ratings}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </Show>
    }
}
