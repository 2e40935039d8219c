//! Phones per second through the whole world: the default scenario, and a heavy one with
//! every monitor on (drift statistics every tick batch, ADWIN, extra alert rules, a shadow
//! candidate doubling model work).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use driftline_sim::bench_scenarios::heavy_monitoring;
use driftline_sim::{Scenario, World};
use std::hint::black_box;

const TICKS: u64 = 20_000;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("world");
    // Many phones per tick: per-tick work (monitoring, labels, metrics) is amortised, so this
    // shows the per-phone cost of drawing, scoring and deciding.
    let dense = Scenario {
        phones_per_tick: 1000.0,
        ..Scenario::default()
    };
    for (name, s, ticks) in [
        ("default", Scenario::default(), TICKS),
        ("heavy_all_monitors", heavy_monitoring(), TICKS),
        ("dense_1000_per_tick", dense, TICKS / 100),
    ] {
        // Phones per run are fixed by the seed, so throughput is exact.
        let phones = {
            let mut w = World::new(s.clone()).unwrap();
            w.run(ticks);
            w.totals().arrived
        };
        g.throughput(Throughput::Elements(phones));
        let base = World::new(s).unwrap();
        g.bench_function(name, |b| {
            // Each run starts from a fresh copy of the tick-0 world, made outside the timed
            // part: copying (and later freeing) the world's preallocated history and logs is
            // set-up, not simulation. The finished world is returned so it is dropped
            // outside the timing too.
            b.iter_batched(
                || base.clone(),
                |mut w| {
                    w.run(black_box(ticks));
                    black_box(w.totals().decided);
                    w
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
