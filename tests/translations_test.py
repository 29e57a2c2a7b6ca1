"""The translator's workflow (scripts/translations.py) on a copy of the content:
export to PO, what gettext's own tools make of it, and import back.

Run by scripts/test.sh as `.venv/bin/python -m unittest tests/translations_test.py`."""
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import polib  # noqa: E402
import translations as t  # noqa: E402


def tree(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        shutil.copytree(ROOT / "content", self.dir / "content")
        shutil.copytree(ROOT / "scripts", self.dir / "scripts")
        self.content = t.Content(self.dir)
        self.before = tree(self.dir)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def export(self, lang):
        path = self.dir / f"{lang}.po"
        path.write_text(str(t.export(self.content, lang)) + "\n", encoding="utf-8")
        return path

    def edit(self, path, change):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            change(entry)
        po.save(str(path))

    def test_every_language_exports_a_po_file_gettext_accepts(self):
        for lang in t.LANGUAGES:
            path = self.export(lang)
            run = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            po = polib.pofile(str(path))
            keys = {e.msgctxt for e in po}
            # Every participant-facing text of the app and of the instruments is in it.
            self.assertIn("ui:survey.skip", keys)
            self.assertIn("skola-karna:scales.inte-alls-helt.points.1", keys)
            self.assertIn("bakgrund:scales.kon.points.3", keys)
            self.assertEqual(len(keys), len(po), "one entry per key")
            for e in po:
                self.assertEqual(e.msgid, next(s[1] for s in self.content.strings(lang) if s[0] == e.msgctxt))
                # Nothing is reviewed yet, so every string is marked for the translator.
                self.assertIn("fuzzy", e.flags, e.msgctxt)
                self.assertRegex(e.comment, r"Status: (draft|back-translated)\.")

    def test_an_unchanged_file_changes_nothing_even_rewrapped_by_gettext(self):
        path = self.export("ar")
        # msgcat rewraps long lines as Poedit and Weblate do.
        wrapped = self.dir / "ar-wrapped.po"
        subprocess.run(["msgcat", "--width=40", "-o", str(wrapped), str(path)], check=True)
        self.assertNotEqual(path.read_text(encoding="utf-8"), wrapped.read_text(encoding="utf-8"))
        result = t.import_po(self.content, wrapped)
        self.assertEqual(result, {"languages": [{"language": "ar", "changed": [], "reviewed": []}], "bumped": []})
        self.assertEqual(tree(self.dir), self.before)

    def test_only_confirmed_strings_become_reviewed(self):
        path = self.export("fa")
        confirm = {"ui:survey.next", "kaa-steg:items.framtiden.text"}

        def change(e):
            if e.msgctxt in confirm:
                e.flags.remove("fuzzy")
            if e.msgctxt == "ui:survey.skip":
                e.msgstr = "پرش از این سؤال"  # changed, but left marked as needing work

        self.edit(path, change)
        result = t.import_po(self.content, path)
        self.assertEqual(set(result["languages"][0]["reviewed"]), confirm)
        self.assertEqual(result["languages"][0]["changed"], ["ui:survey.skip"])
        self.assertEqual(result["bumped"], [], "no instrument text changed")
        side = self.content.sidecar("fa")["strings"]
        self.assertEqual({k for k, v in side.items() if v["status"] == "reviewed"}, confirm)
        self.assertNotIn("ui:survey.skip", side, "a changed draft is a draft")
        ui = json.loads((self.dir / "content/ui/fa.json").read_text(encoding="utf-8"))
        self.assertEqual(ui["strings"]["survey.skip"], "پرش از این سؤال")
        self.assertEqual(ui["status"], "draft", "a file is reviewed only when all its strings are")
        self.assertTrue((self.content.sidecars / side["ui:survey.next"]["review"]).is_file())
        self.assertEqual(t.check(self.content), [])
        # A second export shows the reviewed strings as done.
        again = polib.pofile(str(self.export("fa")))
        self.assertEqual({e.msgctxt for e in again if "fuzzy" not in e.flags}, confirm)

    def test_a_file_becomes_reviewed_when_every_string_is_confirmed(self):
        path = self.export("fi")
        self.edit(path, lambda e: e.flags.remove("fuzzy") if e.msgctxt.startswith("maende:") else None)
        t.import_po(self.content, path)
        doc = json.loads((self.dir / "content/instruments/fi/maende.json").read_text(encoding="utf-8"))
        self.assertEqual(doc["status"], "reviewed")
        ui = json.loads((self.dir / "content/ui/fi.json").read_text(encoding="utf-8"))["status"]
        self.assertNotEqual(ui, "reviewed", "the app's words were not confirmed")
        self.assertEqual(t.check(self.content), [])

    def test_a_changed_instrument_text_raises_the_version_and_keeps_the_released_one(self):
        hashes = json.loads((self.dir / "content/instrument-hashes.json").read_text(encoding="utf-8"))
        version = json.loads((self.dir / "content/instruments/skola-karna.json").read_text(encoding="utf-8"))["version"]
        key = "skola-karna:scales.inte-alls-helt.points.1"
        old = next(s[2] for s in self.content.strings("ti") if s[0] == key)
        path = self.export("ti")
        self.edit(path, lambda e: setattr(e, "msgstr", old + " ፈጺሙ") if e.msgctxt == key else None)
        source = (self.dir / "content/instruments/skola-karna.json").read_text(encoding="utf-8")
        result = t.import_po(self.content, path)
        self.assertEqual(result["bumped"], [f"skola-karna@{version + 1}"])
        self.assertEqual((self.dir / "content/instruments/skola-karna.json").read_text(encoding="utf-8"),
                         source.replace(f'"version": {version}', f'"version": {version + 1}', 1),
                         "the Swedish source keeps its layout; only the version changes")
        for f in [self.dir / "content/instruments/skola-karna.json",
                  *(self.dir / "content/instruments").glob("*/skola-karna.json")]:
            if f.parent.name != "released":
                self.assertEqual(json.loads(f.read_text(encoding="utf-8"))["version"], version + 1, f)
        released = json.loads((self.dir / f"content/instruments/released/skola-karna@{version}.json")
                              .read_text(encoding="utf-8"))
        self.assertEqual(released["hash"], hashes[f"skola-karna@{version}"])
        self.assertEqual(released["translations"]["ti"]["scales"]["inte-alls-helt"]["points"]["1"], old)
        # The independent hash script agrees with what was recorded.
        check = subprocess.run([sys.executable, str(self.dir / "scripts/instrument-hashes.py"), "--check"],
                               capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stderr)
        # Every recorded version may be in use, so a second change raises it again.
        path = self.export("ti")
        self.edit(path, lambda e: setattr(e, "msgstr", old) if e.msgctxt == key else None)
        self.assertEqual(t.import_po(self.content, path)["bumped"], [f"skola-karna@{version + 2}"])
        self.assertTrue((self.dir / f"content/instruments/released/skola-karna@{version + 1}.json").is_file())

    def test_several_languages_at_once_raise_a_version_once_or_change_nothing(self):
        version = json.loads((self.dir / "content/instruments/maende.json").read_text(encoding="utf-8"))["version"]
        key = "maende:items.nere.text"
        files = [self.export(lang) for lang in ("fi", "uk")]
        for f in files:
            self.edit(f, lambda e: setattr(e, "msgstr", e.msgstr + " ") if e.msgctxt == key else None)
        broken = self.export("so")
        self.edit(broken, lambda e: setattr(e, "msgid", "x") if e.msgctxt == key else None)
        with self.assertRaises(t.Refused):
            t.import_po(self.content, *files, broken)
        self.assertEqual(tree(self.dir), self.before, "one refused file, nothing changed")
        result = t.import_po(self.content, *files)
        self.assertEqual(result["bumped"], [f"maende@{version + 1}"])
        self.assertEqual([r["changed"] for r in result["languages"]], [[key], [key]])

    def test_a_file_for_another_version_of_the_source_is_refused(self):
        path = self.export("uk")
        sv = self.dir / "content/ui/sv.json"
        doc = json.loads(sv.read_text(encoding="utf-8"))
        doc["strings"]["survey.next"] = "Fortsätt"
        sv.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.before = tree(self.dir)
        with self.assertRaisesRegex(t.Refused, "another version of the Swedish source"):
            t.import_po(self.content, path)
        self.assertEqual(tree(self.dir), self.before, "nothing is half-written")

    def test_a_file_with_a_changed_source_text_is_refused(self):
        path = self.export("so")
        self.edit(path, lambda e: setattr(e, "msgid", "Nästa sida") if e.msgctxt == "ui:survey.next" else None)
        with self.assertRaisesRegex(t.Refused, "ui:survey.next"):
            t.import_po(self.content, path)
        self.assertEqual(tree(self.dir), self.before)

    def test_a_back_translation_pass_marks_only_what_matched(self):
        text = {s[0]: s[2] for s in self.content.strings("so")}
        keys = [k for k in text if k.startswith("maende:")]
        rows = [{"key": k, "text": text[k], "back": f"tillbaka {i}", "matches": k != keys[0],
                 "remarks": "ambiguous" if k == keys[0] else ""} for i, k in enumerate(keys)]
        t.record(self.content, {"language": "so", "notes": ["masculine"], "strings": rows})
        side = self.content.sidecar("so")
        self.assertEqual(side["strings"][keys[0]]["status"], "draft")
        self.assertEqual({side["strings"][k]["status"] for k in keys[1:]}, {"back-translated"})
        self.assertEqual(side["notes"], ["masculine"])
        # A file is back-translated only when every one of its strings is.
        doc = lambda: json.loads((self.dir / "content/instruments/so/maende.json").read_text(encoding="utf-8"))
        self.assertEqual(doc()["status"], "draft")
        t.record(self.content, {"language": "so", "strings": [dict(rows[0], matches=True)]})
        self.assertEqual(doc()["status"], "back-translated")
        self.assertEqual(t.check(self.content), [])
        po = polib.pofile(str(self.export("so")))
        entry = next(e for e in po if e.msgctxt == keys[1])
        self.assertIn("Status: back-translated.", entry.comment)
        self.assertIn("Back-translation into Swedish: tillbaka 1", entry.comment)
        self.assertIn("fuzzy", entry.flags, "a back-translation is not a review")
        # A back-translation of other words than those shipped is refused.
        with self.assertRaisesRegex(t.Refused, "has changed"):
            t.record(self.content, {"language": "so", "strings": [dict(rows[1], text="något annat")]})
        # When the translation changes later, the string is a draft again.
        path = self.export("so")
        self.edit(path, lambda e: setattr(e, "msgstr", e.msgstr + "!") if e.msgctxt == keys[1] else None)
        t.import_po(self.content, path)
        self.assertEqual(doc()["status"], "draft")
        self.assertEqual(t.check(self.content), [])

    def test_an_old_file_never_undoes_a_newer_translation(self):
        key = "maende:items.nere.text"
        old_file = self.dir / "fi-old.po"
        shutil.copy(self.export("fi"), old_file)
        newer = self.export("fi")
        self.edit(newer, lambda e: setattr(e, "msgstr", e.msgstr + " (uusi)") if e.msgctxt == key else None)
        t.import_po(self.content, newer)
        self.before = tree(self.dir)
        # The translator's older file, untouched on that string: nothing goes back.
        result = t.import_po(self.content, old_file)
        self.assertEqual((result["languages"][0]["changed"], result["bumped"]), ([], []))
        self.assertEqual(tree(self.dir), self.before)
        # The same file with that string changed or confirmed: refused, nothing written.
        for change in (lambda e: setattr(e, "msgstr", "toinen"), lambda e: e.flags.remove("fuzzy")):
            stale = self.dir / "stale.po"
            shutil.copy(old_file, stale)
            self.edit(stale, lambda e, change=change: change(e) if e.msgctxt == key else None)
            with self.assertRaisesRegex(t.Refused, "changed in content/ after this file was exported"):
                t.import_po(self.content, stale)
            self.assertEqual(tree(self.dir), self.before)

    def test_a_lost_placeholder_or_an_unrecorded_change_is_refused_before_anything_is_written(self):
        path = self.export("ar")
        self.edit(path, lambda e: setattr(e, "msgstr", "السؤال") if e.msgctxt == "ui:survey.progress" else None)
        with self.assertRaisesRegex(t.Refused, r"placeholders \{n\}, \{total\}"):
            t.import_po(self.content, path)
        self.assertEqual(tree(self.dir), self.before)
        # A text changed by hand without a new version: recording would fail after writing.
        f = self.dir / "content/instruments/en/utfall.json"
        f.write_text(f.read_text(encoding="utf-8").replace('"title": "', '"title": "X', 1), encoding="utf-8")
        self.before = tree(self.dir)
        path = self.export("fi")
        self.edit(path, lambda e: setattr(e, "msgstr", e.msgstr + "!") if e.msgctxt == "maende:items.nere.text" else None)
        with self.assertRaisesRegex(t.Refused, "do not match content/ before the import"):
            t.import_po(self.content, path)
        self.assertEqual(tree(self.dir), self.before)

    def test_a_status_lapses_when_the_swedish_changes(self):
        text = {s[0]: s[2] for s in self.content.strings("fi")}
        t.record(self.content, {"language": "fi", "strings": [
            {"key": k, "text": text[k], "back": "x", "matches": True} for k in text if k.startswith("maende:")]})
        self.assertEqual(t.check(self.content), [])
        src = self.dir / "content/instruments/maende.json"
        src.write_text(src.read_text(encoding="utf-8").replace("nere eller deppig", "nere", 1), encoding="utf-8")
        content = t.Content(self.dir)
        self.assertEqual(content.status("fi", "maende:items.nere.text", text["maende:items.nere.text"]), "draft")
        self.assertIn("maende.json: status 'back-translated', its strings say 'draft'",
                      " ".join(t.check(content)))

    def test_no_reviewed_status_without_an_imported_review(self):
        self.assertEqual(t.check(self.content), [])
        side = self.content.sidecar("en")
        text = next(s[2] for s in self.content.strings("en") if s[0] == "ui:survey.next")
        side["strings"]["ui:survey.next"] = {"status": "reviewed", "text": text, "review": "reviews/none.po"}
        t.write_json(self.content.sidecars / "en.json", side)
        self.assertTrue(any("no imported review file" in p for p in t.check(self.content)))
        # Setting a file's status by hand is caught too.
        f = self.dir / "content/instruments/en/maende.json"
        doc = json.loads(f.read_text(encoding="utf-8"))
        doc["status"] = "reviewed"
        f.write_text(json.dumps(doc), encoding="utf-8")
        self.assertTrue(any("maende.json: status 'reviewed'" in p for p in t.check(self.content)))


class Committed(unittest.TestCase):
    def test_the_committed_statuses_are_backed(self):
        self.assertEqual(t.check(t.Content(ROOT)), [])

    def test_nothing_committed_is_reviewed(self):
        # No qualified translator has reviewed a language yet; when one has,
        # this test goes with the imported file under content/translations/reviews/.
        content = t.Content(ROOT)
        for lang in t.LANGUAGES:
            side = content.sidecar(lang)["strings"]
            self.assertFalse([k for k, v in side.items() if v["status"] == "reviewed"], lang)


if __name__ == "__main__":
    unittest.main()
