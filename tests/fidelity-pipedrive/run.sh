#!/usr/bin/env bash
# Fidelity test of the Pipedrive simulator: Pipedrive's official Node client (npm `pipedrive`,
# pinned in package-lock.json) reads persons, deals and leads and writes notes against the
# `pipedrive-sim` binary. Installs the client here with `npm ci` when missing or outdated.
# Extra arguments go to `node --test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build -q -p pipedrive-sim --bin pipedrive-sim
export PIPEDRIVE_SIM_BIN="$CARGO_TARGET_DIR/debug/pipedrive-sim"
cd "$here"
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
exec node --test "$@" client.test.mjs
