//! JavaScript the benchmark runs in the page. Kept together so the measuring code can be
//! read in one place.

/// Injected before any page script (DevTools `Page.addScriptToEvaluateOnNewDocument`): from
/// navigation start, checks every canvas once per animation frame until one shows ink (a pixel
/// that is neither transparent nor near-white), and records that frame's timestamp
/// (milliseconds since navigation start) in `window.__driftlineInk.firstInkMs`.
///
/// This is the fallback for the first-chart figure when the app leaves no
/// `driftline:first-chart` mark. It cannot tell axes from data, so it may be early.
pub const INK_WATCH_JS: &str = r#"(function () {
  if (window.__driftlineInk) { return; }
  const state = window.__driftlineInk = { firstInkMs: null, frames: 0 };
  const GIVE_UP_MS = 20000;
  const hasInk = (canvas) => {
    if (!canvas.width || !canvas.height) { return false; }
    let data;
    try {
      const ctx = canvas.getContext('2d');
      if (!ctx) { return false; }
      data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    } catch (_) { return false; }
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 230 || data[i + 1] < 230 || data[i + 2] < 230)) {
        return true;
      }
    }
    return false;
  };
  const frame = (now) => {
    state.frames += 1;
    for (const canvas of document.getElementsByTagName('canvas')) {
      if (hasInk(canvas)) { state.firstInkMs = now; return; }
    }
    if (now < GIVE_UP_MS) { requestAnimationFrame(frame); }
  };
  requestAnimationFrame(frame);
})();"#;

/// What the first-chart phase polls after each navigation.
pub const FIRST_CHART_PROBE_JS: &str = r#"
const mark = performance.getEntriesByName('driftline:first-chart', 'mark')[0];
const ink = window.__driftlineInk;
const nav = performance.getEntriesByType('navigation')[0];
return {
  mark: mark ? mark.startTime : null,
  ink: ink ? ink.firstInkMs : null,
  inkWatch: !!ink,
  loadEvent: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
  started: !!window.wasmBindings,
};"#;

/// The version of the page's bench hooks, or null when the build has none.
pub const HOOKS_VERSION_JS: &str = r#"
const b = window.wasmBindings;
return b && typeof b.bench_hooks_version === 'function' ? b.bench_hooks_version() : null;"#;

/// Installed after load and before Play is clicked: wraps `setInterval` so every interval
/// callback (the app's clock beat) is timed from its start to the end of the microtasks it
/// queued (Yew renders and runs chart effects in a microtask after a dispatch), and sets up
/// the recording buffer. Also empties the app's own redraw samples.
pub const INSTALL_PLAY_JS: &str = r#"
if (!window.__driftlineBench) {
  const bench = window.__driftlineBench = { recording: false, beats: [] };
  const original = window.setInterval;
  window.setInterval = function (handler, ms, ...rest) {
    if (typeof handler !== 'function') { return original.call(window, handler, ms, ...rest); }
    const timed = function (...args) {
      const start = performance.now();
      try {
        return handler.apply(this, args);
      } finally {
        // Queued after the app's render microtask, so it runs once that is done.
        queueMicrotask(() => {
          if (bench.recording) { bench.beats.push(performance.now() - start); }
        });
      }
    };
    return original.call(window, timed, ms, ...rest);
  };
}
const b = window.wasmBindings;
if (b && typeof b.bench_redraw_samples === 'function') { b.bench_redraw_samples(); }
return true;"#;

/// Async: records requestAnimationFrame deltas for `arguments[0]` ms while the interval
/// wrapper records beats, then returns `{ frames, beats, app }` (`app` = the app's own
/// redraw samples, or null when the build has no hooks).
pub const RECORD_FRAMES_JS: &str = r#"
const done = arguments[arguments.length - 1];
const durationMs = arguments[0];
const bench = window.__driftlineBench || { beats: [] };
bench.beats = [];
bench.recording = true;
const frames = [];
let first = null;
let last = null;
const step = (now) => {
  if (last !== null) { frames.push(now - last); }
  if (first === null) { first = now; }
  last = now;
  if (now - first < durationMs) {
    requestAnimationFrame(step);
    return;
  }
  bench.recording = false;
  const b = window.wasmBindings;
  const app = b && typeof b.bench_redraw_samples === 'function'
    ? Array.from(b.bench_redraw_samples()) : null;
  done({ frames, beats: bench.beats.slice(), app, spanMs: last - first });
};
requestAnimationFrame(step);"#;

/// One timed fast-forward in wasm: build a fresh heavy world, run `arguments[0]` ticks.
pub const FAST_FORWARD_JS: &str = r#"
const b = window.wasmBindings;
const t0 = performance.now();
b.bench_heavy_reset();
const t1 = performance.now();
const phones = b.bench_heavy_run(arguments[0]);
const t2 = performance.now();
b.bench_heavy_drop();
return { buildMs: t1 - t0, runMs: t2 - t1, phones };"#;

/// The trace hash of the first `arguments[0]` ticks of the heavy world in wasm.
pub const TRACE_HASH_JS: &str = "return window.wasmBindings.bench_heavy_trace_hash(arguments[0]);";

/// Starts the heavy world for the memory phase.
pub const MEMORY_RESET_JS: &str =
    "window.wasmBindings.bench_heavy_reset(); return window.wasmBindings.bench_heavy_phones();";

