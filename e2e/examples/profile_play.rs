//! Where a beat's time goes: a Chromium CPU profile (DevTools `Profiler`, 100 us sampling)
//! of 6 s of playing the home page's lab, printed as self time per function.
//!
//! `cargo run --release -p driftline-e2e --example profile_play -- /tmp/bench-dist`
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
    std::thread::sleep(Duration::from_millis(800));
    cdp(&page, "Profiler.enable", json!({}));
    cdp(
        &page,
        "Profiler.setSamplingInterval",
        json!({"interval": 100}),
    );
    cdp(&page, "Profiler.start", json!({}));
    page.click(r#"[data-testid="play"]"#).unwrap();
    std::thread::sleep(Duration::from_secs(6));
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
    page.close().unwrap();
}
