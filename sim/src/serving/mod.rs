//! Serving: the model servers that score phones, with capacity, queueing, latency, load,
//! memory and cost (lesson 6).
//!
//! # The model, per tick
//!
//! Each tick of `tick_secs` seconds, `arrivals` phones join a FIFO queue (one cohort per
//! tick). `servers` servers each score `mu = 1000 / (service_ms * compute_multiplier)`
//! phones per second, so a real-time tick can serve `c * mu * tick_secs` phones (the
//! fraction carries to the next tick); a batch run, every `batch_every_ticks` ticks, can
//! serve the whole period's capacity at once.
//!
//! - **Backlog**: phones that cannot be served this tick stay queued and are served in a
//!   later tick (`delayed`). When rho = lambda / (c mu) >= 1 the backlog grows tick after
//!   tick.
//! - **Drops**: past `queue_capacity` waiting phones, the newest are turned away (`dropped`,
//!   counted every tick and in [`ServingTotals`]; never silently lost). The world decides
//!   them by its fallback (human or default verdict).
//! - **Latency** of a phone = network round trip + mean service time + waiting time:
//!   - phones served in the tick they arrived (real time) wait as in a steady-state
//!     **M/M/c queue** with this tick's arrival rate: `P(W > t) = C exp(-(c mu - lambda) t)`
//!     with C from the **Erlang C formula** ([`queueing`]); if a backlog was served first
//!     they also wait for it (`backlog / (c mu)`), and no phone is charged more than the time
//!     the servers needed for everything served this tick (at rho >= 1, where M/M/c has no
//!     steady state, every such phone is charged that full time);
//!   - phones from earlier ticks (backlog, or the batch buffer) follow the fluid FIFO
//!     picture: a cohort's phones arrived evenly over their tick and are served in order at
//!     `c mu` per second (from the start of the serving tick in real time, from the end of
//!     the batch tick in batch mode), so each served slice waits a linear ramp of times.
//!
//!   p50 and p99 are taken over all phones served in the tick (exactly, by bisection on the
//!   mixed distribution), `None` when nothing was served.
//! - **Load**: `utilisation` is the offered rho (can exceed 1); `cpu_load` is the busy share
//!   of the servers this tick (0..=1; a batch run keeps them busy across ticks).
//! - **Cost**: servers x price per server-hour x tick length, plus storage per logged phone.
//!   **Memory**: model servers + queued images + the logging buffer.
//!
//! About 500 lines of code, the rest tests against hand-computed queueing figures.

pub mod config;
pub mod queueing;

pub use config::{
    ServingConfig, ServingConfigError, ServingMode, Site, SiteProfile, LOGGING_BUFFER_MB,
    LOGGING_COST_PER_PHONE, QUEUED_IMAGE_MB,
};
pub use queueing::{erlang_b, erlang_c, MmcQueue};

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Bisection steps for a mixed-distribution quantile: halves the range 48 times, below a
/// nanosecond even for day-long batch waits.
const QUANTILE_BISECTION_STEPS: u32 = 48;

/// What serving did in one tick.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ServingTick {
    /// Phones that arrived this tick.
    pub arrived: u32,
    /// Phones scored this tick (including delayed ones from earlier ticks).
    pub served: u32,
    /// Of `served`, phones that arrived in an earlier tick.
    pub delayed: u32,
    /// Phones still waiting at the end of the tick (backlog or batch buffer).
    pub queued: u32,
    /// Phones turned away this tick because the queue was full: the newest arrivals first
    /// (older waiting phones only if the queue was shrunk by a config change). The world
    /// decides them by its fallback.
    pub dropped: u32,
    /// Median latency of the phones served this tick, ms (`None` if none were served).
    pub latency_p50_ms: Option<f64>,
    /// 99th-percentile latency of the phones served this tick, ms.
    pub latency_p99_ms: Option<f64>,
    /// Phones scored per second this tick.
    pub throughput_per_sec: f64,
    /// Offered utilisation rho = lambda / (c mu) of this tick's arrivals (can exceed 1).
    pub utilisation: f64,
    /// Share of server time busy this tick, 0..=1.
    pub cpu_load: f64,
    /// Memory in use, MB.
    pub memory_mb: f64,
    /// Serving cost of this tick, dollars.
    pub cost: f64,
    /// Whether a batch run happened this tick (always true in real time).
    pub batch_ran: bool,
}

