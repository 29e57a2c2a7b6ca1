//! The evaluator's import: pick or drop bundle files; each is checked
//! (size first, then signature, format, instrument hashes and content) and reported.
//! Device keys are confirmed by their fingerprint; what is imported is listed.

use leptos::prelude::*;

use crate::core::bundle::import::{self, Flag, KeyTrust, Outcome, ParticipantOverview};
use crate::core::bundle::jwe::RecipientKey;
use crate::core::bundle::jws::fingerprint;
use crate::core::bundle::{self, Rejection};
use crate::platform::imports::{self, ImportedRecord, KeyRecord};
use crate::platform::{files, storage, transport_key};
use crate::ui::i18n::{use_i18n, I18n, Tx};
use crate::core::labels::{gender_key, track_key};
use crate::ui::storage_message::storage_message_key;

/// One line of the report: the file, a CSS class for its kind, and the messages.
#[derive(Clone, PartialEq)]
struct Line {
    /// Counts up over the page's life: the report's key.
    n: usize,
    file: String,
    kind: &'static str,
    messages: Vec<String>,
}

/// The message for a refused file, naming the instrument or record at fault.
pub fn rejection_text(i18n: I18n, r: Rejection) -> String {
    i18n.message(&r.message())
}

fn flag_text(i18n: I18n, flag: &Flag, label: &str, kid: &str) -> String {
    i18n.message(&flag.message(label, kid))
}

/// Files taken in before they are written together: fewer, larger
/// transactions, and a line never waits long to show.
const BATCH_FILES: usize = 50;

/// How far an import has come, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Progress {
    total: usize,
    done: usize,
    answers: usize,
    refused: usize,
}

