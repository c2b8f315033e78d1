#!/usr/bin/env bash
# Runs the end-to-end tests of the real window. Expects an X display and a D-Bus session
# (run it as `tests/with-keyring.sh xvfb-run -a tests/e2e/run.sh`), tauri-driver on PATH or in
# tools/bin, and the app built at ${CARGO_TARGET_DIR:-target}/debug/passerelle-app.
# Screenshots of each checked screen land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
if [ -z "${DISPLAY:-}" ]; then
  echo "tests/e2e/run.sh: no X display; run it under xvfb-run -a" >&2
  exit 2
fi
export PATH="$PATH:$repo/tools/bin"
python="$repo/.venv/bin/python"
[ -x "$python" ] || python=python3
mkdir -p artifacts/e2e .pytest-tmp
# Arguments select tests (e.g. tests/e2e/test_first_run.py -x); default: the whole suite.
[ $# -gt 0 ] || set -- tests/e2e
# The whole suite is bounded: a WebDriver session that never opens must not hang CI.
exec timeout --signal=TERM --kill-after=30 1200 \
  "$python" -m pytest -q -rs -p no:cacheprovider --basetemp="$repo/.pytest-tmp/e2e" "$@"
