#!/usr/bin/env bash
# The command line on generated bundles, then the README's DuckDB example on
# its data package (a step of scripts/test.sh; needs node_modules and .venv
# from scripts/setup.sh). 50 signed bundles from 5 devices (bench/import.mjs's
# generator): `stegvis verify` must take them all and count their answers,
# `stegvis package` must report the same, and scripts/duckdb-example.py must
# find those answers and participants in the package with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'cli-package-example: %s\n' "$*"; }
fail() { say "$*" >&2; exit 1; }

work=$(mktemp -d -t stegvis-cli-example-XXXXXX)
bundles=
trap 'rm -rf "$work" ${bundles:+"$bundles"}' EXIT

# The binary as `cargo test` built it (a no-op build when it is up to date).
stegvis() { cargo run --locked --quiet --bin stegvis -- "$@"; }

read -r bundles files answers responses < <(node scripts/example-bundles.mjs 50 5)
say "$files bundles with $answers answers ($responses questionnaires) in $bundles"

# verify: every file imported (new devices are flagged, not refused), and the
# answers of each file add up to what was generated.
stegvis verify --json "$bundles" > "$work/verify.jsonl" 2> "$work/verify.err" \
  || fail "stegvis verify exited $? on the generated bundles: $(cat "$work/verify.err")"
read -r lines imported counted < <(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  console.log(lines.length, lines.filter((l) => l.verdict === "imported").length, lines.reduce((n, l) => n + (l.answers ?? 0), 0));
' "$work/verify.jsonl")
[ "$lines" = "$files" ] && [ "$imported" = "$files" ] \
  || fail "stegvis verify: $imported of $lines lines imported, expected all $files files"
[ "$counted" = "$answers" ] || fail "stegvis verify counted $counted answers, the bundles hold $answers"

# package: the same files, the numbers it reports taken to the DuckDB check.
stegvis package "$bundles" --out "$work/package.zip" --created 2026-12-01T08:00:00.000Z 2> "$work/package.err" \
  || fail "stegvis package exited $?: $(cat "$work/package.err")"
summary=$(cat "$work/package.err")
[[ $summary =~ \(([0-9]+)\ svar,\ ([0-9]+)\ deltagare\) ]] || fail "no counts in stegvis package's report: $summary"
reported_answers=${BASH_REMATCH[1]}
participants=${BASH_REMATCH[2]}
[ "$reported_answers" = "$answers" ] || fail "stegvis package reported $reported_answers answers, the bundles hold $answers"
say "$summary"

.venv/bin/python scripts/duckdb-example.py "$work/package.zip" --answers "$reported_answers" --participants "$participants"

# The lines just run are the ones the README shows, word for word.
.venv/bin/python scripts/duckdb-example.py --print "$work/package.zip" > "$work/example.py"
python3 -c 'import sys; sys.exit(0 if open(sys.argv[1]).read().strip() in open("README.md").read() else 1)' "$work/example.py" \
  || fail "README.md does not show the example scripts/duckdb-example.py runs: copy it from --print"
say "README.md shows the example that ran"
