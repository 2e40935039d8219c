//! The M/M/c queue: Poisson arrivals at rate lambda, exponential service at rate mu per
//! server, c servers, first come first served.
//!
//! The probability that an arriving phone has to wait is the **Erlang C formula**
//!
//! ```text
//! C(c, a) = (a^c / c!) * c / (c - a)  /  ( sum_{k<c} a^k / k!  +  (a^c / c!) * c / (c - a) )
//! ```
//!
//! with offered load `a = lambda / mu` (Erlangs) and utilisation `rho = a / c < 1`.
//! Computed without factorials or powers through the Erlang B recursion
//! `B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))` and `C = c B / (c - a (1 - B))`, which stays
//! accurate for hundreds of servers. The waiting time then has the tail
//! `P(W > t) = C exp(-(c mu - lambda) t)` (the conditional wait is exponential with rate
//! `c mu - lambda`), so its q-quantile is `ln(C / (1 - q)) / (c mu - lambda)` when
//! `C > 1 - q` and 0 otherwise. (Any queueing text, e.g. Kleinrock, *Queueing Systems* vol. 1,
//! section 3.5.)

/// Erlang B blocking probability for `servers` and offered load `a` (Erlangs), by the
/// stable recursion. Returns 1 for zero servers with positive load.
pub fn erlang_b(servers: u32, offered_load: f64) -> f64 {
    let a = offered_load.max(0.0);
    let mut b = 1.0;
    for k in 1..=servers {
        let ab = a * b;
        b = ab / (f64::from(k) + ab);
    }
    b
}

/// Erlang C: probability that an arrival waits in an M/M/c queue with `servers` and
/// offered load `a = lambda / mu`. Returns 1 when `a >= servers` (no steady state: every
/// arrival eventually waits).
pub fn erlang_c(servers: u32, offered_load: f64) -> f64 {
    let c = f64::from(servers);
    let a = offered_load.max(0.0);
    if servers == 0 || a >= c {
        return 1.0;
    }
    if a == 0.0 {
        return 0.0;
    }
    let b = erlang_b(servers, a);
    (c * b / (c - a * (1.0 - b))).clamp(0.0, 1.0)
}

/// One M/M/c queue in steady state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmcQueue {
    /// Arrival rate lambda, phones per second.
    pub arrival_rate_per_sec: f64,
    /// Service rate mu of one server, phones per second.
    pub service_rate_per_sec: f64,
    /// Servers c.
    pub servers: u32,
}

