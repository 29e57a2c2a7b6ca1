#!/usr/bin/env python3
"""A translator's workflow for Stegvis: every translated string of a language
(the app's words and the instruments' texts) as one gettext PO file, and back.

  scripts/translations.py export LANG [-o FILE]   write LANG's strings as PO (default: stdout)
  scripts/translations.py import FILE...          take translators' PO files back (all or nothing)
  scripts/translations.py record FILE             record a back-translation pass (see below)
  scripts/translations.py check                   the statuses are consistent (run by the tests)

The PO file has, per string: the key (msgctxt), the Swedish source (msgid),
the translation (msgstr), a context note and the current status (#.). Every
string not yet reviewed is marked fuzzy ("needs work" in Poedit, "needs
editing" in Weblate). A translator who confirms a string clears that mark;
only those strings become `reviewed` on import. A changed translation that
is still marked fuzzy is taken in as a draft.

Per-string statuses and back-translations live in content/translations/<lang>.json,
beside the files, so the content files and their hashes stay as they are:
  {"language": "fa", "strings": {"<key>": {"status": "back-translated" | "reviewed",
                                           "source": <the Swedish it was checked against>,
                                           "text": <the translation checked>,
                                           "back": <its back-translation into Swedish>,
                                           "review": <imported PO file, for reviewed>}}}
A string without an entry, or whose translation or Swedish source has changed since, is a draft.
A file's own "status" is the weakest of its strings' statuses.

A back-translation pass: a reader who did not write the translation, and does
not see the Swedish, translates each string back into Swedish; a second reader
compares that with the source. `record` takes the result,
  {"language": "fa", "notes": [...], "strings": [{"key", "text", "back", "matches", "remarks"}]}
where "text" is the translation that was read: a string whose meaning matched
becomes back-translated, any other stays a draft with its back-translation and
remarks kept for the translator. A string whose translation has changed since
it was read is refused, so a back-translation never vouches for other words.

Runs with the Python standard library and polib (pinned in requirements-test.txt;
`scripts/setup.sh` installs it in .venv).
"""
import argparse
import hashlib
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "ar", "fa", "so", "ti", "uk", "fi"]
STATUSES = ["draft", "back-translated", "reviewed"]
# Keys under these scopes are read only by staff and evaluators (crates/core/src/ui_text.rs).
STAFF_SCOPES = ("staff.", "evaluator.")


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class Content:
    """The content folder of a checkout (a copy of it in the tests)."""

    def __init__(self, root=ROOT):
        self.root = Path(root)
        self.ui = self.root / "content" / "ui"
        self.instruments = self.root / "content" / "instruments"
        self.sidecars = self.root / "content" / "translations"
        self._sources = {}

    def sources(self):
        return {p.stem: read_json(p) for p in sorted(self.instruments.glob("*.json"))}

    def strings(self, lang):
        """Every translatable string of `lang`, in file order:
        (key, Swedish source, translation, note, file, path in the file, participant-facing)."""
        out = []
        swedish = read_json(self.ui / "sv.json")["strings"]
        ui_file = self.ui / f"{lang}.json"
        for key, text in read_json(ui_file)["strings"].items():
            if key not in swedish:
                continue
            participant = not key.startswith(STAFF_SCOPES)
            where = "participant's screens" if participant else "staff and evaluator screens"
            out.append((f"ui:{key}", swedish[key], text, f"App text on the {where}.",
                        ui_file, ("strings", key), participant))
        for iid, src in self.sources().items():
            tr_file = self.instruments / lang / f"{iid}.json"
            if not tr_file.exists():
                continue
            tr = read_json(tr_file)
            participant = src.get("respondent") == "participant"
            who = "a participant answers" if participant else "staff fill in"
            about = f"Questionnaire \"{src['title']}\" ({iid}), which {who}."
            for key, source, path, note in instrument_texts(src):
                text = dig(tr, path)
                if text is None:
                    continue
                out.append((f"{iid}:{key}", source, text, f"{about} {note}", tr_file, path,
                            participant))
        return out

    def sidecar(self, lang):
        path = self.sidecars / f"{lang}.json"
        return read_json(path) if path.exists() else {"language": lang, "strings": {}}

    def status(self, lang, key, text, sidecar=None):
        """A string's status: its record's, while both the translation and the
        Swedish it was checked against are unchanged; otherwise a draft."""
        entry = (sidecar or self.sidecar(lang))["strings"].get(key)
        current = entry and entry.get("text") == text and entry.get("source") == self.source_of(lang, key)
        return entry["status"] if current else "draft"

    def source_of(self, lang, key):
        """The Swedish source of `key` in `lang`'s strings."""
        if lang not in self._sources:
            self._sources[lang] = {s[0]: s[1] for s in self.strings(lang)}
        return self._sources[lang].get(key)


