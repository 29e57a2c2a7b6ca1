//! Tidy exports for R, SPSS and Excel, as a Frictionless Data Package:
//! `answers.csv` (long: one row per answer), `wide.csv` (one row per
//! participant and timepoint), `goals.csv` (one row per goal placement),
//! `codebook.csv`, and `datapackage.json` describing them all.
//!
//! Column names come from instrument and item ids only, never from a
//! version, so they stay the same across instrument versions.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde_json::{json, Value};

use super::{latest, Dataset, Person};
use crate::instrument::{Instrument, Item, ItemKind, Respondent, Timepoint};
use crate::language::Language;
use crate::response::AnswerValue;

/// For Excel: `;` between fields (as Swedish Excel expects) and a byte
/// order mark, so å, ä and ö open right; text that Excel would read as a
/// formula is prefixed with `'`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub excel: bool,
}

impl Options {
    fn separator(self) -> char {
        if self.excel {
            ';'
        } else {
            ','
        }
    }
}

/// A skipped question, in every table.
pub const SKIPPED: &str = "skipped";

/// The stable column name of an item: `kaa_steg_framtiden`.
pub fn variable(instrument: &str, item: &str) -> String {
    format!("{instrument}_{item}").replace('-', "_")
}

fn kind_name(item: &Item) -> &'static str {
    match item.kind {
        ItemKind::Scale { .. } => "scale",
        ItemKind::Number { .. } => "number",
        ItemKind::Date => "date",
        ItemKind::FreeText { .. } => "text",
    }
}

/// Writes CSV text (RFC 4180, CRLF line ends) to `out`, a piece at a time.
struct Csv<'w> {
    options: Options,
    text: String,
    out: &'w mut dyn Write,
    /// The first write that failed; the rest is not written.
    failed: Option<std::io::Error>,
}

impl<'w> Csv<'w> {
    /// Text is handed on to `out` in pieces of about this size.
    const PIECE: usize = 1 << 16;

    fn new(options: Options, out: &'w mut dyn Write) -> Csv<'w> {
        // A byte order mark, so Excel reads UTF-8.
        let text = if options.excel { "\u{feff}".to_string() } else { String::new() };
        Csv { options, text, out, failed: None }
    }

    fn hand_on(&mut self) {
        if self.failed.is_none() {
            self.failed = self.out.write_all(self.text.as_bytes()).err();
        }
        self.text.clear();
    }

    fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        push_cells(&mut self.text, self.options, fields);
        self.end_row();
    }

    fn end_row(&mut self) {
        self.text.push_str("\r\n");
        if self.text.len() >= Self::PIECE {
            self.hand_on();
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.hand_on();
        self.failed.map_or(Ok(()), Err)
    }
}

/// Appends `fields` to a row begun in `text`, separated as `options` say
/// (without a separator before the first).
fn push_cells<S: AsRef<str>>(text: &mut String, options: Options, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            text.push(options.separator());
        }
        push_field(text, options, f.as_ref());
    }
}

fn push_field(text: &mut String, options: Options, f: &str) {
    // Numbers stay as they are; other text that starts like a formula is defused for Excel.
    let defuse = options.excel
        && f.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && f.parse::<i64>().is_err()
        && f.replace(',', ".").parse::<f64>().is_err();
    let quote = f.bytes().any(|b| matches!(b, b',' | b';' | b'"' | b'\n' | b'\r'));
    if quote {
        text.push('"');
    }
    if defuse {
        text.push('\'');
    }
    if quote {
        for part in f.split_inclusive('"') {
            text.push_str(part);
            if part.ends_with('"') {
                text.push('"');
            }
        }
        text.push('"');
    } else {
        text.push_str(f);
    }
}

fn field(name: &str, kind: &str, description: &str) -> Value {
    let mut f = json!({"name": name, "type": kind, "description": description});
    if kind == "datetime" {
        f["format"] = json!("any");
    }
    f
}

