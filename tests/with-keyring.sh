#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with an unlocked gnome-keyring, so that tests use
# a real Secret Service (the OS keychain Passerelle stores secrets in) on a headless machine.
# It also gives the command private XDG data/config/runtime folders: nothing the tests write
# (keyrings, the app's store, the archive) lands in the user's real profile.
# Usage: tests/with-keyring.sh <command> [args...]
set -euo pipefail
if [ -z "${PASSERELLE_KEYRING_INNER:-}" ]; then
  base="$(cd "$(dirname "$0")/.." && pwd)/.e2e-tmp"
  mkdir -p "$base"
  tmp="$(mktemp -d -p "$base" keyring.XXXXXX)"
  export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
  mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  export PASSERELLE_KEYRING_INNER=1 PASSERELLE_TEST_KEYRING=1
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  rm -rf "$tmp"
  exit "$status"
fi
# Inside the session: the password only unlocks this throwaway keyring.
printf '%s' passerelle-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
status=0
"$@" || status=$?
# gnome-keyring-daemon outlives the bus otherwise; stop only the one of this session (other
# sessions may run side by side), recognised by the bus address in its environment.
for pid in $(pgrep -x gnome-keyring-d || true); do
  # grep without -q reads to the end (an early exit would SIGPIPE tr under pipefail).
  if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -xF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS" >/dev/null; then
    kill "$pid" 2>/dev/null || true
  fi
done
exit "$status"
