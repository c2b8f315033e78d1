# Passerelle's task runner. The README's two commands are `make run` and `make test`;
# `make bench` prints every benchmark's figures; `make package` builds the Debian package.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export PATH := $(CURDIR)/tools/bin:$(PATH)
APP := $(CARGO_TARGET_DIR)/debug/passerelle-app
RUST_TEST_CRATES := -p passerelle-core -p sim-kit -p twilio-sim -p pipedrive-sim -p passerelle-cli

.PHONY: run test setup-test build-app test-self-contained test-lint test-rust test-ui test-export test-fidelity test-fidelity-pipedrive test-e2e test-package package bench

## Build and open the desktop app (installs the system packages Tauri needs when missing).
run:
	tests/setup.sh app
	cargo build -p passerelle-app
	$(APP)

## Everything CI runs: Rust tests (core, simulator, CLI; keychain tests against a real
## Secret Service), the UI's unit tests (Node, a fake DOM and a fake backend), the exports
## checked in headless Chromium and through poppler, the simulators' fidelity tests with
## Twilio's Python SDK and Pipedrive's Node client, the end-to-end tests of the real window
## under Xvfb through WebDriver, and the Debian package (around the debug build: a release
## build would add minutes for no extra proof). First of all, a check that no
## tracked file reaches outside the repository (a clone must pass with nothing beside it).
test: test-self-contained setup-test build-app test-lint test-rust test-ui test-export test-fidelity test-fidelity-pipedrive test-e2e test-package
	@echo "All Passerelle test suites passed."

test-self-contained:
	python3 tests/self_contained.py --self-test
	python3 tests/self_contained.py

## The workspace's lints (Cargo.toml [workspace.lints]) as errors, and rustfmt's layout.
test-lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

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

## Pipedrive's official Node client (pinned, installed by the script with npm ci) against
## pipedrive-sim.
test-fidelity-pipedrive:
	tests/fidelity-pipedrive/run.sh

test-e2e: build-app
	tests/with-keyring.sh xvfb-run -a tests/e2e/run.sh

## The package's test: the .deb around the debug build, unpacked and checked, then started
## under Xvfb (screenshots in artifacts/package/), then upgraded in a private dpkg root over
## an archive the CLI made against the simulator.
test-package: build-app
	tests/setup.sh package
	cargo test $(RUST_TEST_CRATES) --no-run --quiet
	packaging/build-deb.sh debug
	tests/with-keyring.sh xvfb-run -a tests/package/test_package.sh

## The Debian package users install: release build, then Tauri's bundler (cold: a full release
## build, 23 min on a busy 2-core machine; no change: 5 s).
## Output: $(CARGO_TARGET_DIR)/release/bundle/deb/Passerelle_<version>_amd64.deb
package:
	tests/setup.sh package
	packaging/build-deb.sh release

## Every benchmark (prints figures, never fails on a missed target; about 25 minutes): the sync
## against a 1M-message simulator, then the archive, the inbox and the completeness check.
bench:
	tests/setup.sh test
	tests/bench/run.sh
	tests/bench/archive.sh