def instrument_texts(src):
    """(key, Swedish text, path in the translation file, note) for every text of an
    instrument source that needs translating; digits-only labels do not."""
    yield "title", src["title"], ("title",), "The questionnaire's title."
    if "intro" in src:
        yield "intro", src["intro"], ("intro",), "The line under the title."
    if "stem" in src:
        yield "stem", src["stem"], ("stem",), "The shared start of every question; it and the question are read as one sentence."
    for item in src["items"]:
        q = f"Question {item['id']}"
        yield f"items.{item['id']}.text", item["text"], ("items", item["id"], "text"), f"{q}."
        if "read_aloud" in item:
            yield (f"items.{item['id']}.read_aloud", item["read_aloud"], ("items", item["id"], "read_aloud"),
                   f"{q}: what read-aloud says instead of the question.")
        if "unit" in item:
            yield f"items.{item['id']}.unit", item["unit"], ("items", item["id"], "unit"), f"{q}: the unit after the number."
        if "reminder" in item:
            yield (f"items.{item['id']}.reminder", item["reminder"], ("items", item["id"], "reminder"),
                   f"{q}: the reminder under the text field.")
    for scale in src["scales"]:
        n = len(scale["points"])
        for i, p in enumerate(scale["points"]):
            if p["label"].isdigit():
                continue
            order = f", point {i + 1} of {n} (1 is the lowest)" if scale.get("ordered") else ""
            yield (f"scales.{scale['id']}.points.{p['value']}", p["label"], ("scales", scale["id"], "points", str(p["value"])),
                   f"An answer option of the scale {scale['id']}{order}.")
        for s in scale.get("special", []):
            yield (f"scales.{scale['id']}.special.{s['id']}", s["label"], ("scales", scale["id"], "special", s["id"]),
                   f"An answer beside the scale {scale['id']} that is not counted as a step.")
    for t in src.get("triggers", []):
        yield f"triggers.{t['id']}.heading", t["heading"], ("triggers", t["id"], "heading"), "Heading of a calm support screen shown after some answers."
        yield f"triggers.{t['id']}.text", t["text"], ("triggers", t["id"], "text"), "Text of that support screen."


def dig(value, path):
    for p in path:
        if not isinstance(value, dict) or p not in value:
            return None
        value = value[p]
    return value


def source_digest(strings):
    """What a PO file was made from: its keys and their Swedish source."""
    pairs = sorted((key, source) for key, source, *_ in strings)
    return "sha256:" + hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()


