#!/usr/bin/env bash
# The Debian package's test: what a shop owner installs must hold the app, open it from the
# menu, depend on the WebKitGTK runtime only, and leave their archive, settings and keychain
# entry alone when a newer version is installed over it.
#
# Usage (what `make test-package` runs):
#   tests/with-keyring.sh xvfb-run -a tests/package/test_package.sh [PACKAGE.deb]
# (default: the one packaging/build-deb.sh debug made in ${CARGO_TARGET_DIR:-target}/debug/bundle/deb/)
# Needs an X display (xvfb-run), a Secret Service (tests/with-keyring.sh), and the simulator and
# CLI binaries (${CARGO_TARGET_DIR:-target}/debug/{twilio-sim,passerelle}, built with the Rust
# tests) to make a real archive for the upgrade check. Screenshots land in artifacts/package/.
# Nothing is installed on the machine: the package goes into a private dpkg root in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
bin_dir="${CARGO_TARGET_DIR:-$repo/target}/debug"
debs=("$bin_dir"/bundle/deb/*.deb)
deb="${1:-${debs[0]}}"
[ -f "$deb" ] || { echo "test_package.sh: no package; run packaging/build-deb.sh debug first" >&2; exit 2; }
deb="$(realpath "$deb")"
shots="$repo/artifacts/package"
identifier=$(python3 -c 'import json;print(json.load(open("tauri.conf.json"))["identifier"])')
version=$(python3 -c 'import json;print(json.load(open("tauri.conf.json"))["version"])')
[ -n "${DISPLAY:-}" ] || { echo "test_package.sh: no X display; run it under xvfb-run -a" >&2; exit 2; }

mkdir -p "$repo/.e2e-tmp" "$shots"
work="$(mktemp -d -p "$repo/.e2e-tmp" package.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
check() { # check "what it proves" command...
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# ---------------------------------------------------------------- control fields
field() { dpkg-deb -f "$deb" "$1"; }
depends="$(field Depends)"
depends_list=$(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/ //g' | grep -v '^$')
check "package is named passerelle" [ "$(field Package)" = passerelle ]
check "package version is tauri.conf.json's ($version)" [ "$(field Version)" = "$version" ]
check "architecture is amd64" [ "$(field Architecture)" = amd64 ]
check "depends on the WebKitGTK runtime (libwebkit2gtk-4.1-0)" grep -qx libwebkit2gtk-4.1-0 <<<"$depends_list"
check "depends on GTK 3 (libgtk-3-0)" grep -qx libgtk-3-0 <<<"$depends_list"
check "depends on no -dev package ($depends)" bash -c '! grep -q -- "-dev$" <<<"$1"' _ "$depends_list"
check "no maintainer scripts (nothing runs as root at install, nothing touches user data)" \
  bash -c '! dpkg-deb --ctrl-tarfile "$1" | tar -t | grep -qE "(pre|post)(inst|rm)$"' _ "$deb"

# ---------------------------------------------------------------- files
root="$work/unpacked"
dpkg-deb -x "$deb" "$root"
check "every file is under /usr (the package owns nothing in a home folder)" \
  bash -c '[ -z "$(dpkg-deb -c "$1" | awk "{print \$6}" | grep -vE "^(\./)?(usr(/|$)|$)")" ]' _ "$deb"
desktop="$root/usr/share/applications/Passerelle.desktop"
check "desktop entry installed in /usr/share/applications" [ -f "$desktop" ]
entry() { awk -v k="$1=" 'index($0, k) == 1 && !seen { print substr($0, length(k) + 1); seen = 1 }' "$desktop"; }
exe="$(entry Exec)"; icon="$(entry Icon)"; wm_class="$(entry StartupWMClass)"
check "desktop entry: Name=Passerelle" [ "$(entry Name)" = Passerelle ]
check "desktop entry: Type=Application, Terminal=false" \
  bash -c '[ "$1" = Application ] && [ "$2" = false ]' _ "$(entry Type)" "$(entry Terminal)"
check "desktop entry: Categories has Office or Network ($(entry Categories))" \
  grep -qE '(^|;)(Office|Network);' <<<"$(entry Categories)"
check "desktop entry: French comment" [ -n "$(entry 'Comment[fr]')" ]
check "desktop entry: Exec=$exe is the packaged binary" [ -x "$root/usr/bin/$exe" ]
for size in 32x32 128x128 512x512; do
  png="$root/usr/share/icons/hicolor/$size/apps/$icon.png"
  check "icon $size/apps/$icon.png is a ${size/x/ x } PNG" \
    bash -c 'file -b "$1" | grep -q "^PNG image data, ${2/x/ x }"' _ "$png" "$size"
done

# Every shared library the binary loads comes from a package Depends names, or one those pull in.
closure="$work/closure"
# shellcheck disable=SC2086
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances $depends_list 2>/dev/null | sed -n 's/^\([a-z0-9][^ ]*\)$/\1/p;s/^ *\(Pre\)\?Depends: \([^<]*\)$/\2/p' \
  | sed 's/:.*//' | sort -u > "$closure"
unprovided=""
for lib in $(objdump -p "$root/usr/bin/$exe" | awk '/NEEDED/{print $2}'); do
  # awk reads to the end: an early exit would SIGPIPE ldconfig, and pipefail would stop the script.
  path=$(ldconfig -p | awk -v l="$lib" '$1==l && /x86-64/ && !seen {print $NF; seen=1}')
  owner=$(dpkg -S "$(realpath "${path:-/nonexistent}")" 2>/dev/null | awk -F: 'NR==1{print $1}' || true)
  [ -z "$owner" ] && owner=$(dpkg -S "$path" 2>/dev/null | awk -F: 'NR==1{print $1}' || true)
  grep -qx "$owner" "$closure" || unprovided+=" $lib($owner)"
done
check "every library the binary needs comes with Depends${unprovided:+ — missing:$unprovided}" [ -z "$unprovided" ]

# ---------------------------------------------------------------- install, start, upgrade
# A private dpkg root: a real `dpkg -i` and then an upgrade, without touching this machine.
sys="$work/sys"
mkdir -p "$sys/var/lib/dpkg/info" "$sys/var/lib/dpkg/updates" "$sys/var/lib/dpkg/triggers"
touch "$sys/var/lib/dpkg/status" "$sys/var/lib/dpkg/available"
# --force-depends: the private root has none of the system's packages (WebKitGTK is checked above).
dpkg_private() {
  dpkg --root="$sys" --force-depends --force-not-root --force-script-chrootless "$@" >"$work/dpkg.log" 2>&1 \
    || { cat "$work/dpkg.log" >&2; return 1; }
}
installed_version() { dpkg-query --root="$sys" -W -f='${Version}' passerelle; }

# The user's folders, private to the test (tests/with-keyring.sh already gave a private keyring).
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" \
  XDG_CACHE_HOME="$work/home/.cache" LANG=C.UTF-8 LC_ALL=C.UTF-8
unset PASSERELLE_TWILIO_URL PASSERELLE_DB
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
data_dir="$XDG_DATA_HOME/$identifier"

# Starts the installed app, waits for its window to draw something, screenshots it, stops it.
start_and_screenshot() { # start_and_screenshot NAME
  local name="$1" log="$work/$1.log" win="" colours=0 previous=-1
  "$sys/usr/bin/$exe" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 60); do
    win=$(xwininfo -root -tree 2>/dev/null | awk '/"Passerelle"/ && !seen {print $1; seen=1}')
    if [ -n "$win" ]; then
      # A drawn page has antialiased text (well over 1,000 colours); a blank webview has one or two,
      # the header logo alone about 150.
      /usr/bin/import -window "$win" "$work/$name-window.png" 2>/dev/null || true
      colours=$(/usr/bin/identify -format '%k' "$work/$name-window.png" 2>/dev/null || echo 0)
      # Drawn, and the same as half a second ago: the page has finished filling in.
      [ "$colours" -gt 600 ] && [ "$colours" = "$previous" ] && break
      previous="$colours"
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  /usr/bin/import -window root "$shots/$name.png" 2>/dev/null || true
  check "$name: a window titled Passerelle opened" [ -n "$win" ]
  check "$name: the window drew its first screen ($colours colours)" [ "$colours" -gt 600 ]
  # Docks and menus tie the window to its desktop entry through StartupWMClass.
  check "$name: WM_CLASS matches the entry's StartupWMClass ($wm_class)" \
    bash -c 'xprop -id "$1" WM_CLASS 2>/dev/null | grep -q "\"$2\""' _ "${win:-0}" "$wm_class"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$failures" -gt 0 ]; then echo "--- app output ($name)"; tail -20 "$log"; fi
}

