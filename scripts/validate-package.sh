#!/usr/bin/env bash
# Validates a Frictionless Data Package (such as the evaluator's export) with
# frictionless from .venv (scripts/setup.sh installs it), independently of the
# app: `scripts/validate-package.sh <dir>` checks <dir>/datapackage.json and
# every table it names, and exits non-zero with the validator's report on any
# error.
set -euo pipefail
frictionless="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/frictionless"
dir=${1:?usage: scripts/validate-package.sh <folder with datapackage.json>}

if [ ! -x "$frictionless" ]; then
  echo "validate-package: $frictionless is missing: run scripts/setup.sh" >&2
  exit 2
fi
if [ ! -f "$dir/datapackage.json" ]; then
  echo "validate-package: $dir/datapackage.json does not exist" >&2
  exit 2
fi
# From the package's folder, so the tables' relative paths resolve there.
if report=$(cd "$dir" && COLUMNS=${COLUMNS:-160} "$frictionless" validate datapackage.json 2>&1); then
  echo "validate-package: $dir/datapackage.json and its tables are valid"
else
  printf '%s\n' "$report" >&2
  echo "validate-package: $dir/datapackage.json is not valid (report above)" >&2
  exit 1
fi
