# Passerelle's task runner. The README's two commands are `make run` and `make test`;
# `make bench` prints the sync benchmark's figures.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export PATH := $(CURDIR)/tools/bin:$(PATH)
APP := $(CARGO_TARGET_DIR)/debug/passerelle-app
RUST_TEST_CRATES := -p passerelle-core -p sim-kit -p twilio-sim -p passerelle-cli

.PHONY: run test setup-test build-app test-self-contained test-rust test-ui test-fidelity test-e2e test-export bench

## Build and open the desktop app (installs the system packages Tauri needs when missing).
run:
	tests/setup.sh app
	cargo build -p passerelle-app
	$(APP)

## Everything CI runs: Rust tests (core, simulator, CLI; keychain tests against a real
## Secret Service), the UI's unit tests (Node, a fake DOM and a fake backend), the simulator's
## fidelity tests with Twilio's Python SDK, and the end-to-end tests of the real window under
## Xvfb through WebDriver. First of all, a check that no tracked file reaches outside the
## repository (a clone must pass with nothing beside it).
test: test-self-contained setup-test build-app test-rust test-ui test-export test-fidelity test-e2e
	@echo "All Passerelle test suites passed."

test-self-contained:
	python3 tests/self_contained.py --self-test
	python3 tests/self_contained.py

setup-test:
	tests/setup.sh test

build-app:
	cargo build -p passerelle-app

test-rust:
	tests/with-keyring.sh cargo test $(RUST_TEST_CRATES)

## The UI's unit tests: Node's own test runner (Node 18 or later), no npm package.
test-ui:
	node --test ui/tests/*.test.js

## The exports as a person opens them: the HTML folder in headless Chromium (index, offline
## search, hostile text shown as text, a screenshot), the PDF through poppler (text, pages).
test-export:
	tests/export/run.sh

test-fidelity:
	tests/fidelity/run.sh

test-e2e: build-app
	tests/with-keyring.sh xvfb-run -a tests/e2e/run.sh

## The sync benchmark against a 1M-message simulator (takes several minutes; prints figures).
bench:
	tests/setup.sh test
	tests/bench/run.sh
