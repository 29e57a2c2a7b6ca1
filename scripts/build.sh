#!/usr/bin/env bash
# Builds both apps into dist/: the participant's app at the root (what a
# participant's link opens), its sending module in dist/send/ (loaded after
# Skicka in) and the staff and evaluator app in dist/personal/; then the content files the participant's app fetches
# (checked by `stegvis content`, which fails naming the file and field of a
# bad content file), and last the CSP and the service worker.
# `scripts/build.sh --release` is the release build; without it, a debug one.
# DIST=<folder> builds into another folder than dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

dist="${DIST:-dist}"
release=()
[ "${1:-}" = "--release" ] && release=(--release)

# A release build compiles the standard library with the apps, with panics
# that stop the wasm at once instead of formatting a message nobody sees:
# the participant's wasm is 240 -> 217 KB gzip. These are unstable cargo and
# rustc options, allowed on the stable toolchain by RUSTC_BOOTSTRAP, for the
# wasm only (the native tools build as usual). Without rust-src (setup.sh
# installs it) the release build is as before.
wasm_env=()
if [ ${#release[@]} -gt 0 ] && [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  wasm_env=(RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Zunstable-options -Cpanic=immediate-abort")
elif [ ${#release[@]} -gt 0 ]; then
  echo "build.sh: rust-src is missing, so the wasm keeps the standard library's panic messages (about 10 % larger)" >&2
fi

# Trunk replaces its dist folder, so the root app goes first.
env "${wasm_env[@]}" trunk build "${release[@]}" --dist "$dist" index.html
env "${wasm_env[@]}" trunk build "${release[@]}" --dist "$dist/personal" personal.html
# The participant's sending module (crates/send), fetched only after Skicka in.
env "${wasm_env[@]}" trunk build "${release[@]}" --dist "$dist/send" send.html
cargo run --locked --quiet --bin stegvis -- content "$dist"
node scripts/finish-build.mjs "$dist" "${release[@]}"
