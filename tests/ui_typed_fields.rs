//! Every field a person types text into, staff or participant side, and the
//! check that keeps a personnummer, phone number or e-mail address out of it.
//! A text scan of `src/ui`: a new text input or textarea that is not in
//! [`GUARDED`] fails this test, and so does a listed field whose file no
//! longer calls its guard. The e2e test "no field takes a personnummer"
//! types one into each of them in a browser.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// (file under src/ui, the element's `id=` value as written, the file that
/// stores what is typed, and the call there that sends the text through the
/// core's free-text check or refuses anything but a participant code).
/// The rater and the rating form's texts reach `assessment::rate` (which
/// checks each with `free_text`); goal texts and raters reach `Goal::set`,
/// `rephrase` and `check_rater`.
const GUARDED: [(&str, &str, &str, &str); 8] = [
    ("enrol_form.rs", "\"enrol-project\"", "enrol_form.rs", "participant.check()"),
    ("export_page.rs", "\"device-label\"", "export_page.rs", "free_text::check_device_label"),
    ("staff_form.rs", "\"rater\"", "goals_page.rs", "free_text::check_rater"),
    ("staff_form.rs", "id", "rating_page.rs", "assessment::rate"),
    ("goals_page.rs", "text_id.clone()", "goals_page.rs", "goal.rephrase"),
    ("goals_page.rs", "\"new-goal-text\"", "goals_page.rs", "Goal::set"),
    ("participant_page.rs", "\"code\"", "participant_page.rs", "ParticipantCode::parse"),
    ("kiosk_start_page.rs", "\"kiosk-code\"", "kiosk_start_page.rs", "ParticipantCode::parse"),
];

/// Inputs whose type lets nobody type free text.
const NOT_TYPED: [&str; 7] = ["radio", "checkbox", "file", "date", "number", "password", "hidden"];

/// Each `<input …>` or `<textarea …>` start tag in `source`.
fn tags(source: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for start in ["<input", "<textarea"] {
        let mut rest = source;
        while let Some(at) = rest.find(start) {
            let tag = &rest[at..];
            let after = tag[start.len()..].chars().next();
            if after.is_some_and(|c| c.is_whitespace() || c == '>' || c == '/') {
                let end = tag.find('>').unwrap_or(tag.len());
                found.push(&tag[..end]);
            }
            rest = &rest[at + start.len()..];
        }
    }
    found
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    let end = if value.starts_with('"') { value[1..].find('"').map(|e| e + 2) } else { value.find(char::is_whitespace) };
    Some(&value[..end.unwrap_or(value.len())])
}

fn typed_fields(dir: &Path, found: &mut BTreeSet<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            typed_fields(&path, found);
            continue;
        }
        let source = fs::read_to_string(&path).unwrap();
        for tag in tags(&source) {
            let kind = attribute(tag, "type").map(|t| t.trim_matches('"'));
            if tag.starts_with("<input") && kind.is_some_and(|k| NOT_TYPED.contains(&k)) {
                continue;
            }
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let id = attribute(tag, "id").unwrap_or("(no id)").to_string();
            found.insert((file, id));
        }
    }
}

#[test]
fn every_typed_field_is_listed_with_its_guard() {
    let mut found = BTreeSet::new();
    typed_fields(Path::new("src/ui"), &mut found);
    let listed: BTreeSet<(String, String)> = GUARDED.iter().map(|(f, id, _, _)| (f.to_string(), id.to_string())).collect();
    let unlisted: Vec<_> = found.difference(&listed).collect();
    assert!(unlisted.is_empty(), "typed fields without a listed guard (add the check, then the field to GUARDED): {unlisted:?}");
    let gone: Vec<_> = listed.difference(&found).collect();
    assert!(gone.is_empty(), "listed fields no longer in src/ui: {gone:?}");
}

#[test]
fn every_listed_guard_is_still_called_where_the_field_is() {
    for (_, id, file, guard) in GUARDED {
        let path = Path::new("src/ui").join(file);
        let source = fs::read_to_string(path).unwrap();
        assert!(source.contains(guard), "{file}: the field {id} is no longer checked by {guard}");
    }
}

#[test]
fn the_scan_finds_fields_of_every_kind() {
    let source = r#"<input id="a" class="x"/> <input id="b" type="date"/> <textarea id=t rows="2"></textarea> <input
        id="c"/>"#;
    let ids: Vec<_> = tags(source)
        .into_iter()
        .filter(|t| !attribute(t, "type").is_some_and(|k| NOT_TYPED.contains(&k.trim_matches('"'))))
        .map(|t| attribute(t, "id").unwrap())
        .collect();
    assert_eq!(ids, ["\"a\"", "\"c\"", "t"]);
}
