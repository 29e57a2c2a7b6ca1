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

# Trunk replaces its dist folder, so the root app goes first.
trunk build "${release[@]}" --dist "$dist" index.html
trunk build "${release[@]}" --dist "$dist/personal" personal.html
# The participant's sending module (crates/send), fetched only after Skicka in.
trunk build "${release[@]}" --dist "$dist/send" send.html
cargo run --locked --quiet --bin stegvis -- content "$dist"
node scripts/finish-build.mjs "$dist" "${release[@]}"