dpkg_private -i "$deb"
check "dpkg installs the package (version $version)" [ "$(installed_version)" = "$version" ]
start_and_screenshot first-start

# What a user has after a while: an archive with a saved connection (made by the CLI against
# the simulator), its secret in the keychain, and a chosen language.
if [ -x "$bin_dir/twilio-sim" ] && [ -x "$bin_dir/passerelle" ]; then
  "$bin_dir/twilio-sim" --messages 300 --contacts 20 >"$work/sim.json" 2>"$work/sim.log" &
  pids+=("$!")
  for _ in $(seq 50); do [ -s "$work/sim.json" ] && break; sleep 0.2; done
  sim() { python3 -c "import json,sys;print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])" "$work/sim.json" "$1"; }
  export PASSERELLE_TWILIO_URL="$(sim url)" TWILIO_ACCOUNT_SID="$(sim account_sid)" TWILIO_AUTH_TOKEN="$(sim auth_token)"
  "$bin_dir/passerelle" --db "$data_dir/passerelle.db" connect >"$work/connect.log" 2>&1 \
    && "$bin_dir/passerelle" --db "$data_dir/passerelle.db" sync >"$work/sync.log" 2>&1 \
    || { fail "making an archive with the CLI"; tail -5 "$work/connect.log" "$work/sync.log"; }
  unset TWILIO_AUTH_TOKEN PASSERELLE_TWILIO_URL
