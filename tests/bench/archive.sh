#!/usr/bin/env bash
# The reading-side benchmarks (`make bench`, after the sync one): a 1M-message archive made by
# `sync_bench`, then the archive (status, search, insights, notes, exports), the inbox (first
# page, deep page, long thread; then the real window until its first rows are painted) and
# the "Move my number" completeness check (no latency, then 100 ms per request). Prints figures; never fails on a missed target.
# Extra arguments: MESSAGES (default 1000000).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
messages="${1:-1000000}"
cargo build --release -p twilio-sim -p passerelle-core \
  --example sync_bench --example archive_bench --example inbox_bench --example completeness_bench
bin="$CARGO_TARGET_DIR/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== archive of $messages messages (sync_bench)"
"$bin/examples/sync_bench" --sim "$bin/twilio-sim" --messages "$messages" --no-bare --keep "$work/archive.db"
echo "== archive: status, search, insights, notes, exports (archive_bench)"
"$bin/examples/archive_bench" --db "$work/archive.db" --notes 20000
echo "== inbox: first page, deep page, long thread (inbox_bench)"
"$bin/examples/inbox_bench" --db "$work/archive.db"
echo "== inbox in the real window: first rows painted (paint.py, release app under Xvfb)"
cargo build --release -p passerelle-app
for mode in "" --no-gl-compositing; do
  tests/with-keyring.sh xvfb-run -a .venv/bin/python tests/bench/paint.py --db "$work/archive.db" \
    --app "$bin/passerelle-app" $mode
done
echo "== Move my number: completeness check (completeness_bench)"
"$bin/examples/completeness_bench" --sim "$bin/twilio-sim" --messages "$messages"
