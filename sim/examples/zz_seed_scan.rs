#![allow(clippy::unwrap_used, clippy::expect_used)]
use driftline_sim::lessons::Lesson;
use driftline_sim::World;
fn mean(ms: &[driftline_sim::TickMetrics], f: &str, a: u64, b: u64) -> f64 {
    let v: Vec<f64> = ms.iter().filter(|m| m.tick >= a && m.tick < b).filter_map(|m| m.get(f)).collect();
    v.iter().sum::<f64>() / v.len() as f64
}
fn main() {
    let mag: f64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0.6);
    let off: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(600);
    let cap: usize = std::env::args().nth(3).and_then(|a| a.parse().ok()).unwrap_or(4000);
    let mut fails = 0;
    let mut drops = Vec::new();
    for seed in (1..=48u64).chain([42]) {
        let mut s = Lesson::Lifecycle.preset();
        s.seed = seed;
        s.events[0].magnitude = mag;
        s.actions[0].tick = s.events[0].start_tick + off;
        s.monitoring.log_capacity = cap;
        let drift = s.events[0].start_tick;
        let retrain = s.actions[0].tick;
        let mut w = World::new(s).unwrap();
        let ms: Vec<_> = (0..retrain + 1200).map(|_| *w.step()).collect();
        let before = mean(&ms, "model_recall", drift - 500, drift);
        let hurt = mean(&ms, "model_recall", retrain - 300, retrain);
        let after = mean(&ms, "model_recall", retrain + 700, retrain + 1200);
        let ab = mean(&ms, "model_accuracy", drift - 500, drift);
        let aa = mean(&ms, "model_accuracy", retrain + 700, retrain + 1200);
        let alarm = w.lifecycle().events().iter().any(|e| e.stage == driftline_sim::lifecycle::Stage::Alarm);
        let v2 = ms.last().unwrap().model_version == 2;
        let ok = hurt < before - 0.1 && (after - before).abs() < 0.06 && (aa - ab).abs() < 0.01 && alarm && v2;
        if !ok { fails += 1; println!("seed {seed}: before {before:.3} hurt {hurt:.3} after {after:.3} acc {ab:.4}->{aa:.4} alarm {alarm} v2 {v2}"); }
        drops.push(before - hurt);
    }
    let m = drops.iter().sum::<f64>() / drops.len() as f64;
    println!("mag {mag}: mean drop {m:.4}, failing seeds {fails}/49 (off {off} cap {cap})");
}