fn person_fields() -> Vec<Value> {
    vec![
        json!({"name": "participant", "type": "string", "description": "Deltagarkod (pseudonym)", "constraints": {"required": true}}),
        field("project_tag", "string", "Projekt eller grupp"),
        field("track", "string", "Spår (se codebook.csv)"),
        field("gender", "string", "Kön: girl, boy, other; tomt = uppgift saknas"),
        field("age", "integer", "Ålder vid inskrivning"),
    ]
}

fn person_cells(p: Option<&Person>) -> Vec<String> {
    vec![
        p.map(|p| p.code.clone()).unwrap_or_default(),
        p.map(|p| p.project_tag.clone()).unwrap_or_default(),
        p.and_then(|p| p.track).map(|t| t.id().to_string()).unwrap_or_default(),
        p.and_then(|p| p.gender).map(|g| g.id().to_string()).unwrap_or_default(),
        p.and_then(|p| p.age).map(|a| a.to_string()).unwrap_or_default(),
    ]
}

/// (value, label, date, text, special) cells of an answer; a number is
/// written into `number`.
fn answer_cells<'a>(
    inst: Option<&'a Instrument>,
    item: Option<&Item>,
    value: &'a AnswerValue,
    number: &'a mut String,
) -> [&'a str; 5] {
    use std::fmt::Write as _;
    let label = || match (inst, item) {
        (Some(i), Some(it)) => value.label(i, it, Language::Sv).unwrap_or_default(),
        _ => "",
    };
    number.clear();
    match value {
        AnswerValue::Point { value: v } => {
            let _ = write!(number, "{v}");
            [number.as_str(), label(), "", "", ""]
        }
        AnswerValue::Number { value: v } => {
            let _ = write!(number, "{v}");
            [number.as_str(), "", "", "", ""]
        }
        AnswerValue::Special { id } => ["", label(), "", "", id],
        AnswerValue::Skipped => ["", "", "", "", SKIPPED],
        AnswerValue::Date { value: v } => ["", "", v, "", ""],
        AnswerValue::Text { value: v } => ["", "", "", v, ""],
    }
}

/// Every special answer id of the instruments, plus [`SKIPPED`]: the codes
/// that mean "no value" in `wide.csv`.
fn missing_codes(instruments: &[Instrument]) -> Vec<String> {
    let mut codes: BTreeSet<String> =
        instruments.iter().flat_map(|i| &i.scales).flat_map(|s| &s.special).map(|s| s.id.clone()).collect();
    codes.insert(SKIPPED.to_string());
    std::iter::once(String::new()).chain(codes).collect()
}