/// Running totals since the model was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServingTotals {
    /// Phones that arrived.
    pub arrived: u64,
    /// Phones scored.
    pub served: u64,
    /// Phones scored in a later tick than they arrived.
    pub delayed: u64,
    /// Phones turned away.
    pub dropped: u64,
}

/// Phones that arrived in the same tick (evenly spread over it), served first to last.
#[derive(Debug, Clone, Copy)]
struct Cohort {
    tick: u64,
    /// Phones that arrived in that tick.
    arrived: u32,
    /// Served so far (always the earliest arrivals, FIFO).
    taken: u32,
    /// Still waiting (tail drops remove the latest arrivals).
    count: u32,
}

/// A slice of one cohort served this tick: its `count` phones' latencies are spread
/// evenly between `lo_ms` and `hi_ms`.
#[derive(Debug, Clone, Copy)]
struct ServedSlice {
    lo_ms: f64,
    hi_ms: f64,
    /// count / (hi - lo), or 0 for a single point.
    density_per_ms: f64,
    count: f64,
}

impl ServedSlice {
    /// A slice whose latency runs linearly from `first_ms` to `last_ms`.
    fn new(first_ms: f64, last_ms: f64, count: u32) -> Self {
        let (lo_ms, hi_ms) = if first_ms <= last_ms {
            (first_ms, last_ms)
        } else {
            (last_ms, first_ms)
        };
        let count = f64::from(count);
        let density_per_ms = if hi_ms > lo_ms {
            count / (hi_ms - lo_ms)
        } else {
            0.0
        };
        Self {
            lo_ms,
            hi_ms,
            density_per_ms,
            count,
        }
    }

    /// Phones of this slice with latency <= `x_ms`.
    #[inline]
    fn count_at_or_below(&self, x_ms: f64) -> f64 {
        if x_ms >= self.hi_ms {
            self.count
        } else if x_ms < self.lo_ms {
            0.0
        } else {
            (x_ms - self.lo_ms) * self.density_per_ms
        }
    }
}

/// Waiting-time law of the phones served in the tick they arrived (real time).
#[derive(Debug, Clone, Copy)]
struct NewPhones {
    count: u32,
    /// Whether this tick's M/M/c has a steady state (rho < 1).
    stable: bool,
    /// Erlang C: probability of waiting at all.
    prob_wait: f64,
    /// c mu - lambda, per second.
    drain_rate_per_sec: f64,
    /// Time the servers spent on backlog before reaching these phones, s.
    shift_secs: f64,
    /// Longest possible wait this tick, s.
    cap_secs: f64,
    /// Round trip + service, ms.
    base_ms: f64,
}

impl NewPhones {
    fn new(count: u32, queue: &MmcQueue, shift_secs: f64, cap_secs: f64, base_ms: f64) -> Self {
        // Erlang C is only needed when some phones are served on arrival.
        let stable = count > 0 && queue.is_stable();
        Self {
            count,
            stable,
            prob_wait: if stable { queue.prob_wait() } else { 1.0 },
            drain_rate_per_sec: queue.drain_rate_per_sec(),
            shift_secs,
            cap_secs,
            base_ms,
        }
    }

    fn wait_cdf(&self, w_secs: f64) -> f64 {
        if w_secs >= self.cap_secs {
            1.0
        } else if !self.stable || w_secs < self.shift_secs {
            0.0
        } else {
            // P(W <= w) = 1 - C exp(-(c mu - lambda) w), shifted by the backlog time.
            1.0 - self.prob_wait * libm::exp(-self.drain_rate_per_sec * (w_secs - self.shift_secs))
        }
    }

    fn latency_cdf(&self, x_ms: f64) -> f64 {
        self.wait_cdf((x_ms - self.base_ms) / 1000.0)
    }