def export(content, lang):
    import polib

    strings = content.strings(lang)
    sidecar = content.sidecar(lang)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Stegvis content",
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "-",
        "Language-Team": "-",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Stegvis-Source": source_digest(strings),
    }
    for key, source, text, note, file, _path, participant in strings:
        status = content.status(lang, key, text, sidecar)
        comment = [note, f"Status: {status}.", f"Exported translation: {fingerprint(text)}"]
        entry = sidecar["strings"].get(key, {})
        if entry.get("text") == text and entry.get("back"):
            comment.append(f"Back-translation into Swedish: {entry['back']}")
            if entry.get("remarks"):
                comment.append(f"Remarks: {entry['remarks']}")
        if not participant:
            comment.append("Not shown to participants.")
        if "#" in key:
            comment.append(f"The form used for counts in CLDR plural category \"{key.rsplit('#', 1)[1]}\".")
        po.append(polib.POEntry(
            msgctxt=key, msgid=source, msgstr=text, comment="\n".join(comment),
            occurrences=[(str(file.relative_to(content.root)), "")],
            flags=[] if status == "reviewed" else ["fuzzy"],
        ))
    return po


class Refused(Exception):
    pass


def fingerprint(text):
    """Names the translation an entry was exported with, so an import can tell a
    translator's change from a string that changed in content/ since the export."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def exported_fingerprint(entry):
    found = re.search(r"^Exported translation: ([0-9a-f]{12})$", entry.comment or "", re.M)
    return found.group(1) if found else None


def placeholders(text):
    return sorted(re.findall(r"\{[a-z_]+\}", text))


def import_po(content, *po_paths):
    """Takes translators' PO files (one language each) back into the content
    files: all or nothing, and an instrument's version is raised once however
    many languages change it. Returns what changed."""
    import polib

    parsed = []
    for po_path in po_paths:
        raw = Path(po_path).read_bytes()
        po = polib.pofile(raw.decode("utf-8"), wrapwidth=0)
        lang = po.metadata.get("Language", "")
        if lang not in LANGUAGES:
            raise Refused(f"{po_path}: the Language header is {lang!r}; it must be one of {', '.join(LANGUAGES)}")
        if any(lang == other for other, *_ in parsed):
            raise Refused(f"{po_path}: a second file for {lang}")
        strings = {s[0]: s for s in content.strings(lang)}
        if po.metadata.get("X-Stegvis-Source") != source_digest(strings.values()):
            raise Refused(f"{po_path} was exported from another version of the Swedish source. "
                          f"Export {lang} again and carry the translations over to the new file.")
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgctxt not in strings:
                raise Refused(f"{po_path}: unknown string {entry.msgctxt!r}")
            if entry.msgid != strings[entry.msgctxt][1]:
                raise Refused(f"{po_path}: the Swedish source of {entry.msgctxt} differs from this version's")
            exported = exported_fingerprint(entry)
            if exported is None:
                raise Refused(f"{po_path}: {entry.msgctxt} has lost its \"Exported translation\" note. "
                              f"Export {lang} again and carry the translations over to the new file.")
            if entry.msgstr.strip() and placeholders(entry.msgstr) != placeholders(entry.msgid):
                raise Refused(f"{po_path}: {entry.msgctxt} must keep the placeholders {', '.join(placeholders(entry.msgid)) or '(none)'}")
            moved = exported != fingerprint(strings[entry.msgctxt][2])
            touched = fingerprint(entry.msgstr) != exported or "fuzzy" not in entry.flags
            if moved and touched:
                raise Refused(f"{po_path}: {entry.msgctxt} changed in content/ after this file was exported. "
                              f"Export {lang} again and carry the translations over to the new file.")
        parsed.append((lang, raw, po, strings))
    # A change elsewhere that was not recorded would make the recording below
    # fail after files were written: refuse first.
    unrecorded = subprocess.run([sys.executable, str(content.root / "scripts" / "instrument-hashes.py"), "--check"],
                                capture_output=True, text=True)
    if unrecorded.returncode != 0:
        raise Refused(f"the instrument hashes do not match content/ before the import: {unrecorded.stderr.strip()}")
    files, results, sidecars = {}, [], {}
    for lang, raw, po, strings in parsed:
        sidecar = sidecars[lang] = content.sidecar(lang)
        review = f"reviews/{lang}-{hashlib.sha256(raw).hexdigest()[:12]}.po"
        changed, reviewed = [], []
        for entry in po:
            # An untouched entry whose string has changed in content/ since the
            # export is left alone: the file must not undo a newer translation.
            stale = exported_fingerprint(entry) != fingerprint(strings[entry.msgctxt][2])
            if entry.obsolete or not entry.msgstr.strip() or stale:
                continue
            key, source, text, _note, file, path, _p = strings[entry.msgctxt]
            if entry.msgstr != text:
                doc = files.setdefault(file, read_json(file))
                node = doc
                for p in path[:-1]:
                    node = node[p]
                node[path[-1]] = entry.msgstr
                changed.append(key)
                sidecar["strings"].pop(key, None)
            if "fuzzy" not in entry.flags:
                sidecar["strings"][key] = {"status": "reviewed", "source": source, "text": entry.msgstr, "review": review}
                reviewed.append(key)
        results.append({"language": lang, "changed": changed, "reviewed": reviewed, "raw": raw, "review": review})
    bumped = bump_versions(content, {f for f in files if f.parent.parent == content.instruments}, files)
    for file, doc in files.items():
        write_json(file, doc)
    for r in results:
        lang = r["language"]
        if r["reviewed"]:
            (content.sidecars / "reviews").mkdir(parents=True, exist_ok=True)
            (content.sidecars / r.pop("review")).write_bytes(r["raw"])
        if r["changed"] or r["reviewed"]:
            sidecars[lang]["strings"] = dict(sorted(sidecars[lang]["strings"].items()))
            write_json(content.sidecars / f"{lang}.json", sidecars[lang])
        set_file_statuses(content, lang)
        r.pop("raw")
        r.pop("review", None)
    if bumped:
        record = subprocess.run([sys.executable, str(content.root / "scripts" / "instrument-hashes.py"), "--record"],
                                capture_output=True, text=True)
        if record.returncode != 0:
            raise Refused(f"recording the new instrument hashes failed: {record.stderr.strip()}")
    return {"languages": results, "bumped": bumped}


def bump_versions(content, translation_files, pending):
    """Raises the version of every instrument whose translation text changed
    (docs/instruments.md: every recorded version may be in use), and keeps its
    whole definition under content/instruments/released/ so a device can still
    sign, and an evaluator still verify, answers given to it."""
    hashes = read_json(content.root / "content" / "instrument-hashes.json")
    bumped = []
    for iid in sorted({f.stem for f in translation_files}):
        source_file = content.instruments / f"{iid}.json"
        source = read_json(source_file)
        key = f"{iid}@{source['version']}"
        if key not in hashes:
            continue  # raised by hand and not recorded yet
        translations = {}
        for tr_file in sorted(content.instruments.glob(f"*/{iid}.json")):
            tr = read_json(tr_file)
            tr.pop("status", None)
            translations[tr_file.parent.name] = tr
        write_json(content.instruments / "released" / f"{key}.json",
                   {"id": iid, "version": source["version"], "hash": hashes[key],
                    "source": source, "translations": translations})
        version = source["version"] + 1
        # Only the number changes: the Swedish source keeps its hand-made layout.
        text, n = re.subn(r'("version"\s*:\s*)\d+', lambda m: f"{m.group(1)}{version}", source_file.read_text(encoding="utf-8"), count=1)
        assert n == 1 and json.loads(text)["version"] == version, source_file
        source_file.write_text(text, encoding="utf-8")
        for tr_file in sorted(content.instruments.glob(f"*/{iid}.json")):
            doc = pending.setdefault(tr_file, read_json(tr_file))
            doc["version"] = version
        bumped.append(f"{iid}@{version}")
    return bumped


def file_status(content, lang, file, sidecar):
    statuses = [content.status(lang, key, text, sidecar) for key, _s, text, _n, f, _p, _x in content.strings(lang)
                if f == file]
    return min(statuses, key=STATUSES.index) if statuses else "draft"


def set_file_statuses(content, lang):
    sidecar = content.sidecar(lang)
    for file in sorted({s[4] for s in content.strings(lang)}):
        doc = read_json(file)
        status = file_status(content, lang, file, sidecar)
        if doc.get("status") != status:
            doc["status"] = status
            write_json(file, doc)


def record(content, result):
    lang = result["language"]
    current = {s[0]: s[2] for s in content.strings(lang)}
    sidecar = content.sidecar(lang)
    for row in result["strings"]:
        key = row["key"]
        if current.get(key) != row["text"]:
            raise Refused(f"{key}: the translation has changed since it was back-translated")
        if not row["back"].strip():
            raise Refused(f"{key}: no back-translation")
        if sidecar["strings"].get(key, {}).get("status") == "reviewed":
            continue  # a translator's review outranks a back-translation
        entry = {"status": "back-translated" if row["matches"] else "draft", "source": content.source_of(lang, key),
                 "text": row["text"], "back": row["back"]}
        if row.get("remarks"):
            entry["remarks"] = row["remarks"]
        sidecar["strings"][key] = entry
    if result.get("notes"):
        sidecar["notes"] = result["notes"]
    sidecar["strings"] = dict(sorted(sidecar["strings"].items()))
    write_json(content.sidecars / f"{lang}.json", sidecar)
    set_file_statuses(content, lang)


def check(content):
    """Every non-draft status is backed: a back-translated string by its
    back-translation, a reviewed one by an imported review file that confirms
    that very text; and every file's status is the weakest of its strings'."""
    import polib

    problems = []
    for lang in LANGUAGES:
        sidecar = content.sidecar(lang)
        strings = {s[0]: s for s in content.strings(lang)}
        for key, entry in sidecar["strings"].items():
            where = f"content/translations/{lang}.json: {key}"
            if key not in strings:
                problems.append(f"{where}: no such string")
                continue
            if entry["status"] not in STATUSES:
                problems.append(f"{where}: status {entry['status']!r}")
            if entry["status"] != "reviewed" and not entry.get("back", "").strip():
                problems.append(f"{where}: {entry['status']} without a back-translation")
            if entry["status"] == "reviewed":
                review = content.sidecars / entry.get("review", "")
                confirmed = review.is_file() and any(
                    e.msgctxt == key and e.msgid == entry.get("source") and e.msgstr == entry["text"] and "fuzzy" not in e.flags
                    for e in polib.pofile(review.read_text(encoding="utf-8")))
                if not confirmed:
                    problems.append(f"{where}: reviewed, but no imported review file confirms this text")
        for file in sorted({s[4] for s in strings.values()}):
            want = file_status(content, lang, file, sidecar)
            have = read_json(file).get("status")
            if have != want:
                problems.append(f"{file.relative_to(content.root)}: status {have!r}, its strings say {want!r}")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="write a language's strings as a PO file")
    e.add_argument("language", choices=LANGUAGES)
    e.add_argument("-o", "--output", help="file to write (default: stdout)")
    i = sub.add_parser("import", help="take translators' PO files back (one a language)")
    i.add_argument("files", nargs="+")
    r = sub.add_parser("record", help="record a back-translation pass")
    r.add_argument("file")
    sub.add_parser("check", help="check that every status is backed")
    parser.add_argument("--root", default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    content = Content(args.root)
    if args.command == "export":
        text = str(export(content, args.language))
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return 0
    if args.command == "import":
        try:
            result = import_po(content, *args.files)
        except Refused as refusal:
            print(f"refused, nothing changed: {refusal}", file=sys.stderr)
            return 1
        for r in result["languages"]:
            print(f"{r['language']}: {len(r['changed'])} changed, {len(r['reviewed'])} reviewed")
        if result["bumped"]:
            print(f"new instrument versions: {', '.join(result['bumped'])}")
        return 0
    if args.command == "record":
        try:
            record(content, read_json(Path(args.file)))
        except Refused as refusal:
            print(f"{args.file}: refused: {refusal}", file=sys.stderr)
            return 1
        return 0
    problems = check(content)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