fn answers(data: &Dataset, instruments: &[Instrument], options: Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = Csv::new(options, out);
    let mut header: Vec<String> = person_fields().iter().map(|f| f["name"].as_str().unwrap_or_default().to_string()).collect();
    header.extend(
        [
            "response_id", "instrument", "instrument_version", "instrument_hash", "timepoint", "respondent", "rater",
            "completed_at", "item", "variable", "value", "value_label", "value_date", "value_text", "special", "language",
        ]
        .map(String::from),
    );
    csv.row(&header);
    // Each item's column name, made once (a million answers name a few hundred items).
    let variables: Vec<Vec<String>> =
        instruments.iter().map(|i| i.items.iter().map(|it| variable(&i.id, &it.id)).collect()).collect();
    // The cells every answer of a person and of a response shares, written once as CSV.
    let (mut person_head, mut head, mut number) = (String::new(), String::new(), String::new());
    // By participant (the dataset's order), then instrument, timepoint and time.
    for (person, mine) in data.people_with_responses() {
        person_head.clear();
        push_cells(&mut person_head, options, &person_cells(Some(person)));
        let mut mine: Vec<_> = mine.iter().collect();
        mine.sort_by(|a, b| {
            (&a.instrument.id, a.timepoint, &a.completed_at, &a.id).cmp(&(&b.instrument.id, b.timepoint, &b.completed_at, &b.id))
        });
        for r in mine {
            let at = instruments.iter().position(|i| i.id == r.instrument.id);
            let inst = at.map(|at| &instruments[at]);
            head.clone_from(&person_head);
            head.push(options.separator());
            let version = r.instrument.version.to_string();
            let respondent = if r.rater.is_some() { "staff" } else { "participant" };
            push_cells(
                &mut head,
                options,
                &[
                    &r.id,
                    &r.instrument.id,
                    &version,
                    &r.instrument.hash,
                    r.timepoint.id(),
                    respondent,
                    r.rater.as_deref().unwrap_or_default(),
                    &r.completed_at,
                ],
            );
            for a in &r.answers {
                let place = inst.and_then(|i| i.items.iter().position(|it| it.id == a.item));
                let item = inst.zip(place).map(|(i, p)| &i.items[p]);
                let made;
                let name = match (at, place) {
                    (Some(at), Some(p)) => variables[at][p].as_str(),
                    _ => {
                        made = variable(&r.instrument.id, &a.item);
                        made.as_str()
                    }
                };
                let cells = answer_cells(inst, item, &a.value, &mut number);
                csv.text.push_str(&head);
                csv.text.push(options.separator());
                push_cells(&mut csv.text, options, &[a.item.as_str(), name]);
                csv.text.push(options.separator());
                push_cells(&mut csv.text, options, &cells);
                csv.text.push(options.separator());
                push_field(&mut csv.text, options, a.language.code());
                csv.end_row();
            }
        }
    }
    csv.finish()
}

/// Items that get a column in `wide.csv`: everything but free text.
fn wide_items(instruments: &[Instrument]) -> Vec<(&Instrument, &Item)> {
    instruments
        .iter()
        .flat_map(|i| i.items.iter().map(move |it| (i, it)))
        .filter(|(_, it)| !matches!(it.kind, ItemKind::FreeText { .. }))
        .collect()
}

fn wide(data: &Dataset, instruments: &[Instrument], options: Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = Csv::new(options, out);
    let items = wide_items(instruments);
    let mut header: Vec<String> = person_fields().iter().map(|f| f["name"].as_str().unwrap_or_default().to_string()).collect();
    header.push("timepoint".into());
    header.extend(items.iter().map(|(i, it)| variable(&i.id, &it.id)));
    csv.row(&header);
    for (p, mine) in data.people_with_responses() {
        for t in Timepoint::ALL {
            if !mine.iter().any(|r| r.timepoint == t) {
                continue;
            }
            let mut row = person_cells(Some(p));
            row.push(t.id().to_string());
            for (inst, item) in &items {
                let answer = latest(mine, &inst.id, t).and_then(|r| r.answers.iter().find(|a| a.item == item.id));
                row.push(match answer.map(|a| &a.value) {
                    None => String::new(),
                    Some(AnswerValue::Point { value } | AnswerValue::Number { value }) => value.to_string(),
                    Some(AnswerValue::Date { value }) => value.clone(),
                    Some(AnswerValue::Special { id }) => id.clone(),
                    Some(AnswerValue::Skipped) => SKIPPED.to_string(),
                    Some(AnswerValue::Text { .. }) => String::new(),
                });
            }
            csv.row(&row);
        }
    }
    csv.finish()
}

fn goals(data: &Dataset, people: &BTreeMap<&str, &Person>, options: Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = Csv::new(options, out);
    let mut header: Vec<String> = person_fields().iter().map(|f| f["name"].as_str().unwrap_or_default().to_string()).collect();
    header.extend(["goal_id", "placement", "timepoint", "step", "placed_at", "closed"].map(String::from));
    csv.row(&header);
    for g in &data.goals {
        for (n, placement) in g.placements.iter().enumerate() {
            let mut row = person_cells(people.get(g.participant.as_str()).copied());
            row[0] = g.participant.as_str().to_string();
            row.extend([
                g.id.clone(),
                (n + 1).to_string(),
                placement.timepoint.id().to_string(),
                placement.step.to_string(),
                placement.at.clone(),
                g.closed_at.is_some().to_string(),
            ]);
            csv.row(&row);
        }
    }
    csv.finish()
}