    fn latency_quantile_ms(&self, q: f64) -> f64 {
        let tail = 1.0 - q;
        let wait = if !self.stable {
            self.cap_secs
        } else if self.prob_wait <= tail {
            self.shift_secs.min(self.cap_secs)
        } else {
            // Same inversion as MmcQueue::wait_quantile_secs, with C computed once per tick.
            let w = libm::log(self.prob_wait / tail) / self.drain_rate_per_sec;
            (self.shift_secs + w).min(self.cap_secs)
        };
        self.base_ms + wait * 1000.0
    }
}

/// The serving layer's state machine. Deterministic: no randomness.
#[derive(Debug, Clone)]
pub struct ServingModel {
    config: ServingConfig,
    profile: SiteProfile,
    tick_secs: f64,
    tick: u64,
    queue: VecDeque<Cohort>,
    queued: u32,
    capacity_carry: f64,
    pending_work_secs: f64,
    /// Scratch for the slices served from earlier ticks (or a batch) this tick.
    served_groups: Vec<ServedSlice>,
    totals: ServingTotals,
}

impl ServingModel {
    /// A model with an empty queue. Errors name the offending field.
    pub fn new(config: ServingConfig, tick_secs: f64) -> Result<Self, ServingConfigError> {
        config.validate()?;
        if !(tick_secs.is_finite() && tick_secs > 0.0) {
            return Err(ServingConfigError::TickSecs(tick_secs));
        }
        // Cohorts never exceed queued phones; reserve a modest amount up front.
        let reserve = (config.queue_capacity as usize).min(4096) + 1;
        Ok(Self {
            config,
            profile: config.site.profile(),
            tick_secs,
            tick: 0,
            queue: VecDeque::with_capacity(reserve),
            queued: 0,
            capacity_carry: 0.0,
            pending_work_secs: 0.0,
            served_groups: Vec::with_capacity(reserve.min(256)),
            totals: ServingTotals::default(),
        })
    }

    /// The settings.
    pub fn config(&self) -> &ServingConfig {
        &self.config
    }

    /// The current site's per-server numbers.
    pub fn profile(&self) -> &SiteProfile {
        &self.profile
    }

    /// Changes the settings mid-run; waiting phones stay queued (a smaller queue drops the
    /// excess at the next tick, counted there).
    pub fn set_config(&mut self, config: ServingConfig) -> Result<(), ServingConfigError> {
        config.validate()?;
        if config.site != self.config.site || config.mode != self.config.mode {
            self.capacity_carry = 0.0;
        }
        self.config = config;
        self.profile = config.site.profile();
        Ok(())
    }

    /// Whether phones are logged (so labelled phones can be kept for retraining).
    pub fn logs_phones(&self) -> bool {
        self.config.logging
    }

    /// Phones waiting now.
    pub fn backlog(&self) -> u32 {
        self.queued
    }

    /// Ticks simulated so far.
    pub fn ticks(&self) -> u64 {
        self.tick
    }

    /// Totals since creation.
    pub fn totals(&self) -> ServingTotals {
        self.totals
    }

