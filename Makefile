# `make run` sets up what is missing, builds the app and serves it on 127.0.0.1.
# `make test` sets up what is missing and runs every test.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
PORT ?= 8080

.PHONY: run test setup build bench
run: build
	node scripts/serve.mjs dist $(PORT)

test: setup
	scripts/test.sh

# Both apps: the participant's at the root of dist/, staff and evaluator in dist/personal/.
build: setup
	scripts/build.sh --release

# The benchmark of the release build, side by side with SurveyJS, against the
# budgets in README "Performance budgets" (not part of `make test`).
# BENCH_RUNS, BENCH_ANSWERS, BENCH_BUNDLES, BENCH_IMPORT_SECONDS change its counts.
bench: build
	node bench/run.mjs

setup:
	scripts/setup.sh