fn codebook(instruments: &[Instrument], options: Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = Csv::new(options, out);
    csv.row(&[
        "variable", "instrument", "instrument_version", "item", "kind", "respondent", "question", "value", "label", "missing",
        "favourable", "favourable_cutoff",
    ]);
    for g in crate::participant::Gender::ALL {
        let label = ["Tjej/kvinna", "Kille/man", "Annat/ickebinär"][g as usize];
        csv.row(&["gender", "", "", "", "code", "staff", "Kön", g.id(), label, "false", "", ""]);
    }
    for t in crate::instrument::plan::Track::ALL {
        csv.row(&["track", "", "", "", "code", "staff", "Spår", t.id(), t.id(), "false", "", ""]);
    }
    for (inst, item) in instruments.iter().flat_map(|i| i.items.iter().map(move |it| (i, it))) {
        let var = variable(&inst.id, &item.id);
        let respondent = match inst.respondent {
            Respondent::Participant => "participant",
            Respondent::Staff => "staff",
        };
        let favourable = format!("{:?}", item.favourable).to_lowercase();
        let cutoff = item.favourable_cutoff.map(|c| c.to_string()).unwrap_or_default();
        let question = item.text.swedish().to_string();
        let version = inst.version.to_string();
        let base = |value: &str, label: &str, missing: bool| {
            vec![
                var.clone(),
                inst.id.clone(),
                version.clone(),
                item.id.clone(),
                kind_name(item).to_string(),
                respondent.to_string(),
                question.clone(),
                value.to_string(),
                label.to_string(),
                missing.to_string(),
                favourable.clone(),
                cutoff.clone(),
            ]
        };
        match inst.scale_of(item) {
            Some(scale) if matches!(item.kind, ItemKind::Scale { .. }) => {
                for p in &scale.points {
                    csv.row(&base(&p.value.to_string(), p.label.swedish(), false));
                }
                for s in &scale.special {
                    csv.row(&base(&s.id, s.label.swedish(), true));
                }
            }
            _ => csv.row(&base("", "", false)),
        }
        csv.row(&base(SKIPPED, "Hoppade över frågan", true));
    }
    csv.finish()
}

fn resource(name: &str, title: &str, options: Options, fields: Vec<Value>, extra: Value) -> Value {
    let mut schema = json!({"fields": fields});
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            schema[k] = v;
        }
    }
    json!({
        "name": name,
        "path": format!("{name}.csv"),
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": if options.excel { "utf-8-sig" } else { "utf-8" },
        "dialect": {"delimiter": if options.excel { ";" } else { "," }, "header": true, "lineTerminator": "\r\n"},
        "schema": schema,
    })
}

