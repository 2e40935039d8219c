#!/usr/bin/env bash
# Prints raw and gzip sizes of the first load in dist/ (html + js + wasm + css).
# With --check, fails when the gzip total exceeds the guard (SIZE_BUDGET_KB, default below).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/dist"
# The first-load budget is 118 KB gzip (BENCHMARKS.md); the page is far over it today
# (about 492 KiB: about 1 MB of wasm code, mostly Yew views, plus serde and the chapter
# text). Until that is closed, this guard is a ratchet that fails on further growth; lower it
# as the page shrinks. History: 500 -> 495 KiB when JSON field paths no longer needed
# serde_path_to_error; back to 500 KiB when the chart cache, snapped axes and the faster KS
# pass added 4 KiB (the page was at 492.3 KiB, and the headroom covers build paths in panic
# messages on another machine); 500 -> 520 KiB for the explorable-first page (the factory
# picture's SVG views, quick controls, alarm episodes, scrollytelling: the page went from
# 493.2 to 518.8 KiB; `twiggy top` on the unstripped release wasm puts the picture's view
# functions at about 40 KB raw); 520 -> 525 KiB for charts drawn at the device's pixel
# ratio, wrapped captions and cut axes (+3 KiB); 525 -> 530 KiB for the draggable red line,
# the candidate's series, the strength slider and the System theme (the page reached 527.9
# KiB). BENCHMARKS.md lists the largest contributors; the prerendering issue is where the
# page should shrink (chapter text out of the wasm, views as lighter code).
budget_bytes=$(( ${SIZE_BUDGET_KB:-530} * 1024 ))
[ -d "$dist" ] || { echo "size-report: $dist does not exist; run trunk build --release first" >&2; exit 1; }
total_raw=0; total_gz=0
printf '%-44s %10s %10s\n' file raw gzip
while IFS= read -r -d '' f; do
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz"
done < <(find "$dist" -maxdepth 1 -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0 | sort -z)
printf '%-44s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
if [ "${1:-}" = "--check" ] && [ "$total_gz" -gt "$budget_bytes" ]; then
  echo "size guard: first load is $total_gz B gzip, over the budget of $budget_bytes B" >&2
  exit 1
fi
