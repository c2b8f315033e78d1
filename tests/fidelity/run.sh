#!/usr/bin/env bash
# Fidelity tests of the Twilio simulator: Twilio's official Python SDK drives the `twilio-sim`
# binary and every JSON answer is validated against Twilio's OpenAPI specs, copied into the
# repository in tests/fidelity/twilio-oai (override with TWILIO_OAI_DIR).
# Extra arguments go to pytest (e.g. `tests/fidelity/run.sh -k paging`).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build -q -p twilio-sim --bin twilio-sim
export TWILIO_SIM_BIN="$CARGO_TARGET_DIR/debug/twilio-sim"
export TWILIO_OAI_DIR="${TWILIO_OAI_DIR:-$root/tests/fidelity/twilio-oai}"
if [ ! -d "$TWILIO_OAI_DIR" ]; then
  echo "Twilio's OpenAPI specs are missing: expected in $TWILIO_OAI_DIR" >&2
  exit 1
fi
py="$root/.venv/bin/python"
[ -x "$py" ] || python3 -m venv "$root/.venv"
"$py" -c "import twilio, openapi_core, pytest" 2>/dev/null ||
  "$py" -m pip install -q -r tests/fidelity/requirements.txt
mkdir -p "$root/.pytest-tmp"
exec "$py" -m pytest -q tests/fidelity -p no:cacheprovider --basetemp="$root/.pytest-tmp/fidelity" "$@"