/// Per item and group, the paired figures with their intervals: what *Se
/// resultaten* shows, every count included (the package is record-level
/// data already, for the evaluator only).
fn summary(data: &Dataset, instruments: &[Instrument], options: Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = Csv::new(options, out);
    csv.row(&SUMMARY_COLUMNS.map(|(name, _, _)| name));
    // Excel in Swedish reads a decimal comma (the variant's separator is ";").
    let number = |x: Option<f64>| {
        x.map(|x| if options.excel { format!("{x}").replace('.', ",") } else { format!("{x}") }).unwrap_or_default()
    };
    for (inst, items) in super::items::analysed_by_instrument(instruments) {
        let analyses = super::items::analyse_instrument(data, inst, |item| item.favourable_cutoff);
        let holm = super::items::holm_of(&analyses);
        for (item, a) in items.iter().zip(&analyses) {
            for (r, (group, f)) in a.rows.iter().enumerate() {
                let interval = |k: Option<usize>| k.and_then(|k| crate::statistics::wilson(k, f.n_paired));
                let (fi, fe) = (interval(f.favourable_intake), interval(f.favourable_exit));
                let hl = f.hodges_lehmann;
                csv.row(&[
                    variable(&inst.id, &item.id),
                    group.id(),
                    f.n_paired.to_string(),
                    f.better.to_string(),
                    f.unchanged.to_string(),
                    f.worse.to_string(),
                    number(f.median_change),
                    number(hl.map(|h| h.0)),
                    number(hl.and_then(|h| h.1).map(|i| i.0)),
                    number(hl.and_then(|h| h.1).map(|i| i.1)),
                    number(f.wilcoxon.as_ref().map(|w| w.p_value)),
                    number(holm.get(&item.id).and_then(|p| p[r])),
                    f.favourable_intake.map(|n| n.to_string()).unwrap_or_default(),
                    number(fi.map(|i| i.0)),
                    number(fi.map(|i| i.1)),
                    f.favourable_exit.map(|n| n.to_string()).unwrap_or_default(),
                    number(fe.map(|i| i.0)),
                    number(fe.map(|i| i.1)),
                ]);
            }
        }
    }
    csv.finish()
}

/// summary.csv's columns: name, type, description.
const SUMMARY_COLUMNS: [(&str, &str, &str); 18] = [
    ("variable", "string", "Frågans kolumn i wide.csv"),
    ("group", "string", "all, gender:…, track:… eller age:…"),
    ("n_paired", "integer", "Med svar på skalan både vid start och avslut"),
    ("better", "integer", "Bättre"),
    ("unchanged", "integer", "Oförändrade"),
    ("worse", "integer", "Sämre"),
    ("median_change", "number", "Median förändring i steg"),
    ("hodges_lehmann", "number", "Hodges–Lehmann-skattning av förändringen"),
    ("hodges_lehmann_low", "number", "95 % intervall, nedre (Hollander och Wolfe 1999, 3.2)"),
    ("hodges_lehmann_high", "number", "95 % intervall, övre"),
    ("p", "number", "Wilcoxons teckenrangtest, tvåsidigt"),
    ("p_holm", "number", "p justerat med Holms metod inom formuläret"),
    ("favourable_intake", "integer", "Gynnsamt vid start, bland de parade"),
    ("favourable_intake_low", "number", "Andelens 95 % Wilson-intervall, nedre"),
    ("favourable_intake_high", "number", "Andelens 95 % Wilson-intervall, övre"),
    ("favourable_exit", "integer", "Gynnsamt vid avslut, bland de parade"),
    ("favourable_exit_low", "number", "Andelens 95 % Wilson-intervall, nedre"),
    ("favourable_exit_high", "number", "Andelens 95 % Wilson-intervall, övre"),
];

/// The data package's files: `datapackage.json` first, then the tables.
pub fn package(data: &Dataset, instruments: &[Instrument], options: Options, created: &str) -> Vec<(&'static str, Vec<u8>)> {
    parts(data, instruments, options, created).into_iter().map(|(name, write)| (name, in_memory(write))).collect()
}

/// Writes a file of the package, when asked to.
type Writes<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'a>;
type Part<'a> = (&'static str, Writes<'a>);

fn people_of(data: &Dataset) -> BTreeMap<&str, &Person> {
    data.people.iter().map(|p| (p.code.as_str(), p)).collect()
}

