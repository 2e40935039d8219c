#!/usr/bin/env bash
# Sets up the toolchain (skipping what is present) and builds what a host serves:
#   dist/               the site (index.html and embed.html with their prerendered first
#                       paint, the wasm, .gz and .br siblings for hosts that serve them);
#   dist-single/driftline.html   the offline single file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
cd "$root"
rm -rf dist
# Trunk's post-build hook writes the first paint (see Trunk.toml).
trunk build --release
cargo run -q -p driftline-xtask -- single-file --dist dist --out dist-single/driftline.html
cargo run -q -p driftline-xtask -- precompress --dist dist
"$root/scripts/size-report.sh"
