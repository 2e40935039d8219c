#!/usr/bin/env bash
# Prints raw and gzip -9 sizes of what a reader downloads from dist/, in two parts:
#   before the wasm: index.html (with the prerendered first paint and the inlined stylesheet)
#                    and the wasm-bindgen glue: what the first paint waits for;
#   the wasm:        what the live simulation waits for.
# embed.html (the widgets' first paint, loaded instead of index.html by an embed) with the
# widgets' own glue and wasm (driftline-embed-*), and the data page's own glue and wasm
# (driftline-data-*, loaded only on #/data) are listed on their own. With --check, fails
# when a part exceeds its guard.
#
# Guards (KiB, gzip -9), ratchets to lower as the page shrinks:
# - FIRST_PAINT_BUDGET_KB, 60: issue 14's target for everything before the wasm.
# - WASM_BUDGET_KB: issue 14's target is 350 KB; the wasm is far over it today. It was
#   507.3 KiB when the first paint landed (guard 515), then grew in one session: the lab as
#   one small component per group of settings (+6.0 KiB), the "Your data" page with its CSV
#   reader, four detectors, drift statistics and charts (+73.3 KiB), the rewind timeline with
#   branches, their links, presenter moments and postMessage seek/branch (+22.0 KiB):
#   608.8 KiB, guard 615. The data page then became a wasm of its own, loaded only on
#   #/data: 532.9 KiB. The same session added the candidate's own serving stack and its
#   latency series (+2.5 KiB), the rewind's alarm carry, later-event marks, the branch
#   beside the original and its export and import (+14.5 KiB), the kept models and the
#   staged mount (+1.7 KiB): 551.6 KiB, guard 555. The scenario importer (serde's JSON
#   reader and the derived Deserialize code) then moved to the full build, which a picked
#   file reloads into (src/lab/import_slot.rs): 500.6 KiB, guard 505. History of the guard on the whole first load
#   before the split: 500 -> 495 KiB (serde_path_to_error dropped), back to 500 (chart
#   cache, snapped axes, faster KS), 520 (the explorable-first page's picture and quick
#   controls), 525 (charts at the device's pixel ratio), 530 (draggable red line, candidate
#   series, System theme).
# - EMBED_WASM_BUDGET_KB: the widgets' own wasm, which embed.html starts (an embed loaded the
#   chapters' 551.6 KiB before it had one): 368.8 KiB when it landed, guard 375.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${DIST:-$root/dist}"
first_paint_budget=$(( ${FIRST_PAINT_BUDGET_KB:-60} * 1024 ))
wasm_budget=$(( ${WASM_BUDGET_KB:-505} * 1024 ))
embed_wasm_budget=$(( ${EMBED_WASM_BUDGET_KB:-375} * 1024 ))
[ -d "$dist" ] || { echo "size-report: $dist does not exist; run trunk build --release first" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
row() { printf '%-44s %10d %10d\n' "$1" "$2" "$3"; }

printf '%-44s %10s %10s\n' file raw gzip
before_raw=0; before_gz=0
# index.html and what it links before the module runs: the glue and any stylesheet left linked.
while IFS= read -r -d '' f; do
  raw=$(wc -c < "$f"); z=$(gz "$f")
  before_raw=$((before_raw + raw)); before_gz=$((before_gz + z))
  row "${f#"$dist"/}" "$raw" "$z"
done < <(
  { printf '%s\0' "$dist/index.html"
    grep -o 'href="[^"]*\.css"' "$dist/index.html" | sed 's/^href="\.\{0,1\}\/\{0,1\}//; s/"$//' |
      while read -r css; do printf '%s\0' "$dist/$css"; done || true
    find "$dist" -maxdepth 1 -type f -name '*.js' ! -name 'driftline-data-*' ! -name 'driftline-embed-*' -print0; } )
row "BEFORE THE WASM" "$before_raw" "$before_gz"
wasm_raw=0; wasm_gz=0
while IFS= read -r -d '' f; do
  wasm_raw=$((wasm_raw + $(wc -c < "$f"))); wasm_gz=$((wasm_gz + $(gz "$f")))
  row "${f#"$dist"/}" "$(wc -c < "$f")" "$(gz "$f")"
done < <(find "$dist" -maxdepth 1 -type f -name '*.wasm' ! -name 'driftline-data-*' ! -name 'driftline-embed-*' -print0)
row "TOTAL (first load)" "$((before_raw + wasm_raw))" "$((before_gz + wasm_gz))"
while IFS= read -r -d '' f; do
  row "${f#"$dist"/} (#/data only)" "$(wc -c < "$f")" "$(gz "$f")"
done < <(find "$dist" -maxdepth 1 -type f -name 'driftline-data-*' -print0)
if [ -f "$dist/embed.html" ]; then
  row "embed.html (an embed's page instead)" "$(wc -c < "$dist/embed.html")" "$(gz "$dist/embed.html")"
fi
embed_wasm_gz=0
while IFS= read -r -d '' f; do
  z=$(gz "$f")
  case "$f" in *.wasm) embed_wasm_gz=$((embed_wasm_gz + z)) ;; esac
  row "${f#"$dist"/} (embed.html only)" "$(wc -c < "$f")" "$z"
done < <(find "$dist" -maxdepth 1 -type f -name 'driftline-embed-*' -print0)
if [ "${1:-}" = "--check" ]; then
  status=0
  if [ "$before_gz" -gt "$first_paint_budget" ]; then
    echo "size guard: before the wasm $before_gz B gzip, over $first_paint_budget B" >&2; status=1
  fi
  if [ "$wasm_gz" -gt "$wasm_budget" ]; then
    echo "size guard: the wasm is $wasm_gz B gzip, over $wasm_budget B" >&2; status=1
  fi
  if [ "$embed_wasm_gz" -eq 0 ]; then
    echo "size guard: no widgets' wasm (driftline-embed-*_bg.wasm) in $dist" >&2; status=1
  elif [ "$embed_wasm_gz" -gt "$embed_wasm_budget" ]; then
    echo "size guard: the widgets' wasm is $embed_wasm_gz B gzip, over $embed_wasm_budget B" >&2; status=1
  fi
  exit $status
fi