fn parts<'a>(data: &'a Dataset, instruments: &'a [Instrument], options: Options, created: &str) -> Vec<Part<'a>> {
    let mut answer_fields = person_fields();
    answer_fields.extend([
        json!({"name": "response_id", "type": "string", "constraints": {"required": true}}),
        field("instrument", "string", "Formulärets id"),
        field("instrument_version", "integer", "Formulärets version"),
        field("instrument_hash", "string", "SHA-256 av formulärets text i alla språk"),
        json!({"name": "timepoint", "type": "string", "constraints": {"enum": Timepoint::ALL.map(|t| t.id())}}),
        json!({"name": "respondent", "type": "string", "constraints": {"enum": ["participant", "staff"]}}),
        field("rater", "string", "Vem i personalen som bedömde"),
        field("completed_at", "datetime", "När svaret lämnades"),
        json!({"name": "item", "type": "string", "constraints": {"required": true}}),
        field("variable", "string", "Kolumnens namn i wide.csv och codebook.csv"),
        field("value", "integer", "Svarets värde (se codebook.csv)"),
        field("value_label", "string", "Svaret i ord"),
        field("value_date", "date", "Datum"),
        field("value_text", "string", "Fritext"),
        field("special", "string", "Särskilt svar eller skipped; räknas aldrig som steg"),
        field("language", "string", "Språket frågan visades på"),
    ]);
    let mut wide_fields = person_fields();
    wide_fields.push(json!({"name": "timepoint", "type": "string", "constraints": {"required": true, "enum": Timepoint::ALL.map(|t| t.id())}}));
    for (inst, item) in wide_items(instruments) {
        let kind = if matches!(item.kind, ItemKind::Date) { "date" } else { "integer" };
        wide_fields.push(field(&variable(&inst.id, &item.id), kind, item.text.swedish()));
    }
    let mut goal_fields = person_fields();
    goal_fields.extend([
        json!({"name": "goal_id", "type": "string", "constraints": {"required": true}}),
        json!({"name": "placement", "type": "integer", "constraints": {"required": true, "minimum": 1}}),
        json!({"name": "timepoint", "type": "string", "constraints": {"enum": Timepoint::ALL.map(|t| t.id())}}),
        field("step", "integer", "Steg i måltrappan (1–5)"),
        field("placed_at", "datetime", "När steget sattes"),
        field("closed", "boolean", "Målet är avslutat"),
    ]);
    let codebook_fields = vec![
        field("variable", "string", "Kolumnens namn"),
        field("instrument", "string", ""),
        field("instrument_version", "integer", "Versionen som texten kommer från"),
        field("item", "string", ""),
        field("kind", "string", "scale, number, date, text eller code"),
        field("respondent", "string", "participant eller staff"),
        field("question", "string", "Frågan på svenska"),
        field("value", "string", "Värde eller kod"),
        field("label", "string", "Svaret i ord"),
        field("missing", "boolean", "Koden betyder att värde saknas"),
        field("favourable", "string", "Vilket håll som är bättre: higher, lower eller none"),
        field("favourable_cutoff", "integer", "Första värdet som räknas som gynnsamt"),
    ];
    let descriptor = json!({
        "profile": "tabular-data-package",
        "name": "stegvis-export",
        "title": "Stegvis: svar, bedömningar och mål",
        "created": created,
        "resources": [
            resource("answers", "Ett svar per rad", options, answer_fields, json!({"primaryKey": ["response_id", "item"]})),
            resource("wide", "En rad per deltagare och tidpunkt", options, wide_fields,
                json!({"primaryKey": ["participant", "timepoint"], "missingValues": missing_codes(instruments)})),
            resource("goals", "En rad per placering i måltrappan", options, goal_fields, json!({"primaryKey": ["goal_id", "placement"]})),
            resource("codebook", "Variabler och värden", options, codebook_fields, json!({})),
            resource("summary", "Förändring per fråga och grupp, med intervall", options,
                SUMMARY_COLUMNS
                    .iter()
                    .map(|(name, kind, description)| {
                        let mut f = field(name, kind, description);
                        if *kind == "number" && options.excel {
                            f["decimalChar"] = json!(",");
                        }
                        f
                    })
                    .collect(),
                json!({"primaryKey": ["variable", "group"]})),
        ],
    });
    vec![
        ("datapackage.json", Box::new(move |out| out.write_all(serde_json::to_string_pretty(&descriptor).unwrap_or_default().as_bytes()))),
        ("answers.csv", Box::new(move |out| answers(data, instruments, options, out))),
        ("wide.csv", Box::new(move |out| wide(data, instruments, options, out))),
        ("goals.csv", Box::new(move |out| goals(data, &people_of(data), options, out))),
        ("codebook.csv", Box::new(move |out| codebook(instruments, options, out))),
        ("summary.csv", Box::new(move |out| summary(data, instruments, options, out))),
    ]
}

