#!/usr/bin/env bash
# Builds TensorFlow Playground from source at a pinned commit, for driftline-bench's
# first-load comparison (`driftline-bench --playground target/playground/src/dist`).
#
# usage: scripts/build-playground.sh [DEST]          (default DEST: target/playground)
#
# Source: a shallow fetch of the commit from https://github.com/tensorflow/playground; when
# that fails (no network) and PLAYGROUND_MIRROR names a local git directory (bare or not)
# holding the commit, the tree is taken from there with `git archive`. Then `npm ci` and
# `npm run build` (its package.json writes the site to dist/).
#
# Prints the built directory on the last line of stdout. Exits non-zero with one line
# "build-playground: <reason>" on stderr when the source cannot be had or npm fails.
set -euo pipefail

COMMIT="02469bd3751764b20486015d4202b792af5362a6" # 02469bd, 2022-04 (moment 2.29.2 bump)
REPO_URL="https://github.com/tensorflow/playground"

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/target/playground}"
src="$dest/src"
stamp="$dest/built-commit"

fail() {
  echo "build-playground: $*" >&2
  exit 1
}
log() { echo "build-playground: $*" >&2; }

if [[ -f "$stamp" && "$(cat "$stamp")" == "$COMMIT" && -f "$src/dist/index.html" ]]; then
  log "already built at ${COMMIT:0:7}"
  echo "$src/dist"
  exit 0
fi

command -v npm >/dev/null || fail "npm is not installed"
rm -rf "$src" "$stamp"
mkdir -p "$src"

fetched=""
if git -C "$src" init -q &&
  git -C "$src" fetch -q --depth 1 "$REPO_URL" "$COMMIT" 2>"$dest/git-fetch.log" &&
  git -C "$src" checkout -q FETCH_HEAD; then
  fetched="git fetch from $REPO_URL"
else
  reason="$(tail -n 1 "$dest/git-fetch.log" 2>/dev/null || true)"
  log "git fetch from $REPO_URL failed: ${reason:-unknown error}"
  if [[ -n "${PLAYGROUND_MIRROR:-}" ]]; then
    rm -rf "$src" && mkdir -p "$src"
    git --git-dir="$PLAYGROUND_MIRROR" archive "$COMMIT" | tar -x -C "$src" ||
      fail "neither $REPO_URL (${reason:-no reason given}) nor the mirror $PLAYGROUND_MIRROR has commit ${COMMIT:0:7}"
    fetched="git archive from the mirror $PLAYGROUND_MIRROR"
  else
    fail "cannot fetch $REPO_URL (${reason:-unknown error}); set PLAYGROUND_MIRROR to a local clone to build from it"
  fi
fi
log "source at ${COMMIT:0:7} by $fetched"

cd "$src"
npm ci --no-audit --no-fund >"$dest/npm-ci.log" 2>&1 ||
  fail "npm ci failed: $(grep -m1 -i 'err' "$dest/npm-ci.log" || tail -n 1 "$dest/npm-ci.log") (log: $dest/npm-ci.log)"
npm run build >"$dest/npm-build.log" 2>&1 ||
  fail "npm run build failed: $(tail -n 3 "$dest/npm-build.log" | tr '\n' ' ') (log: $dest/npm-build.log)"
[[ -f dist/index.html ]] || fail "npm run build left no dist/index.html"
echo "$COMMIT" >"$stamp"
log "built $(du -sh dist | cut -f1) in $src/dist"
echo "$src/dist"