impl MmcQueue {
    /// Offered load a = lambda / mu, in Erlangs.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate_per_sec / self.service_rate_per_sec
    }

    /// Utilisation rho = lambda / (c mu); a steady state exists only below 1.
    pub fn utilisation(&self) -> f64 {
        self.offered_load() / f64::from(self.servers)
    }

    /// Whether rho < 1.
    pub fn is_stable(&self) -> bool {
        self.servers > 0 && self.service_rate_per_sec > 0.0 && self.utilisation() < 1.0
    }

    /// Erlang C: probability that a phone waits at all.
    pub fn prob_wait(&self) -> f64 {
        erlang_c(self.servers, self.offered_load())
    }

    /// Rate of the conditional waiting-time exponential, c mu - lambda (per second).
    pub fn drain_rate_per_sec(&self) -> f64 {
        f64::from(self.servers) * self.service_rate_per_sec - self.arrival_rate_per_sec
    }

    /// P(W > t): probability that a phone waits longer than `t_secs`.
    pub fn prob_wait_exceeds(&self, t_secs: f64) -> f64 {
        if !self.is_stable() {
            return 1.0;
        }
        if t_secs < 0.0 {
            return 1.0;
        }
        self.prob_wait() * libm::exp(-self.drain_rate_per_sec() * t_secs)
    }

    /// Mean wait C / (c mu - lambda), seconds; `None` when rho >= 1.
    pub fn mean_wait_secs(&self) -> Option<f64> {
        self.is_stable()
            .then(|| self.prob_wait() / self.drain_rate_per_sec())
    }

    /// The q-quantile of the waiting time, seconds (`q` in [0, 1)); `None` when rho >= 1.
    pub fn wait_quantile_secs(&self, q: f64) -> Option<f64> {
        if !self.is_stable() {
            return None;
        }
        let tail = 1.0 - q.clamp(0.0, 1.0);
        let c = self.prob_wait();
        if c <= tail {
            return Some(0.0);
        }
        if tail <= 0.0 {
            return Some(f64::INFINITY);
        }
        Some(libm::log(c / tail) / self.drain_rate_per_sec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct Erlang C from the textbook sum, for small c (factorials are exact here).
    fn erlang_c_by_sum(c: u32, a: f64) -> f64 {
        let mut term = 1.0; // a^k / k!
        let mut sum = 0.0;
        for k in 0..c {
            sum += term;
            term *= a / f64::from(k + 1);
        }
        // term is now a^c / c!
        let top = term * f64::from(c) / (f64::from(c) - a);
        top / (sum + top)
    }

    #[test]
    fn erlang_c_matches_hand_computed_points() {
        // c = 2, a = 1: sum_{k<2} = 1 + 1 = 2; a^2/2! * 2/(2-1) = 0.5 * 2 = 1; C = 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // c = 3, a = 2: sum = 1 + 2 + 2 = 5; a^3/3! * 3/(3-2) = (8/6) * 3 = 4; C = 4/9.
        assert!((erlang_c(3, 2.0) - 4.0 / 9.0).abs() < 1e-12);
        // M/M/1: C = rho.
        for rho in [0.1, 0.5, 0.9] {
            assert!((erlang_c(1, rho) - rho).abs() < 1e-12);
        }
        // Erlang B, c = 2, a = 1: B1 = 1/2, B2 = (1 * 1/2) / (2 + 1/2) = 0.2.
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-12);
    }

    #[test]
    fn recursion_agrees_with_the_sum_formula() {
        for c in 1..=20u32 {
            for frac in [0.05, 0.3, 0.6, 0.85, 0.99] {
                let a = frac * f64::from(c);
                let want = erlang_c_by_sum(c, a);
                assert!((erlang_c(c, a) - want).abs() < 1e-9, "c={c} a={a}");
            }
        }
    }

    #[test]
    fn large_server_counts_stay_finite_and_sensible() {
        // 500 servers at rho 0.95: the sum formula would overflow a^c / c!; the recursion
        // must still give a probability.
        let c = erlang_c(500, 475.0);
        assert!(c.is_finite() && (0.0..=1.0).contains(&c));
        // More servers at the same rho wait less often (economies of scale).
        assert!(erlang_c(100, 95.0) < erlang_c(10, 9.5));
    }

    #[test]
    fn unstable_or_empty_edge_cases() {
        assert_eq!(erlang_c(2, 2.0), 1.0);
        assert_eq!(erlang_c(2, 3.0), 1.0);
        assert_eq!(erlang_c(0, 1.0), 1.0);
        assert_eq!(erlang_c(4, 0.0), 0.0);
        let q = MmcQueue {
            arrival_rate_per_sec: 5.0,
            service_rate_per_sec: 1.0,
            servers: 4,
        };
        assert!(!q.is_stable());
        assert_eq!(q.wait_quantile_secs(0.99), None);
        assert_eq!(q.mean_wait_secs(), None);
        assert_eq!(q.prob_wait_exceeds(10.0), 1.0);
    }

    #[test]
    fn waiting_tail_and_quantiles_at_a_known_point() {
        // lambda = 1/s, mu = 1/s, c = 2: C = 1/3, drain rate c mu - lambda = 1/s.
        // P(W > t) = (1/3) e^{-t}; mean wait = (1/3) / 1 = 0.3333 s.
        // p99: ln((1/3) / 0.01) = ln(33.333) = 3.506558 s. p50: C = 1/3 <= 0.5, so 0.
        let q = MmcQueue {
            arrival_rate_per_sec: 1.0,
            service_rate_per_sec: 1.0,
            servers: 2,
        };
        assert!((q.utilisation() - 0.5).abs() < 1e-12);
        assert!((q.prob_wait_exceeds(0.0) - 1.0 / 3.0).abs() < 1e-12);
        assert!((q.prob_wait_exceeds(2.0) - (1.0 / 3.0) * 0.135_335_283_236_612_7).abs() < 1e-12);
        assert!((q.mean_wait_secs().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert!((q.wait_quantile_secs(0.99).unwrap() - 3.506_557_897_319_982).abs() < 1e-9);
        assert_eq!(q.wait_quantile_secs(0.5), Some(0.0));
        // The quantile inverts the tail.
        let t = q.wait_quantile_secs(0.9).unwrap();
        assert!((q.prob_wait_exceeds(t) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn waiting_rises_with_load() {
        let mut last = 0.0;
        for lambda in [1.0, 2.0, 4.0, 6.0, 8.0, 9.0, 9.5] {
            let q = MmcQueue {
                arrival_rate_per_sec: lambda,
                service_rate_per_sec: 2.5,
                servers: 4,
            };
            let p99 = q.wait_quantile_secs(0.99).unwrap();
            assert!(p99 >= last, "lambda {lambda}");
            last = p99;
        }
        assert!(last > 0.0);
    }
}