/// The data package as one ZIP file, dated by `created` (`YYYY-MM-DD…`):
/// what *Ladda ner datapaketet* and `stegvis package` write, byte for byte.
pub fn package_zip(data: &Dataset, instruments: &[Instrument], options: Options, created: &str) -> Vec<u8> {
    let zip = write_package_zip(data, instruments, options, created, std::io::Cursor::new(Vec::new()));
    zip.expect("writing to memory does not fail").into_inner()
}

/// [`package_zip`] written to `out` as it is made, so no table is ever in
/// memory whole.
pub fn write_package_zip<W: Write + std::io::Seek>(
    data: &Dataset,
    instruments: &[Instrument],
    options: Options,
    created: &str,
    out: W,
) -> std::io::Result<W> {
    let part = |range: std::ops::Range<usize>, default| created.get(range).and_then(|t| t.parse().ok()).unwrap_or(default);
    let mut zip = crate::zip::Writer::new(out, (part(0..4, 1980), part(5..7, 1), part(8..10, 1)));
    let mut parts = parts(data, instruments, options, created);
    // Natively, the files after `answers.csv` (all of them small beside it)
    // are made in memory on another core while it is written.
    #[cfg(not(target_arch = "wasm32"))]
    let rest = parts.split_off(2);
    #[cfg(not(target_arch = "wasm32"))]
    return std::thread::scope(|scope| {
        let made = scope.spawn(|| rest.into_iter().map(|(name, write)| (name, in_memory(write))).collect::<Vec<_>>());
        for (name, write) in parts {
            zip.add_written(name, write)?;
        }
        let made = made.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        for (name, bytes) in made {
            zip.add(name, &bytes)?;
        }
        zip.finish()
    });
    #[cfg(target_arch = "wasm32")]
    {
        for (name, write) in parts.drain(..) {
            zip.add_written(name, write)?;
        }
        zip.finish()
    }
}

/// What a file of the package writes, as bytes.
fn in_memory(write: Writes) -> Vec<u8> {
    let mut bytes = Vec::new();
    write(&mut bytes).expect("writing to memory does not fail");
    bytes
}

#[cfg(test)]
mod csv_tests {
    use super::{Csv, Options};
    use crate::evaluation::tests::fixture_payloads;
    use crate::evaluation::Dataset;
    use crate::instrument::shipped;

    /// `answers.csv` as it was written before its rows were made without a
    /// string per cell: a row of owned cells per answer, each through `Csv::row`.
    fn answers_cell_by_cell(data: &Dataset, options: Options) -> Vec<u8> {
        use super::{person_cells, variable, AnswerValue, Language, SKIPPED};
        let instruments = shipped();
        let mut out = Vec::new();
        let mut csv = Csv::new(options, &mut out);
        for (person, mine) in data.people_with_responses() {
            let mut mine: Vec<_> = mine.iter().collect();
            mine.sort_by(|a, b| {
                (&a.instrument.id, a.timepoint, &a.completed_at, &a.id).cmp(&(&b.instrument.id, b.timepoint, &b.completed_at, &b.id))
            });
            for r in mine {
                let inst = instruments.iter().find(|i| i.id == r.instrument.id);
                for a in &r.answers {
                    let item = inst.and_then(|i| i.item(&a.item));
                    let label = || match (inst, item) {
                        (Some(i), Some(it)) => a.value.label(i, it, Language::Sv).unwrap_or_default().to_string(),
                        _ => String::new(),
                    };
                    let e = String::new;
                    let cells = match &a.value {
                        AnswerValue::Point { value: v } => [v.to_string(), label(), e(), e(), e()],
                        AnswerValue::Number { value: v } => [v.to_string(), e(), e(), e(), e()],
                        AnswerValue::Special { id } => [e(), label(), e(), e(), id.clone()],
                        AnswerValue::Skipped => [e(), e(), e(), e(), SKIPPED.to_string()],
                        AnswerValue::Date { value: v } => [e(), e(), v.clone(), e(), e()],
                        AnswerValue::Text { value: v } => [e(), e(), e(), v.clone(), e()],
                    };
                    let mut row = person_cells(Some(person));
                    row.extend([
                        r.id.clone(),
                        r.instrument.id.clone(),
                        r.instrument.version.to_string(),
                        r.instrument.hash.clone(),
                        r.timepoint.id().to_string(),
                        if r.rater.is_some() { "staff" } else { "participant" }.to_string(),
                        r.rater.clone().unwrap_or_default(),
                        r.completed_at.clone(),
                        a.item.clone(),
                        variable(&r.instrument.id, &a.item),
                    ]);
                    row.extend(cells);
                    row.push(a.language.code().to_string());
                    csv.row(&row);
                }
            }
        }
        csv.finish().unwrap();
        out
    }

