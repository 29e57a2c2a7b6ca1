#!/usr/bin/env bash
# Every test: core natively, platform in headless Chromium, a release build of both apps,
# and end-to-end tests with axe against the built app on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n==> %s\n' "$*"; }

step "core and native tools: cargo test --workspace (native)"
cargo test --locked --workspace

step "command line on generated bundles, and the README's DuckDB example on its package"
scripts/cli-package-example.sh

step "instrument hashes, computed independently in Python"
python3 scripts/instrument-hashes.py --check

step "translations: statuses backed, PO export and import round trip (scripts/translations.py)"
.venv/bin/python scripts/translations.py check
.venv/bin/python -m unittest -v tests/translations_test.py

step "platform: wasm-bindgen-test in headless Chromium"
for t in tests/platform_*.rs; do
  cargo test --locked --target wasm32-unknown-unknown --test "$(basename "$t" .rs)"
done

step "release build: both apps, content, CSP and service worker (scripts/build.sh --release)"
scripts/build.sh --release

step "end-to-end: Playwright and axe in headless Chromium"
# A hang fails instead of holding up the run: node 20 applies --test-timeout
# to each file as a whole (the slowest, durability, takes about 3 minutes),
# and the whole step stops after 40 minutes (it takes about 8).
timeout --kill-after=30s 40m node --test --test-concurrency=1 --test-timeout=600000 e2e/*.test.mjs

step "all tests passed"
