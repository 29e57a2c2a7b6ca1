#!/usr/bin/env python3
"""The README's example of loading the data package into DuckDB, run for real.

Given a package ZIP from `stegvis package` (or "Ladda ner datapaketet"), this
unpacks it into a temporary folder, runs there exactly the lines the README
shows (EXAMPLE below, also printed by --print), and checks what DuckDB finds
against the CSV files read with Python's csv module and against the counts
the command line reported (--answers, --participants). Exits 1 on any
mismatch. Run by scripts/cli-package-example.sh in `make test`, with the
duckdb pinned in requirements-test.txt:

    .venv/bin/python scripts/duckdb-example.py package.zip --answers 5000 --participants 500
"""

import argparse
import collections
import csv
import os
import sys
import tempfile
import zipfile

import duckdb

# What the README shows, word for word: run in the unpacked package's folder.
EXAMPLE = '''\
import duckdb

# Participant codes can be all digits: read them as text.
answers = duckdb.read_csv("answers.csv", dtype={"participant": "VARCHAR"})
wide = duckdb.read_csv("wide.csv", dtype={"participant": "VARCHAR"})
codebook = duckdb.read_csv("codebook.csv", dtype={"value": "VARCHAR"})

# Answers and participants per timepoint and gender.
per_group = duckdb.sql("""
    SELECT timepoint, gender, count(DISTINCT participant) AS participants, count(*) AS answers
    FROM answers GROUP BY ALL ORDER BY ALL
""")
per_group.show()

# One question from wide.csv (a row per participant and timepoint), with the
# words of its answers from the codebook.
future = duckdb.sql("""
    SELECT w.timepoint, c.label, count(*) AS participants
    FROM wide w JOIN codebook c
      ON c.variable = 'kaa_steg_framtiden' AND c.value = CAST(w.kaa_steg_framtiden AS VARCHAR)
    GROUP BY ALL ORDER BY ALL
""")
future.show()
'''

FILES = ["datapackage.json", "answers.csv", "wide.csv", "goals.csv", "codebook.csv"]
VARIABLE = "kaa_steg_framtiden"


def read_csv(folder, name):
    with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check(folder, ns, expected_answers, expected_participants):
    """What DuckDB found against the CSV files as text; returns the problems."""
    problems = []

    def same(what, got, want):
        if got != want:
            problems.append(f"{what}: found {got!r}, expected {want!r}")

    answers = read_csv(folder, "answers.csv")
    wide = read_csv(folder, "wide.csv")
    codebook = read_csv(folder, "codebook.csv")
    null = lambda v: v if v != "" else None  # noqa: E731 (an empty field is NULL in DuckDB)

    # The relations as read: every row, the participant codes unchanged.
    same("rows of answers.csv", ns["answers"].count("*").fetchall()[0][0], len(answers))
    same("rows of wide.csv", ns["wide"].count("*").fetchall()[0][0], len(wide))
    same("rows of codebook.csv", ns["codebook"].count("*").fetchall()[0][0], len(codebook))
    same(
        "participant codes in answers.csv",
        sorted(r[0] for r in ns["answers"].project("participant").distinct().fetchall()),
        sorted({r["participant"] for r in answers}),
    )

    # The GROUP BY, group by group.
    groups = collections.defaultdict(lambda: [set(), 0])
    for r in answers:
        g = groups[(r["timepoint"], null(r["gender"]))]
        g[0].add(r["participant"])
        g[1] += 1
    want = sorted(((t, g, len(p), n) for (t, g), (p, n) in groups.items()), key=lambda r: (r[0], r[1] or ""))
    got = sorted(ns["per_group"].fetchall(), key=lambda r: (r[0], r[1] or ""))
    same("answers and participants per timepoint and gender", got, want)
    same("answers in all groups", sum(r[3] for r in got), len(answers))

    # The join of wide.csv with the codebook.
    labels = {r["value"]: r["label"] for r in codebook if r["variable"] == VARIABLE}
    if not labels:
        problems.append(f"codebook.csv has no values for {VARIABLE}")
    joined = collections.Counter((r["timepoint"], labels[r[VARIABLE]]) for r in wide if r[VARIABLE] in labels)
    got = sorted(ns["future"].fetchall())
    same(f"{VARIABLE} per timepoint and label", got, sorted((t, l, n) for (t, l), n in joined.items()))
    # Each of those is an answer in answers.csv with the same words.
    in_answers = collections.Counter(
        (r["timepoint"], r["value_label"]) for r in answers if r["variable"] == VARIABLE and r["value"] != ""
    )
    same(f"{VARIABLE} in wide.csv against answers.csv", got, sorted((t, l, n) for (t, l), n in in_answers.items()))
    if not got:
        problems.append(f"no answers to {VARIABLE}: the example shows nothing")

    # What the command line reported.
    if expected_answers is not None:
        same("answers (as the command line reported)", len(answers), expected_answers)
    if expected_participants is not None:
        same("participants (as the command line reported)", len({r["participant"] for r in answers}), expected_participants)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", help="the data package ZIP")
    parser.add_argument("--answers", type=int, help="answers the command line reported")
    parser.add_argument("--participants", type=int, help="participants the command line reported")
    parser.add_argument("--print", action="store_true", help="print the README's example and stop")
    args = parser.parse_args()
    if args.print:
        print(EXAMPLE, end="")
        return 0
    if not args.package:
        parser.error("the package ZIP is needed")

    with tempfile.TemporaryDirectory(prefix="stegvis-duckdb-") as folder:
        with zipfile.ZipFile(args.package) as z:
            names = z.namelist()
            missing = [n for n in FILES if n not in names]
            if missing:
                print(f"duckdb-example: {args.package} lacks {', '.join(missing)}", file=sys.stderr)
                return 1
            z.extractall(folder)
        here = os.getcwd()
        os.chdir(folder)
        try:
            ns = {}
            exec(compile(EXAMPLE, "README example", "exec"), ns)
            problems = check(folder, ns, args.answers, args.participants)
        finally:
            os.chdir(here)

    for p in problems:
        print(f"duckdb-example: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"duckdb-example: the README's example agrees with the CSV files (duckdb {duckdb.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
