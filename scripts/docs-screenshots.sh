#!/usr/bin/env bash
# Takes the README's screenshots (docs/*.png) from a release build in dist/: a chapter at
# 1366x768, a phone at 390x844, presenter mode at 1920x1080, the dark theme (the system's
# colour scheme, which the page follows until a theme is picked), the dashboard embedded
# in a 700 px blog column, and a phone's first paint before the wasm has arrived (the page
# with its loader removed). Not part of the test command; run after `trunk build --release`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
site="$(mktemp -d)"
profile="$(mktemp -d)"
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$site" "$profile"; }
trap cleanup EXIT
cp -r "$root/dist/." "$site/"
# A blog post with the README's embed snippet (auto-height script included).
cat > "$site/post.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post with a Driftline embed</title>
<style>body{font-family:Georgia,serif;max-width:700px;margin:24px auto;padding:0 12px;color:#222;line-height:1.6}</style></head>
<body><h1>Why my model got worse overnight</h1>
<p>The factory from the post, embedded: press play, then dim the lamp and watch the brightness chart.</p>
<iframe id="driftline-dashboard" src="embed.html?v=1&lesson=data-drift&embed=dashboard&hide=seed&lock=automation"
  title="Driftline: monitoring dashboard" width="100%" height="640" style="border:0;max-width:100%"></iframe>
<script>addEventListener("message", function (e) { var f = document.getElementById("driftline-dashboard");
  if (f && e.source === f.contentWindow && e.data && e.data.type === "driftline:height") { f.style.height = e.data.height + "px"; } });</script>
<p>The post goes on here.</p></body></html>
HTML
# What a reader sees before the wasm arrives: the same page without its loader.
python3 - "$site" <<'PY'
import re, sys
page = open(sys.argv[1] + "/index.html").read()
open(sys.argv[1] + "/first-paint.html", "w").write(re.sub(r'<script type="module">.*?</script>', "", page, flags=re.S))
PY
port=8937
(cd "$site" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
base="http://127.0.0.1:$port"
shot() { # URL OUT WIDTH HEIGHT [chromium flags...]
  local url=$1 out=$2 w=$3 h=$4
  shift 4
  rm -rf "$profile"/*
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$w,$h" \
    --virtual-time-budget=8000 "$@" --screenshot="$root/docs/$out" "$url" >/dev/null 2>&1
  echo "docs/$out"
}
mkdir -p "$root/docs"
shot "$base/?v=1&ch=drift&lesson=data-drift&t=1700#/drift" chapter-1366.png 1366 768
shot "$base/?v=1&ch=drift&lesson=data-drift&t=1700#/drift" phone-390.png 390 844
shot "$base/?present=1&v=1&ch=deployment&lesson=canary&t=45#/deployment" presenter-1920.png 1920 1080
shot "$base/?v=1&ch=deployment&lesson=blue-green&t=200#/deployment" dark-1366.png 1366 768 --force-dark-mode
shot "$base/post.html" embed-700.png 760 1000
shot "$base/first-paint.html#/drift" first-paint-390.png 390 844