/// Async: runs the heavy world in slices of `arguments[1]` ticks until it has simulated
/// `arguments[0]` phones or `arguments[2]` ms have passed, yielding to the event loop between
/// slices of about 200 ms. Returns `{ phones, ms }`. Few, long calls keep the harness's own
/// WebDriver traffic from showing up in the JS heap figure.
pub const MEMORY_RUN_JS: &str = r#"
const done = arguments[arguments.length - 1];
const target = arguments[0];
const sliceTicks = arguments[1];
const maxMs = arguments[2];
const b = window.wasmBindings;
const start = performance.now();
const slice = () => {
  const sliceStart = performance.now();
  let phones = b.bench_heavy_phones();
  while (phones < target && performance.now() - sliceStart < 200) {
    b.bench_heavy_run(sliceTicks);
    phones = b.bench_heavy_phones();
  }
  const ms = performance.now() - start;
  if (phones >= target || ms >= maxMs) {
    done({ phones, ms });
  } else {
    setTimeout(slice, 0);
  }
};
slice();"#;

/// Collects garbage when the browser allows it (`--js-flags=--expose-gc`; a few passes, so
/// objects freed by finalisation go too), then reads wasm linear memory and the JS heap
/// (`performance.memory`, exact with `--enable-precise-memory-info`).
pub const MEMORY_READ_JS: &str = r#"
if (typeof window.gc === 'function') { window.gc(); window.gc(); window.gc(); }
const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
return { wasm: window.wasmBindings.bench_wasm_memory_bytes(), heap, gc: typeof window.gc === 'function' };"#;

/// Async script: on a page showing `#/sandbox`, sets the fast-forward field to
/// `arguments[0]` ticks, presses Fast-forward, and until the progress bar is gone records
/// (a) how late a `setTimeout(0)` probe runs, again and again (input waits at most about
/// as long: the browser runs input before timers), and (b) long tasks (over 50 ms) reported
/// by the Long Tasks API. Resolves `{ wallMs, lagsMs, longTasksMs, tick }`.
pub const UI_FAST_FORWARD_JS: &str = r#"
const ticks = String(arguments[0]);
const done = arguments[arguments.length - 1];
const field = document.querySelector('[data-testid="ff-ticks"]');
const button = document.querySelector('[data-testid="fast-forward"]');
if (!field || !button) { done({ error: 'no fast-forward controls on the page' }); return; }
field.value = ticks;
field.dispatchEvent(new Event('input', { bubbles: true }));
field.dispatchEvent(new Event('change', { bubbles: true }));
const longTasksMs = [];
let observer = null;
try {
  observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { longTasksMs.push(e.duration); }
  });
  observer.observe({ type: 'longtask' });
} catch (_) { observer = null; }
const lagsMs = [];
let running = true;
const probe = () => {
  const asked = performance.now();
  setTimeout(() => {
    lagsMs.push(performance.now() - asked);
    if (running) { probe(); }
  }, 0);
};
setTimeout(() => {
  const started = performance.now();
  button.click();
  probe();
  const check = () => {
    const busy = !!document.querySelector('[data-testid="ff-progress"]');
    if (!busy && performance.now() - started > 100) {
      running = false;
      if (observer) { observer.disconnect(); }
      const tick = document.querySelector('[data-testid="tick"]');
      done({ wallMs: performance.now() - started, lagsMs, longTasksMs,
             tick: tick ? tick.textContent.trim() : null });
    } else {
      setTimeout(check, 50);
    }
  };
  setTimeout(check, 100);
}, 300);
"#;

/// Polled during a first load: first contentful paint, the app's first-chart mark, the ink
/// watcher's first ink and the load event (ms since navigation start, or null).
pub const FIRST_LOAD_PROBE_JS: &str = r#"
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
const mark = performance.getEntriesByName('driftline:first-chart', 'mark')[0];
const ink = window.__driftlineInk;
const nav = performance.getEntriesByType('navigation')[0];
return {
  fcp: fcp ? fcp.startTime : null,
  mark: mark ? mark.startTime : null,
  ink: ink ? ink.firstInkMs : null,
  loadEvent: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
};"#;

/// Async (the callback is the last argument): reads the buffered paint, largest-contentful-
/// paint and layout-shift entries through PerformanceObservers (`buffered: true`), and every
/// resource's compressed size from Resource Timing. CLS here is every shift without recent
/// input, summed (not Lighthouse's session windows).
pub const VITALS_JS: &str = r#"
const done = arguments[arguments.length - 1];
const out = { fcp: null, lcp: null, lcpElement: null, cls: 0, shifts: 0 };
const observe = (type, each) => {
  try {
    const o = new PerformanceObserver((list) => list.getEntries().forEach(each));
    o.observe({ type, buffered: true });
    return o;
  } catch (_) { return null; }
};
const observers = [
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') { out.fcp = e.startTime; } }),
  observe('largest-contentful-paint', (e) => {
    out.lcp = e.startTime;
    out.lcpElement = e.element ? e.element.tagName.toLowerCase() : null;
  }),
  observe('layout-shift', (e) => { if (!e.hadRecentInput) { out.cls += e.value; out.shifts += 1; } }),
];
setTimeout(() => {
  observers.forEach((o) => o && o.disconnect());
  const nav = performance.getEntriesByType('navigation')[0];
  out.documentEncoded = nav ? nav.encodedBodySize : null;
  out.documentDecoded = nav ? nav.decodedBodySize : null;
  out.resources = performance.getEntriesByType('resource').map((r) => ({
    name: r.name, start: r.startTime, encoded: r.encodedBodySize, decoded: r.decodedBodySize,
    status: r.responseStatus, end: r.responseEnd,
  }));
  done(out);
}, 300);"#;
