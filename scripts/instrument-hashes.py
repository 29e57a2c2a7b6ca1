#!/usr/bin/env python3
"""Content hashes of the shipped instruments, computed independently of the
Rust core (the two must agree, which the test run checks).

The hash of an instrument is SHA-256 over the canonical JSON (RFC 8785: keys
sorted, no whitespace, UTF-8) of
  {"source": <content/instruments/<id>.json>,
   "translations": {<lang>: <content/instruments/<lang>/<id>.json without "status">}}

  scripts/instrument-hashes.py --check   compare with content/instrument-hashes.json
  scripts/instrument-hashes.py --record  add the hashes of new instrument versions
"""
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "instruments"
LOCK = ROOT / "content" / "instrument-hashes.json"


def canonical(value):
    # Keys here are ASCII ids, so code-point order equals RFC 8785's UTF-16 order.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hashes():
    out = {}
    for source_path in sorted(CONTENT.glob("*.json")):
        source = json.loads(source_path.read_text(encoding="utf-8"))
        translations = {}
        for tr_path in sorted(CONTENT.glob(f"*/{source_path.name}")):
            tr = json.loads(tr_path.read_text(encoding="utf-8"))
            tr.pop("status", None)
            translations[tr_path.parent.name] = tr
        whole = canonical({"source": source, "translations": translations})
        out[f"{source['id']}@{source['version']}"] = "sha256:" + hashlib.sha256(whole.encode("utf-8")).hexdigest()
    return out


def main(mode):
    recorded = json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}
    current = hashes()
    changed = {k: v for k, v in current.items() if k in recorded and recorded[k] != v}
    for key, value in changed.items():
        print(f"{key}: content changed but the version did not. Raise \"version\" in the source and in every "
              f"translation of {key.split('@')[0]}, then run this with --record.", file=sys.stderr)
    if changed:
        return 1
    new = {k: v for k, v in current.items() if k not in recorded}
    if mode == "--record":
        recorded.update(new)
        LOCK.write_text(json.dumps(dict(sorted(recorded.items())), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for key in new:
            print(f"recorded {key}")
        return 0
    if new:
        print(f"not recorded yet: {', '.join(new)} (run with --record)", file=sys.stderr)
        return 1
    print(f"instrument hashes: {len(current)} match content/instrument-hashes.json")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("--check", "--record"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
