#!/usr/bin/env bash
# Installs what Stegvis needs to build and test, and only what is missing.
# Safe to rerun: each step checks first and says what it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    say "installing Debian packages needs root: run this as root, or install sudo" >&2
    exit 1
  fi
}

# Debian packages: Node.js for the test tooling, Chromium and its driver for
# the browser tests (test tools cannot download their own browser here).
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
# Debian's python3 makes virtual environments only with python3-venv.
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
# Rust crates with build scripts need a C linker.
command -v cc >/dev/null || missing+=(build-essential)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
# The participant's path in Safari's engine and in Firefox (e2e/engines.test.mjs):
# WebKitGTK's WebDriver with its MiniBrowser, run under Xvfb, and Firefox ESR.
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
# gettext's msgfmt checks the translators' PO files as Poedit and Weblate read them.
command -v msgfmt >/dev/null || missing+=(gettext)
# GNU time: the benchmark reads the command line's peak memory from it.
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  say "Rust from rustup is missing: install it (https://rustup.rs) and run this again." >&2
  exit 1
fi

# The end-to-end tooling (playwright-core) needs Node.js 20 or later.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js $node_major is too old: the tests need Node.js 20 or later." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the release build compiles it for the
# wasm with panics that stop at once (scripts/build.sh says why). Without it
# the release build still works, only larger.
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "installing the Rust component rust-src"
  rustup component add rust-src || say "rust-src could not be installed: the release wasm will be about 10 % larger" >&2
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli must be exactly the version in Cargo.lock. No --locked:
# its own lock file names a crate version that crates.io no longer has.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi

# npm tools (binaryen's wasm-opt, terser for the release JavaScript, playwright-core, axe, jose for checking bundles
# with an independent JOSE implementation) exactly as locked.
if ! cmp -s package-lock.json node_modules/.stegvis-installed-lock 2>/dev/null; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.stegvis-installed-lock
fi

# Python test tools (frictionless, to validate the evaluator's exported data
# package independently of the app; duckdb for the README's example of loading
# it) in .venv, exactly as pinned with hashes. The venv is made again whenever
# requirements-test.txt changes: .venv keeps the hash of the file it was made
# from, written only once everything installed.
requirements=$(sha256sum requirements-test.txt | cut -d' ' -f1)
if [ "$(cat .venv/.stegvis-requirements 2>/dev/null)" != "$requirements" ] \
  || ! .venv/bin/python -c '' 2>/dev/null; then
  pins=$(grep -E '^(frictionless|duckdb|polib)==' requirements-test.txt | cut -d' ' -f1 | paste -sd' ')
  say "installing $pins and what they need in .venv from requirements-test.txt"
  python3 -m venv --clear .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
  echo "$requirements" > .venv/.stegvis-requirements
fi

# Trunk is pinned to wasm-opt version_132 and takes the first wasm-opt on
# PATH; make sure that is binaryen 132 from node_modules, never Debian's 108.
if [ "$(command -v wasm-opt)" != "$PWD/node_modules/.bin/wasm-opt" ] \
  || ! wasm-opt --version | grep -q '(version_132)'; then
  say "wasm-opt on PATH is not binaryen 132 from node_modules" >&2
  exit 1
fi

say "ready"
