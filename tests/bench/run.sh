#!/usr/bin/env bash
# The sync benchmark (`make bench`): builds the release binaries (passerelle, twilio-sim,
# passerelle-bench) and runs one side-by-side measurement against a 1M-message simulator.
# Prints a table of figures and ratios against the targets; never fails on a missed target.
# Extra arguments go to passerelle-bench (e.g. --messages 100000 --skip-sdk).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -p passerelle-cli -p twilio-sim --bins
python=.venv/bin/python
if [ ! -x "$python" ]; then
  echo "The Python venv is missing: run tests/setup.sh test first." >&2
  echo "L'environnement Python est absent : lancez d'abord tests/setup.sh test." >&2
  exit 1
fi
bench() {
  "$CARGO_TARGET_DIR/release/passerelle-bench" \
    --sim-bin "$CARGO_TARGET_DIR/release/twilio-sim" \
    --passerelle-bin "$CARGO_TARGET_DIR/release/passerelle" \
    --python "$python" --sdk-peer tests/bench/sdk_peer.py "$@"
}
if [ $# -gt 0 ]; then
  bench "$@"
else
  # The targets hold at two sizes: 200k messages (no latency runs), then 1M (every run).
  bench --messages 200000 --contacts 20000 --skip-latency
  bench
fi