    /// Serves one tick: `arrivals` new phones; `compute_multiplier` scales the work per
    /// phone (2.0 in shadow mode, where every phone is scored twice; non-positive or
    /// non-finite values count as 1.0).
    pub fn on_tick(&mut self, arrivals: u32, compute_multiplier: f64) -> ServingTick {
        let mult = if compute_multiplier.is_finite() && compute_multiplier > 0.0 {
            compute_multiplier
        } else {
            1.0
        };
        let t = self.tick_secs;
        let service_secs = self.profile.service_ms / 1000.0 * mult;
        let mu = 1.0 / service_secs;
        let servers = self.config.servers;
        let cmu = f64::from(servers) * mu;
        let lambda = f64::from(arrivals) / t;

        if arrivals > 0 {
            self.queue.push_back(Cohort {
                tick: self.tick,
                arrived: arrivals,
                taken: 0,
                count: arrivals,
            });
            self.queued = self.queued.saturating_add(arrivals);
        }

        let (batch_ran, capacity) = match self.config.mode {
            ServingMode::RealTime => {
                let cap = cmu * t + self.capacity_carry;
                let whole = libm::floor(cap);
                // Only the fractional phone carries over: idle capacity is lost.
                self.capacity_carry = cap - whole;
                (true, whole)
            }
            ServingMode::Batch { batch_every_ticks } => {
                let n = batch_every_ticks.max(1);
                if (self.tick + 1).is_multiple_of(n) {
                    (true, libm::floor(cmu * t * n as f64))
                } else {
                    (false, 0.0)
                }
            }
        };
        let served = f64::from(self.queued).min(capacity.max(0.0)) as u32;

        // Take phones off the front of the queue, oldest cohort first.
        let batch = !matches!(self.config.mode, ServingMode::RealTime);
        let base_ms = self.profile.network_rtt_ms + service_secs * 1000.0;
        self.served_groups.clear();
        let (mut remaining, mut position, mut delayed, mut served_new) = (served, 0u32, 0u32, 0u32);
        // Seconds from this tick's start until the servers begin on the queue.
        let run_start_secs = if batch { t } else { 0.0 };
        while remaining > 0 {
            let Some(front) = self.queue.front_mut() else {
                break;
            };
            let n = front.count.min(remaining);
            let age = self.tick - front.tick;
            if age > 0 {
                delayed += n;
            }
            if !batch && age == 0 {
                served_new += n;
            } else {
                // Arrival times of this slice relative to the start of this tick: the
                // cohort's phones came evenly over its tick, this slice being phones
                // taken..taken+n of them.
                let per_phone_secs = t / f64::from(front.arrived.max(1));
                let arrive_first = -(age as f64) * t + f64::from(front.taken) * per_phone_secs;
                let arrive_last = arrive_first + f64::from(n) * per_phone_secs;
                let start_first = run_start_secs + f64::from(position) / cmu;
                let start_last = start_first + f64::from(n) / cmu;
                self.served_groups.push(ServedSlice::new(
                    base_ms + (start_first - arrive_first) * 1000.0,
                    base_ms + (start_last - arrive_last) * 1000.0,
                    n,
                ));
            }
            position += n;
            remaining -= n;
            front.taken += n;
            front.count -= n;
            if front.count == 0 {
                self.queue.pop_front();
            }
        }
        self.queued -= served;

        // Tail drop: the newest phones beyond the queue capacity are turned away.
        let mut dropped = 0u32;
        while self.queued > self.config.queue_capacity {
            let Some(back) = self.queue.back_mut() else {
                break;
            };
            let k = back.count.min(self.queued - self.config.queue_capacity);
            back.count -= k;
            self.queued -= k;
            dropped += k;
            if back.count == 0 {
                self.queue.pop_back();
            }
        }

        let new_phones = NewPhones::new(
            served_new,
            &MmcQueue {
                arrival_rate_per_sec: lambda,
                service_rate_per_sec: mu,
                servers,
            },
            f64::from(delayed) / cmu,
            f64::from(served) / cmu,
            base_ms,
        );
        let (latency_p50_ms, latency_p99_ms) = if served == 0 {
            (None, None)
        } else {
            (
                Some(served_quantile_ms(0.5, &self.served_groups, &new_phones)),
                Some(served_quantile_ms(0.99, &self.served_groups, &new_phones)),
            )
        };

        // Work done: a batch run can keep the servers busy into later ticks.
        self.pending_work_secs += f64::from(served) * service_secs;
        let budget_secs = f64::from(servers) * t;
        let busy_secs = self.pending_work_secs.min(budget_secs);
        self.pending_work_secs -= busy_secs;

        let logging = self.config.logging;
        let memory_mb = f64::from(servers) * self.profile.model_memory_mb_per_server
            + f64::from(self.queued) * QUEUED_IMAGE_MB
            + if logging { LOGGING_BUFFER_MB } else { 0.0 };
        let cost = f64::from(servers) * self.profile.cost_per_server_hour * t / 3600.0
            + if logging {
                f64::from(arrivals) * LOGGING_COST_PER_PHONE
            } else {
                0.0
            };

        self.totals.arrived += u64::from(arrivals);
        self.totals.served += u64::from(served);
        self.totals.delayed += u64::from(delayed);
        self.totals.dropped += u64::from(dropped);
        self.tick += 1;

        ServingTick {
            arrived: arrivals,
            served,
            delayed,
            queued: self.queued,
            dropped,
            latency_p50_ms,
            latency_p99_ms,
            throughput_per_sec: f64::from(served) / t,
            utilisation: lambda / cmu,
            cpu_load: busy_secs / budget_secs,
            memory_mb,
            cost,
            batch_ran,
        }
    }
}

