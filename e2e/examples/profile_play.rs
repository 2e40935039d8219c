//! Where a beat's time goes: a Chromium CPU profile (DevTools `Profiler`, 100 us sampling)
//! of 6 s of playing the home page's lab, printed as self time per function.
//!
//! `cargo run --release -p driftline-e2e --example profile_play -- /tmp/bench-dist`
//!
//! Optional, by environment variable:
//! - `PROFILE_FOCUS=a,b`: inclusive time of functions whose names contain `a` or `b`;
//! - `PROFILE_UNDER=name`: self time of the functions called (at any depth) from `name`;
//! - `PROFILE_CALLERS=name`: the wasm frames above each sample of `name`;
//! - `PROFILE_TEXTS=1`: what `fillText` drew, by text and canvas;
//! - `PROFILE_MUTATIONS=1`: DOM mutations while playing, by kind and place;
//! - `PROFILE_WARM=N`: fast-forward N ticks in the page before playing;
//! - `PROFILE_JS=script`: profile running `script` in the page instead of playing.
//!
//! `PROFILE_UNDER` and `PROFILE_CALLERS` print only with `PROFILE_FOCUS` set.
//! (a release build of the site; `driftline-bench --build --dist DIR` makes one). Wasm
//! functions show as `wasm-function[N]` because the release build drops their names.
// A developer's probe: any failure should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use driftline_e2e::page::Page;
use driftline_e2e::static_server::StaticServer;
use driftline_e2e::webdriver::ChromeConfig;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

fn cdp(page: &Page, cmd: &str, params: Value) -> Value {
    page.session()
        .command(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({"cmd": cmd, "params": params})),
        )
        .unwrap()
}