/// Writes what the session took in and shows its lines, newest first. When
/// the write fails, nothing of those files is stored and their lines say so.
async fn write(
    storage: &storage::Storage,
    session: &mut imports::ImportSession,
    lines: &mut Vec<Line>,
    counts: &mut Progress,
    report: RwSignal<Vec<Line>>,
    i18n: I18n,
) {
    if let Err(e) = session.flush(storage).await {
        let message: String = i18n.t(storage_message_key(&e)).into();
        for line in lines.iter_mut().filter(|l| l.kind == "imported" || l.kind == "flagged") {
            line.kind = "rejected";
            line.messages = vec![message.clone()];
            counts.refused += 1;
        }
    }
    let mut shown = std::mem::take(lines);
    shown.reverse();
    report.update(|r| {
        r.splice(0..0, shown);
    });
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
    let (all_people, all_imported) = (RwSignal::new(false), RwSignal::new(false));
    let busy = RwSignal::new(false);
    let cancel = RwSignal::new(false);
    let progress = RwSignal::new(None::<Progress>);
    let next_line = StoredValue::new(0usize);
    let problem = RwSignal::new(None::<&'static str>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let Ok(storage) = storage::shared().await else { return };
            if let (Ok(i), Ok(k)) = (imports::imported(&storage).await, imports::keys(&storage).await) {
                imported.set(i);
                keys.set(k);
            }
            if let Ok(all) = imports::imported_records(&storage).await {
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
    // The devices and what the evaluator said of each, for `stegvis --trust`.
    let save_devices = move |_| {
        let list: Vec<import::TrustedDevice> = keys
            .get_untracked()
            .into_iter()
            .map(|k| import::TrustedDevice { kid: k.kid, label: k.label, trust: k.trust })
            .collect();
        let _ = files::download("stegvis-enheter.json", &serde_json::to_string_pretty(&list).unwrap_or_default());
    };
    load();
    let take = move |list: Vec<(String, web_sys::File)>| {
        if list.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        cancel.set(false);
        let total = list.len();
        progress.set(Some(Progress { total, ..Progress::default() }));
        leptos::task::spawn_local(async move {
            let started = async { imports::ImportSession::start(&*storage::shared().await?).await }.await;
            let (storage, mut session) = match (storage::shared().await, started) {
                (Ok(storage), Ok(session)) => (storage, session),
                (Err(e), _) | (_, Err(e)) => {
                    problem.set(Some(storage_message_key(&e)));
                    busy.set(false);
                    progress.set(None);
                    return;
                }
            };
            let mut counts = Progress { total, ..Progress::default() };
            // Lines of files read since the last write: shown once written,
            // so a line never says "imported" of something not stored.
            let mut lines: Vec<Line> = Vec::new();
            let mut cancelled_at = None;
            for (index, (name, file)) in list.into_iter().enumerate() {
                let size = files::size(&file);
                // Leaving the page stops the import as Avbryt does.
                if cancel.try_get_untracked().unwrap_or(true) {
                    cancelled_at = Some(index);
                    break;
                }
                let n = next_line.try_get_value().unwrap_or_default();
                next_line.try_set_value(n + 1);
                let line = |kind, messages| Line { n, file: name.clone(), kind, messages };
                // Too large: refused before a byte is read, so the page never stalls.
                let line = if size > bundle::MAX_BYTES {
                    line("rejected", vec![rejection_text(i18n, Rejection::TooLarge)])
                } else {
                    match files::read(&file).await {
                        Err(_) => line("rejected", vec![i18n.t("evaluator.import.unreadable").into()]),
                        Ok(bytes) => match session.add(&storage, &name, &bytes).await {
                            Err(e) => line("rejected", vec![i18n.t(storage_message_key(&e)).into()]),
                            Ok(r) => match r.result {
                                Err(rejection) => line("rejected", vec![rejection_text(i18n, rejection)]),
                                Ok((Outcome::AlreadyImported, _)) => {
                                    line("already", vec![i18n.t("evaluator.import.already").into()])
                                }
                                Ok((Outcome::Imported(flags), v)) => {
                                    let (label, kid) = (v.payload.device.label.clone(), v.header.kid.clone());
                                    let records = import::BundleRecords::of(&v);
                                    let forms: usize = records.iter().map(import::BundleRecords::forms).sum();
                                    let answers: usize = records.iter().map(import::BundleRecords::answers).sum();
                                    counts.answers += answers;
                                    let answers_text = i18n.plural("evaluator.import.answers", answers, &[]);
                                    let mut messages = vec![i18n.plural(
                                        "evaluator.import.imported",
                                        forms,
                                        &[("answers", &answers_text), ("label", &label)],
                                    )];
                                    messages.extend(flags.iter().map(|f| flag_text(i18n, f, &label, &kid)));
                                    let kind = if flags.iter().any(|f| !matches!(f, Flag::NewKey)) {
                                        "flagged"
                                    } else {
                                        "imported"
                                    };
                                    line(kind, messages)
                                }
                            },
                        },
                    }
                };
                if line.kind == "rejected" {
                    counts.refused += 1;
                }
                lines.push(line);
                counts.done += 1;
                progress.set(Some(counts));
                if session.unwritten() >= BATCH_FILES {
                    write(&storage, &mut session, &mut lines, &mut counts, report, i18n).await;
                }
            }
            write(&storage, &mut session, &mut lines, &mut counts, report, i18n).await;
            if let Some(index) = cancelled_at {
                let n = next_line.try_get_value().unwrap_or_default();
                next_line.try_set_value(n + 1);
                let left = total - index;
                let message = i18n.plural("evaluator.import.cancelled", left, &[]);
                report.update(|r| r.insert(0, Line { n, file: String::new(), kind: "cancelled", messages: vec![message] }));
            }
            progress.set(None);
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
            {move || progress.get().map(|p| view! {
                <div class="import-progress">
                    <label for="import-progress-bar"><Tx k="evaluator.import.progress"/></label>
                    <progress id="import-progress-bar" max=p.total value=p.done></progress>
                    <p class="import-counts">{i18n.fill("evaluator.import.counts", &[
                        ("done", &p.done.to_string()),
                        ("total", &p.total.to_string()),
                        ("answers", &p.answers.to_string()),
                        ("refused", &p.refused.to_string()),
                    ])}</p>
                    <button type="button" class="secondary" on:click=move |_| cancel.set(true) disabled=move || cancel.get()>
                        <Tx k="evaluator.import.cancel"/>
                    </button>
                </div>
            })}
            <Show when=move || !report.with(Vec::is_empty) && !busy.get()>
                <p><button type="button" class="secondary" on:click=move |_| report.set(Vec::new())>
                    <Tx k="evaluator.import.clear"/>
                </button></p>
            </Show>
            // Every file picked since the page opened, newest first.
            <ul class="import-report" aria-live="polite">
                <For each=move || report.get() key=|line| line.n let:line>
                    <li class=format!("report-{}", line.kind) data-file=line.file.clone()>
                        {(!line.file.is_empty()).then(|| view! { <strong>{line.file.clone()}</strong> })}
                        {line.messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                    </li>
                </For>
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
                <p class="hint"><Tx k="evaluator.keys.save_hint"/></p>
                <button type="button" class="secondary" on:click=save_devices><Tx k="evaluator.keys.save"/></button>
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
                            {move || imported.with(|list| first_rows(list, all_imported.get())).into_iter().map(|b| view! {
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
                <ShowAll count=Signal::derive(move || imported.with(Vec::len)) all=all_imported/>
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
                            {move || people.with(|list| first_rows(list, all_people.get())).into_iter().map(|p| view! {
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
                <ShowAll count=Signal::derive(move || people.with(Vec::len)) all=all_people/>
            </section>
        </Show>
    }
}

/// Rows a long table shows at first: drawing ten thousand at once would
/// hold the page up for over a second.
const FIRST_ROWS: usize = 100;

fn first_rows<T: Clone>(list: &[T], all: bool) -> Vec<T> {
    list.iter().take(if all { usize::MAX } else { FIRST_ROWS }).cloned().collect()
}

/// "Visa alla 10 000" under a table that shows only its first rows.
#[component]
fn ShowAll(count: Signal<usize>, all: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        (count.get() > FIRST_ROWS && !all.get()).then(|| {
            view! {
                <p><button type="button" class="secondary" on:click=move |_| all.set(true)>
                    {i18n.fill("evaluator.table.show_all", &[("shown", &FIRST_ROWS.to_string()), ("n", &count.get().to_string())])}
                </button></p>
            }
        })
    }
}