/// The q-quantile latency over the served phones: `groups` of slices with a linear
/// latency ramp each, plus the real-time `new` phones with a continuous law.
fn served_quantile_ms(q: f64, groups: &[ServedSlice], new: &NewPhones) -> f64 {
    if groups.is_empty() {
        return new.latency_quantile_ms(q);
    }
    let group_total: f64 = groups.iter().map(|g| g.count).sum();
    let target = q * (group_total + f64::from(new.count));
    let count_at_or_below = |x: f64| -> f64 {
        let from_groups: f64 = groups.iter().map(|g| g.count_at_or_below(x)).sum();
        let from_new = if new.count > 0 {
            f64::from(new.count) * new.latency_cdf(x)
        } else {
            0.0
        };
        from_groups + from_new
    };
    let mut hi = groups
        .iter()
        .map(|g| g.hi_ms)
        .fold(new.base_ms + new.cap_secs * 1000.0, f64::max);
    let mut lo = 0.0;
    for _ in 0..QUANTILE_BISECTION_STEPS {
        let mid = 0.5 * (lo + hi);
        if count_at_or_below(mid) >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(config: ServingConfig) -> ServingModel {
        ServingModel::new(config, 10.0).unwrap()
    }

    fn steady(config: ServingConfig, arrivals: u32, mult: f64) -> ServingTick {
        let mut m = model(config);
        let mut last = ServingTick::default();
        for _ in 0..5 {
            last = m.on_tick(arrivals, mult);
        }
        last
    }

    fn edge(servers: u32) -> ServingConfig {
        ServingConfig {
            servers,
            ..ServingConfig::default()
        }
    }

    fn cloud(servers: u32) -> ServingConfig {
        ServingConfig {
            site: Site::Cloud,
            servers,
            ..ServingConfig::default()
        }
    }

    #[test]
    fn matches_erlang_c_at_a_hand_computed_point() {
        // Edge, 1 server, 100 ms service: mu = 10/s. 50 phones per 10 s tick: lambda = 5/s,
        // rho = 0.5, and for one server Erlang C = rho = 0.5.
        // p99 wait = ln(0.5 / 0.01) / (10 - 5) = ln(50) / 5 = 3.912023 / 5 = 0.7824046 s,
        // below the 5 s the server needs for all 50 phones; p99 = 100 + 782.4046 ms.
        // p50: C = 0.5 <= 1 - 0.5, so no wait; p50 = 100 ms.
        let tick = steady(edge(1), 50, 1.0);
        assert!((tick.utilisation - 0.5).abs() < 1e-12);
        assert!((tick.latency_p99_ms.unwrap() - 882.404_6).abs() < 1e-3);
        assert!((tick.latency_p50_ms.unwrap() - 100.0).abs() < 1e-9);
        assert!((tick.cpu_load - 0.5).abs() < 1e-9);
        assert_eq!(tick.served, 50);
        assert_eq!(tick.delayed, 0);

        // Cloud, 2 servers, 25 ms: mu = 40/s. 400 phones per tick: lambda = 40/s, a = 1,
        // c = 2, so C = 1/3 (worked in the queueing tests) and the drain rate is
        // 80 - 40 = 40/s. p99 wait = ln((1/3) / 0.01) / 40 = 3.5065579 / 40 s = 87.664 ms;
        // p99 = 60 (network) + 25 (service) + 87.664 ms; p50 has no wait (C < 0.5).
        let tick = steady(cloud(2), 400, 1.0);
        assert!((tick.latency_p99_ms.unwrap() - (85.0 + 87.663_947)).abs() < 1e-3);
        assert!((tick.latency_p50_ms.unwrap() - 85.0).abs() < 1e-9);
    }

    #[test]
    fn latency_and_load_rise_with_arrivals() {
        let (mut last_p99, mut last_load) = (0.0, 0.0);
        for arrivals in [5u32, 10, 20, 40, 60, 80, 90, 95] {
            let t = steady(edge(1), arrivals, 1.0);
            let p99 = t.latency_p99_ms.unwrap();
            assert!(
                p99 > last_p99,
                "arrivals {arrivals}: p99 {p99} <= {last_p99}"
            );
            assert!(t.cpu_load > last_load);
            assert_eq!(t.queued, 0, "below capacity nothing waits between ticks");
            last_p99 = p99;
            last_load = t.cpu_load;
        }
        // Past capacity latency jumps to the scale of the tick.
        let over = steady(edge(1), 150, 1.0);
        assert!(over.latency_p99_ms.unwrap() > last_p99);
        assert!(over.latency_p99_ms.unwrap() >= 10_000.0);
        assert_eq!(over.cpu_load, 1.0);
    }

    #[test]
    fn more_servers_lower_p99_and_raise_cost() {
        let one = steady(cloud(1), 300, 1.0);
        let three = steady(cloud(3), 300, 1.0);
        assert!(three.latency_p99_ms.unwrap() < one.latency_p99_ms.unwrap());
        assert!(three.cost > one.cost);
        assert!(three.cpu_load < one.cpu_load);
        assert!(three.memory_mb > one.memory_mb);
        // Cost is exactly servers * price * tick length (+ logging).
        let p = Site::Cloud.profile();
        let expect = 3.0 * p.cost_per_server_hour * 10.0 / 3600.0 + 300.0 * LOGGING_COST_PER_PHONE;
        assert!((three.cost - expect).abs() < 1e-12);
    }

    #[test]
    fn overload_builds_a_backlog_then_drops() {
        // Capacity 100 phones per tick, 150 arrive, room for 200 waiting.
        let mut m = model(ServingConfig {
            queue_capacity: 200,
            ..edge(1)
        });
        let ticks: Vec<ServingTick> = (0..8).map(|_| m.on_tick(150, 1.0)).collect();
        let queued: Vec<u32> = ticks.iter().map(|t| t.queued).collect();
        let dropped: Vec<u32> = ticks.iter().map(|t| t.dropped).collect();
        assert_eq!(queued, vec![50, 100, 150, 200, 200, 200, 200, 200]);
        assert_eq!(dropped, vec![0, 0, 0, 0, 50, 50, 50, 50]);
        assert!(ticks.iter().all(|t| t.served == 100));
        assert!(ticks[1].delayed > 0);
        assert!(ticks[1].utilisation > 1.0);
        // Waiting phones grow older, so latency keeps rising until drops cap the queue.
        // Fluid check for tick 4: it serves phones that arrived 26.7..33.3 s into the run
        // (15 per s) at 40..50 s (10 per s): waits 13.3..16.7 s, so p99 is about 16.7 s.
        let p99: Vec<f64> = ticks.iter().map(|t| t.latency_p99_ms.unwrap()).collect();
        assert!(p99[2] < p99[3] && p99[3] < p99[4], "{p99:?}");
        assert!((p99[4] - (100.0 + 16_633.0)).abs() < 50.0, "{p99:?}");
        assert!(p99[4] > p99[0] + 5_000.0);
        // Once drops hold the queue at 200 phones (20 s of work), latency levels off.
        assert!((p99[7] - p99[6]).abs() < 1.0, "{p99:?}");
        // Queue memory is visible.
        assert!(ticks[3].memory_mb > ticks[0].memory_mb);
        // Nothing is lost: arrivals = served + dropped + waiting.
        let tot = m.totals();
        assert_eq!(
            tot.arrived,
            tot.served + tot.dropped + u64::from(m.backlog())
        );
        // When arrivals stop, the backlog drains and latency recovers.
        let drain: Vec<ServingTick> = (0..4).map(|_| m.on_tick(0, 1.0)).collect();
        assert_eq!(drain[0].served, 100);
        assert_eq!(drain[1].served, 100);
        assert_eq!(drain[2].served, 0);
        assert_eq!(drain[2].latency_p99_ms, None);
        assert_eq!(m.backlog(), 0);
    }

    #[test]
    fn zero_queue_capacity_drops_everything_over_capacity() {
        let mut m = model(ServingConfig {
            queue_capacity: 0,
            ..edge(1)
        });
        let t = m.on_tick(130, 1.0);
        assert_eq!((t.served, t.queued, t.dropped), (100, 0, 30));
    }

    #[test]
    fn batch_latency_exceeds_real_time_and_grows_with_the_period() {
        let rt = steady(edge(1), 10, 1.0);
        let mut prev_p50 = rt.latency_p50_ms.unwrap();
        for every in [3u64, 6, 30] {
            let mut m = model(ServingConfig {
                mode: ServingMode::Batch {
                    batch_every_ticks: every,
                },
                ..edge(1)
            });
            let ticks: Vec<ServingTick> = (0..(3 * every)).map(|_| m.on_tick(10, 1.0)).collect();
            let runs: Vec<&ServingTick> = ticks.iter().filter(|t| t.batch_ran).collect();
            assert_eq!(runs.len() as u64, 3);
            for (i, t) in ticks.iter().enumerate() {
                if t.batch_ran {
                    assert_eq!(t.served as u64, 10 * every, "a run scores the whole period");
                    assert_eq!(t.queued, 0);
                    assert_eq!((i as u64 + 1) % every, 0);
                } else {
                    assert_eq!(t.served, 0);
                    assert_eq!(t.latency_p50_ms, None);
                }
            }
            let p50 = runs[2].latency_p50_ms.unwrap();
            assert!(p50 > prev_p50, "every {every}: {p50} <= {prev_p50}");
            assert!(runs[2].latency_p99_ms.unwrap() > rt.latency_p99_ms.unwrap());
            // A phone waits on average about half a period for its batch.
            assert!(p50 > 0.4 * every as f64 * 10_000.0);
            prev_p50 = p50;
        }
    }

    #[test]
    fn batch_run_keeps_servers_busy_across_ticks() {
        // 6-tick batches of 80 phones each tick: 480 phones = 48 s of work on one server.
        let mut m = model(ServingConfig {
            mode: ServingMode::Batch {
                batch_every_ticks: 6,
            },
            ..edge(1)
        });
        let loads: Vec<f64> = (0..12).map(|_| m.on_tick(80, 1.0).cpu_load).collect();
        assert_eq!(&loads[..5], &[0.0; 5]);
        assert_eq!(&loads[5..9], &[1.0; 4]);
        assert!((loads[9] - 0.8).abs() < 1e-9);
        assert_eq!(loads[10], 0.0);
    }

    #[test]
    fn cloud_adds_the_network_round_trip() {
        let e = steady(edge(1), 5, 1.0);
        let c = steady(cloud(1), 5, 1.0);
        let (ep, cp) = (Site::Edge.profile(), Site::Cloud.profile());
        // At this load nobody waits at the median, so p50 = round trip + service.
        assert!((e.latency_p50_ms.unwrap() - ep.service_ms).abs() < 1e-9);
        assert!((c.latency_p50_ms.unwrap() - cp.service_ms - cp.network_rtt_ms).abs() < 1e-9);
        assert!(c.latency_p50_ms.unwrap() >= cp.network_rtt_ms);
    }

    #[test]
    fn shadow_compute_doubles_load_and_latency_grows() {
        let one = steady(edge(1), 30, 1.0);
        let two = steady(edge(1), 30, 2.0);
        assert!((two.utilisation - 2.0 * one.utilisation).abs() < 1e-12);
        assert!((two.cpu_load - 2.0 * one.cpu_load).abs() < 1e-9);
        assert!(two.latency_p99_ms.unwrap() > one.latency_p99_ms.unwrap());
        // Nonsense multipliers count as 1.
        let odd = steady(edge(1), 30, f64::NAN);
        assert_eq!(odd, one);
    }

    #[test]
    fn logging_costs_a_little_memory_and_money() {
        let on = steady(edge(1), 10, 1.0);
        let off = steady(
            ServingConfig {
                logging: false,
                ..edge(1)
            },
            10,
            1.0,
        );
        assert!((on.memory_mb - off.memory_mb - LOGGING_BUFFER_MB).abs() < 1e-9);
        assert!((on.cost - off.cost - 10.0 * LOGGING_COST_PER_PHONE).abs() < 1e-15);
        assert!(model(edge(1)).logs_phones());
        assert_eq!(on.latency_p99_ms, off.latency_p99_ms);
    }

    #[test]
    fn fractional_capacity_carries_so_long_run_throughput_is_exact() {
        // 2 edge servers at multiplier 3: mu = 10/3 per server, c mu t = 66.67 per tick.
        let mut m = model(edge(2));
        let mut served = 0u64;
        for _ in 0..300 {
            served += u64::from(m.on_tick(200, 3.0).served);
        }
        // 300 ticks * 66.666.. = 20,000 phones (within one for the carry).
        assert!((served as i64 - 20_000).abs() <= 1, "{served}");
    }

    #[test]
    fn config_changes_keep_the_backlog_and_validate() {
        let mut m = model(ServingConfig {
            queue_capacity: 500,
            ..edge(1)
        });
        m.on_tick(300, 1.0);
        assert_eq!(m.backlog(), 200);
        assert!(m.set_config(cloud(300)).is_err());
        m.set_config(ServingConfig {
            queue_capacity: 50,
            ..cloud(4)
        })
        .unwrap();
        assert_eq!(m.backlog(), 200);
        // Cloud: 4 servers * 40/s * 10 s = 1600 per tick: the backlog clears.
        let t = m.on_tick(10, 1.0);
        assert_eq!(t.served, 210);
        assert_eq!(t.delayed, 200);
        assert_eq!(t.queued, 0);
        assert!(ServingModel::new(ServingConfig::default(), 0.0).is_err());
        assert!(ServingModel::new(ServingConfig::default(), f64::INFINITY).is_err());
    }

    #[test]
    fn quantile_bisection_over_groups_is_exact_for_steps() {
        let idle = MmcQueue {
            arrival_rate_per_sec: 0.0,
            service_rate_per_sec: 1.0,
            servers: 1,
        };
        let new = NewPhones::new(0, &idle, 0.0, 0.0, 0.0);
        // 98 phones at 10 ms, 2 at 500 ms: p50 = 10, p99 = 500.
        let point = |ms: f64, count: u32| ServedSlice::new(ms, ms, count);
        let groups = [point(500.0, 2), point(10.0, 98)];
        assert!((served_quantile_ms(0.5, &groups, &new) - 10.0).abs() < 1e-6);
        assert!((served_quantile_ms(0.99, &groups, &new) - 500.0).abs() < 1e-6);
        // 100 phones spread evenly from 1000 down to 0 ms: quantiles are linear.
        let ramp = [ServedSlice::new(1000.0, 0.0, 100)];
        assert!((served_quantile_ms(0.5, &ramp, &new) - 500.0).abs() < 1e-6);
        assert!((served_quantile_ms(0.99, &ramp, &new) - 990.0).abs() < 1e-6);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Phones are never lost: every arrival is served, dropped or still waiting, and
        /// the queue never exceeds its capacity.
        #[test]
        fn phones_are_conserved(
            arrivals in proptest::collection::vec(0u32..400, 1..60),
            servers in 1u32..4,
            capacity in 0u32..600,
            batch in proptest::option::of(1u64..8),
            mult in 0.5f64..3.0,
        ) {
            let mode = batch.map_or(ServingMode::RealTime, |n| ServingMode::Batch { batch_every_ticks: n });
            let mut m = model(ServingConfig { servers, queue_capacity: capacity, mode, ..ServingConfig::default() });
            let (mut arrived, mut served, mut dropped) = (0u64, 0u64, 0u64);
            for &a in &arrivals {
                let t = m.on_tick(a, mult);
                proptest::prop_assert!(t.queued <= capacity);
                proptest::prop_assert!(t.delayed <= t.served);
                proptest::prop_assert!((0.0..=1.0).contains(&t.cpu_load));
                if let (Some(p50), Some(p99)) = (t.latency_p50_ms, t.latency_p99_ms) {
                    proptest::prop_assert!(p50 <= p99 + 1e-9 && p50 > 0.0);
                }
                arrived += u64::from(a);
                served += u64::from(t.served);
                dropped += u64::from(t.dropped);
            }
            proptest::prop_assert_eq!(arrived, served + dropped + u64::from(m.backlog()));
            proptest::prop_assert_eq!(m.totals().arrived, arrived);
        }
    }
}
