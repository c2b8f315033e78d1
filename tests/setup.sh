#!/usr/bin/env bash
# Installs what Passerelle needs on a fresh Debian 12 / Ubuntu machine, idempotently:
#   tests/setup.sh app   -> system packages to build and open the desktop app
#   tests/setup.sh test  -> the above + test packages (Xvfb, WebKitWebDriver, gnome-keyring,
#                           Node for the UI's unit tests, npm for the Pipedrive fidelity
#                           test), the Python venv for the
#                           fidelity/e2e/bench scripts, tauri-driver.
#   tests/setup.sh package -> the app's packages + the Tauri CLI (npm, into tools/) to build
#                           the .deb, and what its test needs (Xvfb, imagemagick, gnome-keyring).
# Every step is skipped when already done, so `make run` / `make test` stay fast on a warm machine.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-test}"

# libayatana-appindicator3-1: the tray icon's library, loaded at run time (not linked), which the
# .deb Depends on too; the -dev package pulls it in, it is named for what the app loads.
app_packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev libayatana-appindicator3-1 librsvg2-dev pkg-config fonts-noto-color-emoji)
test_packages=(xvfb xauth webkit2gtk-driver imagemagick libdbus-1-dev gnome-keyring dbus
  dbus-x11 libsecret-tools python3-venv chromium poppler-utils)

say() { printf '==> %s\n' "$*" >&2; }

need_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
    echo "Rust est absent : installez-le avec rustup (https://rustup.rs), puis relancez." >&2
    exit 1
  fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

python_venv() {
  local stamp=.venv/.requirements.sha
  local want
  want=$(cat tests/*/requirements.txt 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  say "preparing the Python venv (.venv) for the test scripts"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  for r in tests/*/requirements.txt; do
    [ -f "$r" ] && .venv/bin/python -m pip install -q -r "$r"
  done
  echo "$want" > "$stamp"
}

# The UI's unit tests run on Node's own test runner (Node 18, Debian 12's, is enough). A Node
# already on PATH (nvm, NodeSource) is used as it is rather than doubled by Debian's package.
node_runtime() {
  command -v node >/dev/null 2>&1 && return 0
  install_packages nodejs
}

# The Pipedrive fidelity test installs Pipedrive's Node client with npm; Node from NodeSource
# or nvm brings its own npm, Debian's nodejs does not.
npm_client() {
  command -v npm >/dev/null 2>&1 && return 0
  install_packages npm
}

tauri_driver() {
  if [ -x tools/bin/tauri-driver ]; then return 0; fi
  say "installing tauri-driver 2.1.0 into tools/"
  cargo install tauri-driver --version 2.1.0 --locked --root tools
}

# clippy and rustfmt for `make test-lint`; rustup adds them when the toolchain lacks them.
rust_tools() {
  if cargo clippy --version >/dev/null 2>&1 && cargo fmt --version >/dev/null 2>&1; then return 0; fi
  say "adding the clippy and rustfmt components to the Rust toolchain"
  rustup component add clippy rustfmt
}

# The Tauri CLI for `make package`: the npm build ships a prebuilt binary (seconds, against
# minutes to compile the crates.io one). Pinned to the tauri crate's minor in Cargo.lock.
TAURI_CLI_VERSION=2.12.5
tauri_cli() {
  local cli=tools/node_modules/.bin/tauri
  if [ -x "$cli" ] && [ "$("$cli" --version 2>/dev/null)" = "tauri-cli $TAURI_CLI_VERSION" ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || install_packages npm
  say "installing the Tauri CLI $TAURI_CLI_VERSION into tools/"
  mkdir -p tools
  npm install --prefix tools --no-save --no-audit --no-fund "@tauri-apps/cli@$TAURI_CLI_VERSION"
}

need_cargo
case "$what" in
  app) install_packages "${app_packages[@]}" ;;
  test)
    install_packages "${app_packages[@]}" "${test_packages[@]}"
    rust_tools
    node_runtime
    npm_client
    python_venv
    tauri_driver
    ;;
  package)
    install_packages "${app_packages[@]}" xvfb xauth imagemagick x11-utils gnome-keyring dbus \
      libsecret-tools
    tauri_cli
    ;;
  *) echo "usage: tests/setup.sh app|test|package" >&2; exit 2 ;;
esac