    #[test]
    fn answer_rows_are_those_written_cell_by_cell() {
        let payloads = fixture_payloads();
        let mut data = Dataset::from_payloads(&payloads.iter().collect::<Vec<_>>());
        // Every kind of answer, text to quote and defuse, an item and an
        // instrument this app does not know, besides the fixture's points.
        let values = [
            super::AnswerValue::Skipped,
            super::AnswerValue::Special { id: "vet-ej".into() },
            super::AnswerValue::Number { value: -3 },
            super::AnswerValue::Date { value: "2026-01-02".into() },
            super::AnswerValue::Text { value: "=1+2, \"sa hon\"\r\nny rad; slut".into() },
        ];
        for (r, value) in data.responses.iter_mut().zip(values) {
            r.answers[0].value = value;
        }
        data.responses[5].answers[0].item = "okand-fraga".into();
        data.responses[6].instrument.id = "okant-formular".into();
        data.responses[7].rater = Some("Kim, mentor".into());
        for options in [Options { excel: false }, Options { excel: true }] {
            let mut written = Vec::new();
            super::answers(&data, shipped(), options, &mut written).unwrap();
            let header_end = written.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
            let expected = answers_cell_by_cell(&data, options);
            let bom = if options.excel { "\u{feff}".len() } else { 0 };
            assert_eq!(String::from_utf8_lossy(&written[header_end..]), String::from_utf8_lossy(&expected[bom..]), "{options:?}");
        }
    }

    fn row(excel: bool, fields: &[&str]) -> String {
        let mut out = Vec::new();
        let mut csv = Csv::new(Options { excel }, &mut out);
        csv.row(fields);
        csv.finish().unwrap();
        String::from_utf8(out).unwrap().trim_start_matches('\u{feff}').to_string()
    }

    #[test]
    fn fields_are_quoted_and_defused_as_rfc_4180_and_excel_need() {
        assert_eq!(row(false, &["a", "b c", "1"]), "a,b c,1\r\n");
        assert_eq!(row(false, &["x,y", "sa \"hej\"", "rad\nny", ""]), "\"x,y\",\"sa \"\"hej\"\"\",\"rad\nny\",\r\n");
        assert_eq!(row(false, &["\"", "\"\""]), "\"\"\"\",\"\"\"\"\"\"\r\n");
        // A formula is defused in Excel's variant only; a negative number is a number.
        assert_eq!(row(true, &["=SUM(A1)", "-3", "-x", "+1;2", "a;b"]), "'=SUM(A1);-3;'-x;\"'+1;2\";\"a;b\"\r\n");
        assert_eq!(row(false, &["=SUM(A1)", "-x"]), "=SUM(A1),-x\r\n");
        assert_eq!(row(true, &["@\"q\""]), "\"'@\"\"q\"\"\"\r\n");
    }
}
