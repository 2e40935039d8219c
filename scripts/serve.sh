#!/usr/bin/env bash
# Sets up the toolchain (skipping what is present) and serves Driftline at http://127.0.0.1:8080/
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
cd "$root"
port="${PORT:-8080}"
echo "Driftline: open http://127.0.0.1:$port/ once the first build finishes"
exec trunk serve --address 127.0.0.1 --port "$port"