fn main() {
    let dist = std::env::args().nth(1).unwrap_or("/tmp/bench-dist".into());
    let server = StaticServer::start(std::path::Path::new(&dist), "/driftline/").unwrap();
    let mut page = Page::launch(&ChromeConfig::default(), server.base_url()).unwrap();
    page.goto("").unwrap();
    page.wait_for(r#"[data-testid="play"]"#, Duration::from_secs(30))
        .unwrap();
    // PROFILE_WARM=N: fast-forward N ticks through the page before playing.
    if let Some(ticks) = std::env::var("PROFILE_WARM")
        .ok()
        .and_then(|t| t.parse::<u64>().ok())
    {
        page.eval_async(
            driftline_e2e::bench::scripts::UI_FAST_FORWARD_JS,
            &[json!(ticks)],
        )
        .unwrap();
    }
    std::thread::sleep(Duration::from_millis(800));
    cdp(&page, "Profiler.enable", json!({}));
    cdp(
        &page,
        "Profiler.setSamplingInterval",
        json!({"interval": 100}),
    );
    // PROFILE_TEXTS: count what fillText draws while playing, by text and canvas test id.
    let count_texts = std::env::var("PROFILE_TEXTS").is_ok();
    if count_texts {
        page.eval(
            "const f = CanvasRenderingContext2D.prototype.fillText; window.__texts = {};\
             CanvasRenderingContext2D.prototype.fillText = function (t, x, y) {\
               const k = (this.canvas.dataset.testid || 'offscreen') + ': ' + t;\
               window.__texts[k] = (window.__texts[k] || 0) + 1; return f.apply(this, arguments); };",
            &[],
        )
        .unwrap();
    }
    // PROFILE_MUTATIONS: count DOM mutations while playing, by kind and nearest labelled
    // ancestor (test id, else class).
    let count_mutations = std::env::var("PROFILE_MUTATIONS").is_ok();
    if count_mutations {
        page.eval(
            "window.__muts = {}; const label = (n) => { for (let e = n.nodeType === 1 ? n : n.parentElement; e; e = e.parentElement) {\
               if (e.dataset && e.dataset.testid) return e.tagName + '#' + e.dataset.testid;\
               if (e.className && typeof e.className === 'string') return e.tagName + '.' + e.className.split(' ')[0]; } return '?'; };\
             new MutationObserver((ms) => { for (const m of ms) {\
               const k = m.type + (m.attributeName ? '[' + m.attributeName + ']' : '') + ' +' + m.addedNodes.length + ' -' + m.removedNodes.length + ' in ' + label(m.target);\
               window.__muts[k] = (window.__muts[k] || 0) + 1; } })\
             .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });",
            &[],
        )
        .unwrap();
    }
    cdp(&page, "Profiler.start", json!({}));
    // PROFILE_JS=script: profile running `script` (printing what it returns) instead of
    // 6 s of playing.
    if let Ok(script) = std::env::var("PROFILE_JS") {
        println!("script returned {}", page.eval(&script, &[]).unwrap());
    } else {
        page.click(r#"[data-testid="play"]"#).unwrap();
        std::thread::sleep(Duration::from_secs(6));
    }
    let out = cdp(&page, "Profiler.stop", json!({}));
    let profile = &out["profile"];
    let nodes = profile["nodes"].as_array().unwrap();
    let mut name_of = BTreeMap::new();
    for n in nodes {
        let cf = &n["callFrame"];
        let name = format!(
            "{} [{}]",
            cf["functionName"].as_str().unwrap_or(""),
            cf["url"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
        );
        name_of.insert(n["id"].as_u64().unwrap(), name);
    }
    let samples = profile["samples"].as_array().unwrap();
    let deltas = profile["timeDeltas"].as_array().unwrap();
    let mut self_us: BTreeMap<String, f64> = BTreeMap::new();
    let mut total = 0.0;
    for (s, d) in samples.iter().zip(deltas) {
        let us = d.as_f64().unwrap();
        total += us;
        *self_us
            .entry(name_of[&s.as_u64().unwrap()].clone())
            .or_default() += us;
    }
    let mut v: Vec<_> = self_us.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("total {:.0} ms", total / 1000.0);
    for (name, us) in v.iter().take(45) {
        println!(
            "{:8.1} ms {:5.1}%  {}",
            us / 1000.0,
            100.0 * us / total,
            name
        );
    }
    print_inclusive(nodes, &name_of, samples, deltas, total);
    if count_mutations {
        print_counts(&page, "window.__muts", "mutation");
    }
    if count_texts {
        print_counts(&page, "window.__texts", "fillText");
    }
    page.close().unwrap();
}

/// Inclusive time of the functions whose names contain one of the comma-separated
/// substrings in `PROFILE_FOCUS` (a function's time counted once even when it recurses).
fn print_inclusive(
    nodes: &[Value],
    name_of: &BTreeMap<u64, String>,
    samples: &[Value],
    deltas: &[Value],
    total_us: f64,
) {
    let Ok(focus) = std::env::var("PROFILE_FOCUS") else {
        return;
    };
    let mut parent = BTreeMap::new();
    for n in nodes {
        for c in n["children"].as_array().into_iter().flatten() {
            parent.insert(c.as_u64().unwrap(), n["id"].as_u64().unwrap());
        }
    }
    let mut inclusive: BTreeMap<String, f64> = BTreeMap::new();
    for (s, d) in samples.iter().zip(deltas) {
        let us = d.as_f64().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        let mut at = Some(s.as_u64().unwrap());
        while let Some(id) = at {
            let name = &name_of[&id];
            for f in focus.split(',') {
                if name.contains(f) && seen.insert(f) {
                    *inclusive.entry(f.to_owned()).or_default() += us;
                }
            }
            at = parent.get(&id).copied();
        }
    }
    println!("inclusive:");
    // Callers: for samples whose leaf matches PROFILE_CALLERS, the app frames above it.
    if let Ok(callee) = std::env::var("PROFILE_CALLERS") {
        let mut by_caller: BTreeMap<String, f64> = BTreeMap::new();
        for (s, d) in samples.iter().zip(deltas) {
            let leaf = s.as_u64().unwrap();
            if !name_of[&leaf].contains(&callee) {
                continue;
            }
            let mut chain = Vec::new();
            let mut at = parent.get(&leaf).copied();
            while let Some(id) = at {
                let name = &name_of[&id];
                if name.contains("_bg.wasm")
                    && !name.contains("measured_canvas")
                    && !name.contains("plotters")
                {
                    chain.push(name.chars().take(90).collect::<String>());
                    if chain.len() == 3 {
                        break;
                    }
                }
                at = parent.get(&id).copied();
            }
            *by_caller.entry(chain.join(" <- ")).or_default() += d.as_f64().unwrap();
        }
        for (caller, us) in by_caller {
            println!("  {callee} from {caller}: {:.1} ms", us / 1000.0);
        }
    }
    let under = std::env::var("PROFILE_UNDER").unwrap_or_default();
    if !under.is_empty() {
        let mut self_under: BTreeMap<String, f64> = BTreeMap::new();
        for (s, d) in samples.iter().zip(deltas) {
            let leaf = s.as_u64().unwrap();
            let mut at = Some(leaf);
            while let Some(id) = at {
                if name_of[&id].contains(&under) {
                    *self_under.entry(name_of[&leaf].clone()).or_default() += d.as_f64().unwrap();
                    break;
                }
                at = parent.get(&id).copied();
            }
        }
        let mut v: Vec<_> = self_under.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (name, us) in v.iter().take(60) {
            let short: String = name.chars().take(140).collect();
            println!("  under {under}: {:7.1} ms  {short}", us / 1000.0);
        }
    }
    for (f, us) in inclusive {
        println!("{:8.1} ms {:5.1}%  {f}", us / 1000.0, 100.0 * us / total_us);
    }
}

/// Prints the 40 largest counts of a `{key: count}` object the page collected.
fn print_counts(page: &Page, object: &str, what: &str) {
    let counts = page.eval(&format!("return {object};"), &[]).unwrap();
    let mut v: Vec<(String, u64)> = counts
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
        .collect();
    v.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    for (key, n) in v.iter().take(40) {
        println!("  {what} x{n}: {key}");
    }
}