else
  fail "twilio-sim and passerelle are not built in $bin_dir (cargo test -p twilio-sim -p passerelle-cli --no-run)"
fi
printf '{\n  "language": "fr"\n}\n' >"$data_dir/settings.json"
secret-tool store --label="Passerelle upgrade test" service "$identifier" test upgrade <<<"kept" 2>/dev/null \
  || fail "storing a keychain entry"
user_files() { (cd "$data_dir" && find . -type f ! -path './logs/*' -print0 | sort -z | xargs -0 sha256sum); }
user_files >"$work/before.sha"

# The newer package: the same content, a higher version.
newer="$work/newer"
dpkg-deb -R "$deb" "$newer"
sed -i "s/^Version: .*/Version: $version+upgrade1/" "$newer/DEBIAN/control"
dpkg-deb -Znone -b "$newer" "$work/newer.deb" >/dev/null
dpkg_private -i "$work/newer.deb"
check "dpkg upgrades to the newer package ($version+upgrade1)" [ "$(installed_version)" = "$version+upgrade1" ]
check "the upgrade left the archive and settings byte for byte" \
  bash -c 'diff -u "$1" <(cd "$2" && find . -type f ! -path "./logs/*" -print0 | sort -z | xargs -0 sha256sum)' \
  _ "$work/before.sha" "$data_dir"
check "the archive holds the synced messages" [ -s "$data_dir/passerelle.db" ]
check "the keychain entry survived the upgrade" \
  bash -c '[ "$(secret-tool lookup service "$1" test upgrade 2>/dev/null)" = kept ]' _ "$identifier"
start_and_screenshot after-upgrade
check "the newer version still reads the chosen language" grep -q '"fr"' "$data_dir/settings.json"

echo
if [ "$failures" -gt 0 ]; then
  echo "test_package.sh: $failures check(s) failed; screenshots in artifacts/package/"
  exit 1
fi
echo "test_package.sh: the package passed every check; screenshots in artifacts/package/"
