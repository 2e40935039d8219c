//! A small hand-written stand-in for the app, exposing the same test hooks. Used by
//! `--self-test` and the browser tests to prove the harness (and that each check can fail).

use std::path::Path;

use crate::error::{Context, Result};

/// A deliberate defect to plant in the fixture page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A well-behaved page; every check should pass.
    None,
    /// Shows the panic element and logs a Rust-style panic message.
    Panic,
    /// Logs a `console.error`.
    ConsoleError,
    /// Loads an image from outside the sub-path (same origin).
    OutsideSubPath,
    /// Loads an image from another origin (the URL given).
    ForeignOrigin(String),
    /// Never draws on the chart canvas.
    BlankChart,
    /// Play does nothing; the tick counter stays at 0.
    StuckTick,
}

/// Writes the fixture site (index.html, style.css, app.js, an empty wasm module, an SVG
/// icon) into `dir`, with `fault` planted.
pub fn write_fixture(dir: &Path, fault: &Fault) -> Result<()> {
    std::fs::create_dir_all(dir).context("creating the fixture directory")?;
    let extra_html = match fault {
        Fault::OutsideSubPath => r#"<img alt="" src="/outside-sub-path.svg">"#.to_owned(),
        Fault::ForeignOrigin(url) => format!(r#"<img alt="" src="{url}">"#),
        _ => String::new(),
    };
    let fault_flag = match fault {
        Fault::Panic => "panic",
        Fault::ConsoleError => "console-error",
        Fault::BlankChart => "blank-chart",
        Fault::StuckTick => "stuck-tick",
        _ => "none",
    };
    let index = INDEX_HTML
        .replace("{{EXTRA}}", &extra_html)
        .replace("{{FAULT}}", fault_flag);
    let files: [(&str, &[u8]); 5] = [
        ("index.html", index.as_bytes()),
        ("style.css", STYLE_CSS.as_bytes()),
        ("app.js", APP_JS.as_bytes()),
        // The smallest valid module: magic number and version 1. Loading it with
        // `instantiateStreaming` proves the server sends `application/wasm`.
        ("empty.wasm", b"\0asm\x01\0\0\0"),
        ("icon.svg", ICON_SVG.as_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).context(&format!("writing fixture {name}"))?;
    }
    Ok(())
}

const INDEX_HTML: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Driftline harness fixture</title>
<link rel="icon" href="icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="style.css">
</head>
<body data-fault="{{FAULT}}">
<main id="app">
  <h1>Driftline harness fixture</h1>
  <div class="controls">
    <button data-testid="play">Play</button>
    <button data-testid="pause">Pause</button>
    <button data-testid="step">Step</button>
    <button data-testid="reset">Reset</button>
    <span>tick <strong data-testid="tick">0</strong></span>
    <span id="wasm-status">wasm: loading</span>
  </div>
  <div class="charts">
    <canvas data-testid="chart-accuracy" width="640" height="300"></canvas>
    <svg data-testid="pie-outcomes" width="200" height="200" viewBox="-1 -1 2 2">
      <circle r="1" fill="#d8e2ef"></circle>
      <path id="slice" fill="#2f6fb5" d=""></path>
    </svg>
  </div>
  {{EXTRA}}
</main>
<script src="app.js"></script>
</body>
</html>
"##;

const STYLE_CSS: &str = r#"body { font-family: sans-serif; margin: 24px; background: #fafafa; }
.controls { display: flex; gap: 8px; align-items: center; margin-bottom: 16px; }
.charts { display: flex; gap: 24px; align-items: flex-start; }
canvas { background: #ffffff; border: 1px solid #ccc; }
"#;

const ICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#2f6fb5"/></svg>
"##;

const APP_JS: &str = r#"'use strict';
const fault = document.body.dataset.fault;
const $ = (id) => document.querySelector('[data-testid="' + id + '"]');
const canvas = $('chart-accuracy');
const ctx = canvas.getContext('2d');
let tick = 0;
let timer = null;
const history = [];

function draw() {
  if (fault === 'blank-chart') { return; }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = '#2f6fb5';
  ctx.lineWidth = 3;
  ctx.beginPath();
  history.forEach((y, i) => {
    const x = (i / Math.max(1, history.length - 1)) * (canvas.width - 20) + 10;
    const py = canvas.height - 10 - y * (canvas.height - 20);
    if (i === 0) { ctx.moveTo(x, py); } else { ctx.lineTo(x, py); }
  });
  ctx.stroke();
  ctx.fillStyle = 'rgba(47, 111, 181, 0.15)';
  ctx.fillRect(10, canvas.height * 0.6, canvas.width - 20, canvas.height * 0.3);
  const share = 0.2 + 0.6 * ((tick / 1000) % 1);
  const a = share * 2 * Math.PI;
  document.getElementById('slice').setAttribute('d',
    'M0 0 L1 0 A1 1 0 ' + (share > 0.5 ? 1 : 0) + ' 1 ' + Math.cos(a) + ' ' + Math.sin(a) + ' Z');
}

function step() {
  // Large steps exercise thousands separators in the counter.
  tick += 137;
  history.push(0.5 + 0.4 * Math.sin(tick / 500));
  if (history.length > 200) { history.shift(); }
  $('tick').textContent = tick.toLocaleString('en-US');
  draw();
}

$('play').addEventListener('click', () => {
  if (fault === 'stuck-tick' || timer) { return; }
  timer = setInterval(step, 50);
});
$('pause').addEventListener('click', () => { clearInterval(timer); timer = null; });
$('step').addEventListener('click', step);
$('reset').addEventListener('click', () => {
  tick = 0; history.length = 0; $('tick').textContent = '0'; draw();
});

// Draw the empty chart (background band) right away, like an app drawing its axes.
draw();

WebAssembly.instantiateStreaming(fetch('empty.wasm'))
  .then(() => { document.getElementById('wasm-status').textContent = 'wasm: ok'; })
  .catch((e) => { console.error('wasm failed to load: ' + e); });

console.info('fixture ready, fault=' + fault);
if (fault === 'console-error') { console.error('fixture: deliberate console error'); }
if (fault === 'panic') {
  console.error('panicked at src/app.rs:12:5:\nfixture: deliberate panic');
  const p = document.createElement('pre');
  p.dataset.testid = 'panic';
  p.textContent = 'The simulation crashed: fixture: deliberate panic';
  document.body.prepend(p);
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn fixture_has_the_app_hooks_and_planted_faults() {
        let dir = TempDir::new().unwrap();
        write_fixture(
            dir.path(),
            &Fault::ForeignOrigin("http://127.0.0.1:1/x.svg".into()),
        )
        .unwrap();
        let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        for hook in [
            "play",
            "pause",
            "step",
            "reset",
            "tick",
            "chart-accuracy",
            "pie-outcomes",
        ] {
            assert!(html.contains(&format!("data-testid=\"{hook}\"")), "{hook}");
        }
        assert!(html.contains(r#"<img alt="" src="http://127.0.0.1:1/x.svg">"#));
        assert!(!html.contains("{{"), "unreplaced placeholder");
        let wasm = std::fs::read(dir.path().join("empty.wasm")).unwrap();
        assert_eq!(&wasm[..4], b"\0asm");

        write_fixture(dir.path(), &Fault::StuckTick).unwrap();
        let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(html.contains(r#"data-fault="stuck-tick""#));
        assert!(!html.contains("<img"));
    }
}
