#!/usr/bin/env bash
# Sets up the toolchain (skipping what is present) and runs every check Driftline has:
# fmt, clippy (native + wasm32), native tests, browser tests in headless Chromium,
# a release build with a size guard, and the end-to-end test against the built page
# (served as a static host would: precompressed siblings when the browser accepts them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --browser
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# wasm-bindgen-test gives a whole test file 20 s by default; a busy 2-core CI box needs more.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
start_s=$SECONDS

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy, native"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy, wasm32 (app with its browser tests, simulation library)"
# The simulation's own tests use proptest, which has no wasm32 entropy source; they run natively.
cargo clippy -p driftline --lib --bins --tests --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p driftline-sim --lib --target wasm32-unknown-unknown -- -D warnings

step "native tests (simulation, charts, harness)"
cargo test --workspace

step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test -p driftline --target wasm32-unknown-unknown

step "release build (with the prerendered first paint, see Trunk.toml)"
rm -rf dist
trunk build --release

step "size guard"
"$root/scripts/size-report.sh" --check

step "offline single-file build"
cargo run -q -p driftline-xtask -- single-file --dist dist --out dist-single/driftline.html

step "precompressed siblings (.gz, .br) for hosts that serve them"
cargo run -q -p driftline-xtask -- precompress --dist dist

step "end-to-end test in headless Chromium"
cargo run -q -p driftline-e2e --bin driftline-e2e -- --dist dist --out target/e2e

step "all checks passed in $((SECONDS - start_s)) s"
