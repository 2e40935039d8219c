#!/usr/bin/env bash
# Installs what Driftline needs to build and test, skipping whatever is already present.
# Usage: scripts/setup.sh [--browser] [--bench]
#   --browser also installs Chromium + ChromeDriver;
#   --bench also installs Lighthouse into tools/ (the benchmark's first-load phase).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/versions.sh
source "$root/scripts/versions.sh"

want_browser=0
want_bench=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --bench) want_browser=1; want_bench=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # No --locked: the registry mirror lacks a crate version the CLI's lockfile names.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  log "installing binaryen $BINARYEN_VERSION from npm into tools/"
  mkdir -p "$root/tools"
  (cd "$root/tools" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

if [ "$want_bench" = 1 ] && ! grep -qs "\"version\": \"$LIGHTHOUSE_VERSION\"" "$root/tools/node_modules/lighthouse/package.json"; then
  log "installing lighthouse $LIGHTHOUSE_VERSION from npm into tools/"
  mkdir -p "$root/tools"
  (cd "$root/tools" && npm install --no-audit --no-fund --silent --save-exact "lighthouse@$LIGHTHOUSE_VERSION")
fi

if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "installing chromium and chromium-driver from Debian"
  sudo_cmd=""
  [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium chromium-driver
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version)"
