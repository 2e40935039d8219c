//! Seeded random numbers that give the same bits natively and in wasm32.

use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// `2^-53`, the spacing of the uniform draws.
const TWO_POW_MINUS_53: f64 = 1.0 / (1u64 << 53) as f64;

/// Bits in each of the three coarse uniforms of [`SimRng::three_uniforms_21`].
pub const COARSE_BITS: u32 = 21;

/// `2^21`: the number of values a coarse uniform takes (its resolution is `2^-21`, about
/// 4.8e-7).
pub const COARSE_STEPS: u32 = 1 << COARSE_BITS;

/// The threshold `t` such that a coarse uniform `m` (see [`SimRng::three_uniforms_21`])
/// satisfies `m < t` exactly when `m * 2^-21 < p`: `ceil(p * 2^21)`, 0 for p <= 0 or NaN,
/// `2^21` for p >= 1. Comparing integers this way gives the same choices as comparing the
/// uniform `m * 2^-21` with `p` (both scalings by 2^21 are exact), without converting each
/// draw to f64. A probability is thus rounded up to the next multiple of 2^-21: a positive
/// `p` below 2^-21 happens at rate 2^-21, never at 0.
pub fn coarse_threshold(p: f64) -> u32 {
    if p.is_nan() || p <= 0.0 {
        0
    } else if p >= 1.0 {
        COARSE_STEPS
    } else {
        // Below 2^21 after scaling, so the conversion is exact.
        libm::ceil(p * f64::from(COARSE_STEPS)) as u32
    }
}

/// Uniforms in [0, 1) addressed by index: [`IndexedUniforms::at`]`(i)` is the uniform made
/// from the `i`-th output (from 0) of SplitMix64 seeded with `seed` (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014; the mixing constants of
/// `rand_xoshiro::SplitMix64`). SplitMix64's state only advances by a constant, so any output
/// is computed from its index directly. An event that needs a number (the n-th request's
/// routing) thus gets the same one whether or not anything looked at the events before it:
/// nothing is drawn while every request goes to one arm, and a canary later routes the
/// n-th request exactly as it would have from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedUniforms {
    seed: u64,
}

impl IndexedUniforms {
    /// SplitMix64's increment (the golden ratio in 64 bits).
    const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

    /// The stream seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    /// The uniform at `index`.
    #[inline]
    pub fn at(&self, index: u64) -> f64 {
        let mut z = self
            .seed
            .wrapping_add(index.wrapping_add(1).wrapping_mul(Self::GAMMA));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        ((z >> 11) as i64) as f64 * TWO_POW_MINUS_53
    }
}

/// The simulation's random source: xoshiro256++ (Blackman and Vigna, "Scrambled linear
/// pseudorandom number generators", 2021) seeded from a `u64` through SplitMix64, as
/// `rand_xoshiro` does. It needs only 64-bit adds, shifts and rotations; the PCG-64 used
/// before multiplies 128-bit numbers, which wasm32 has no instruction for (24% more phones
/// per second in the page after the switch, BENCHMARKS.md).
/// Transcendental functions go through `libm` so every platform draws identical values.
#[derive(Debug, Clone)]
pub struct SimRng {
    inner: Xoshiro256PlusPlus,
    /// The second normal of the last Box-Muller pair, not yet used.
    spare: Option<f64>,
}

impl SimRng {
    /// A generator seeded deterministically from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            inner: Xoshiro256PlusPlus::seed_from_u64(seed),
            spare: None,
        }
    }

    /// Uniform f64 in [0, 1): the top 53 bits of a draw times 2^-53, exactly what rand's
    /// `random::<f64>()` returns (converted through i64, one instruction on x86-64, since
    /// the value is below 2^53).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as i64) as f64 * TWO_POW_MINUS_53
    }

    /// Three independent integers uniform on [0, 2^21) from one 64-bit draw: bits 0..21,
    /// 21..42 and 43..64 (bit 42 unused). Each stands for the uniform `m * 2^-21` on [0, 1);
    /// compare it with [`coarse_threshold`] of a probability. The resolution, 2^-21 (about
    /// 4.8e-7), is far below the rates the scenarios use (the smallest default defect rate
    /// is 0.006); the camera draws its slice, defect type and missing-image check this way,
    /// one draw instead of three.
    #[inline]
    pub fn three_uniforms_21(&mut self) -> [u32; 3] {
        let bits = self.next_u64();
        let mask = u64::from(COARSE_STEPS - 1);
        [
            (bits & mask) as u32,
            ((bits >> COARSE_BITS) & mask) as u32,
            (bits >> (64 - COARSE_BITS)) as u32,
        ]
    }

    /// A raw 64-bit draw (for deriving child seeds).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Normal draw via the Marsaglia polar form of Box-Muller: a point uniform in the unit
    /// disc gives two standard normals with one `log` and one `sqrt` (no trigonometry); the
    /// second is kept for the next call. About 21% of points fall outside the disc and are
    /// redrawn, deterministically.
    ///
    /// The camera draws its normals with the ziggurat ([`crate::ziggurat::normal`] and
    /// [`crate::ziggurat::Ziggurat::sample_pair`]), the same law at a fraction of the cost;
    /// this sampler remains for the Poisson normal approximation
    /// (large arrival rates) and for tests.
    #[inline]
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        if let Some(z) = self.spare.take() {
            return mean + sd * z;
        }
        loop {
            let x = 2.0 * self.uniform() - 1.0;
            let y = 2.0 * self.uniform() - 1.0;
            let s = x * x + y * y;
            if s > 0.0 && s < 1.0 {
                let f = libm::sqrt(-2.0 * libm::log(s) / s);
                self.spare = Some(y * f);
                return mean + sd * x * f;
            }
        }
    }

    /// True with probability `p` (p outside `[0, 1]` is clamped; NaN counts as 0).
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Poisson draw: inversion of the cumulative probabilities for lambda up to 30 (see
    /// [`Poisson::sample`]); above, a rounded normal approximation keeps the cost bounded.
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        Poisson::new(lambda).sample(self)
    }
}

/// Entries in the Poisson inversion table: `P(K >= 64)` is below 1e-7 for every lambda up
/// to 30, so the search almost never runs past it.
const POISSON_TABLE: usize = 64;

/// A Poisson law with its cumulative probabilities computed once, for drawing every tick.
/// Draws exactly what [`SimRng::poisson`] draws for the same lambda.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poisson {
    lambda: f64,
    /// `P(K <= k)` for k below [`POISSON_TABLE`] (small lambda; unused otherwise).
    cdf: [f64; POISSON_TABLE],
    /// `P(K = 63)`, where the search past the table continues the recurrence.
    last_pmf: f64,
    /// `sqrt(lambda)`, the normal approximation's sd (large lambda).
    sd: f64,
}

impl Poisson {
    /// Lambda above which the rounded normal approximation is used.
    const NORMAL_ABOVE: f64 = 30.0;

    /// The law with mean `lambda` (NaN or non-positive: always 0).
    pub fn new(lambda: f64) -> Self {
        let valid = !lambda.is_nan() && lambda > 0.0;
        let mut cdf = [1.0; POISSON_TABLE];
        let mut pmf = 0.0;
        if valid && lambda <= Self::NORMAL_ABOVE {
            // P(K = k) = P(K = k - 1) * lambda / k from P(K = 0) = exp(-lambda).
            pmf = libm::exp(-lambda);
            let mut acc = pmf;
            cdf[0] = acc;
            for (k, entry) in cdf.iter_mut().enumerate().skip(1) {
                pmf *= lambda / k as f64;
                acc += pmf;
                *entry = acc;
            }
        }
        Self {
            lambda: if valid { lambda } else { 0.0 },
            cdf,
            last_pmf: pmf,
            sd: if valid { libm::sqrt(lambda) } else { 0.0 },
        }
    }

    /// The mean.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// One draw. Small lambda: inversion, the smallest k with `u < P(K <= k)` for one
    /// uniform u, found by scanning the table (about lambda + 1 comparisons); Knuth's
    /// product method, used before, took lambda + 1 uniforms. Large lambda: a rounded
    /// normal approximation keeps the cost bounded.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        if self.lambda <= 0.0 {
            return 0;
        }
        if self.lambda > Self::NORMAL_ABOVE {
            let x = rng.normal(self.lambda, self.sd);
            return libm::round(x.max(0.0)).min(u32::MAX as f64) as u32;
        }
        let u = rng.uniform();
        match self.cdf.iter().position(|&f| u < f) {
            Some(k) => k as u32,
            None => self.beyond_table(u),
        }
    }

    /// The rare draw past the table: continues the recurrence until the cumulative
    /// probability passes u (or stops growing, where rounding leaves it just below 1).
    #[cold]
    #[inline(never)]
    fn beyond_table(&self, u: f64) -> u32 {
        let mut k = POISSON_TABLE;
        let mut pmf = self.last_pmf;
        let mut acc = self.cdf[POISSON_TABLE - 1];
        loop {
            pmf *= self.lambda / k as f64;
            let next = acc + pmf;
            if u < next || next == acc {
                return k as u32;
            }
            acc = next;
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SimRng;

    #[test]
    fn indexed_uniforms_are_splitmix64_outputs_by_index() {
        use rand::{Rng, SeedableRng};
        let seed = 0x0123_4567_89ab_cdef_u64;
        let mut sequential = rand_xoshiro::SplitMix64::from_seed(seed.to_le_bytes());
        let indexed = super::IndexedUniforms::new(seed);
        for i in 0..1000 {
            assert_eq!(
                indexed.at(i).to_bits(),
                sequential.random::<f64>().to_bits(),
                "{i}"
            );
        }
        // Out of order and far ahead, the same values.
        let mut far = rand_xoshiro::SplitMix64::from_seed(seed.to_le_bytes());
        let mut last = 0.0;
        for _ in 0..=100_000 {
            last = far.random::<f64>();
        }
        assert_eq!(indexed.at(100_000).to_bits(), last.to_bits());
        assert_ne!(super::IndexedUniforms::new(seed ^ 1).at(0), indexed.at(0));
    }

    #[test]
    fn uniform_is_rands_standard_f64() {
        use rand::{Rng, SeedableRng};
        let mut a = SimRng::new(21);
        let mut b = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(21);
        for _ in 0..1000 {
            assert_eq!(a.uniform().to_bits(), b.random::<f64>().to_bits());
        }
    }

    #[test]
    fn same_seed_same_stream() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.uniform().to_bits(), b.uniform().to_bits());
        }
    }

    #[test]
    fn cached_poisson_draws_what_the_plain_call_draws() {
        for lambda in [0.0, -1.0, f64::NAN, 0.3, 10.0, 29.9, 30.5, 1000.0] {
            let mut a = SimRng::new(3);
            let mut b = SimRng::new(3);
            let law = super::Poisson::new(lambda);
            for _ in 0..200 {
                assert_eq!(a.poisson(lambda), law.sample(&mut b), "lambda {lambda}");
            }
        }
    }

    #[test]
    fn normal_and_poisson_have_the_right_mean() {
        let mut r = SimRng::new(1);
        let n = 20_000;
        let m: f64 = (0..n).map(|_| r.normal(3.0, 2.0)).sum::<f64>() / n as f64;
        assert!((m - 3.0).abs() < 0.1, "{m}");
        let p: f64 = (0..n).map(|_| f64::from(r.poisson(4.0))).sum::<f64>() / n as f64;
        assert!((p - 4.0).abs() < 0.1, "{p}");
        let b = (0..n).filter(|_| r.bernoulli(0.25)).count() as f64 / n as f64;
        assert!((b - 0.25).abs() < 0.02, "{b}");
    }

    #[test]
    fn coarse_thresholds_decide_as_the_uniform_would() {
        use super::{coarse_threshold, COARSE_STEPS};
        let step = 1.0 / f64::from(COARSE_STEPS);
        let ps = [
            0.0,
            -0.5,
            f64::NAN,
            1e-12,
            step * 0.5,
            step,
            step * 1.5,
            0.005,
            0.016,
            0.04,
            1.0 / 3.0,
            0.999_999_9,
            1.0,
            2.0,
        ];
        let ms = [
            0,
            1,
            2,
            3,
            10_485,
            699_050,
            699_051,
            COARSE_STEPS - 2,
            COARSE_STEPS - 1,
        ];
        for p in ps {
            let t = coarse_threshold(p);
            for m in ms {
                assert_eq!(m < t, f64::from(m) * step < p, "p {p}, m {m}");
            }
        }
        // A positive rate below the resolution still happens, at 2^-21.
        assert_eq!(coarse_threshold(1e-12), 1);
    }

    #[test]
    fn three_coarse_uniforms_are_uniform_and_independent() {
        use super::COARSE_STEPS;
        let mut r = SimRng::new(9);
        let n = 100_000;
        let draws: Vec<[f64; 3]> = (0..n)
            .map(|_| {
                r.three_uniforms_21()
                    .map(|m| f64::from(m) / f64::from(COARSE_STEPS))
            })
            .collect();
        let n = n as f64;
        for k in 0..3 {
            assert!(draws.iter().all(|d| (0.0..1.0).contains(&d[k])));
            // Uniform: mean 1/2 and variance 1/12 (standard errors 0.00091 and 0.00027).
            let mean = draws.iter().map(|d| d[k]).sum::<f64>() / n;
            let var = draws
                .iter()
                .map(|d| (d[k] - mean) * (d[k] - mean))
                .sum::<f64>()
                / n;
            assert!((mean - 0.5).abs() < 0.004, "{k}: mean {mean}");
            assert!((var - 1.0 / 12.0).abs() < 0.0012, "{k}: var {var}");
            // Each tenth of [0, 1) gets its tenth (binomial sd 0.00095).
            for b in 0..10 {
                let lo = f64::from(b) / 10.0;
                let share = draws
                    .iter()
                    .filter(|d| d[k] >= lo && d[k] < lo + 0.1)
                    .count() as f64
                    / n;
                assert!((share - 0.1).abs() < 0.004, "{k}: bin {b} {share}");
            }
            // Uncorrelated with the next one (covariance standard error 1/(12 sqrt n)).
            let j = (k + 1) % 3;
            let cov = draws
                .iter()
                .map(|d| (d[k] - 0.5) * (d[j] - 0.5))
                .sum::<f64>()
                / n;
            assert!(cov.abs() < 4.0 / (12.0 * n.sqrt()), "{k},{j}: cov {cov}");
        }
    }

    #[test]
    fn poisson_draws_follow_the_poisson_law() {
        // Frequencies of each count against the pmf, including lambda near 30 where under
        // 1e-7 of draws continue past the table, and lambda 0.3 where k = 0 dominates.
        let n = 200_000;
        for lambda in [0.3, 4.0, 10.0, 29.9] {
            let law = super::Poisson::new(lambda);
            let mut r = SimRng::new(31);
            let mut counts = vec![0usize; 120];
            for _ in 0..n {
                counts[law.sample(&mut r) as usize] += 1;
            }
            let mut pmf = libm::exp(-lambda);
            for (k, &c) in counts.iter().enumerate() {
                if k > 0 {
                    pmf *= lambda / k as f64;
                }
                let share = c as f64 / n as f64;
                // About 4.5 binomial sd, plus room for counts too rare to appear.
                let tol = 4.5 * (pmf * (1.0 - pmf) / n as f64).sqrt() + 2.0 / n as f64;
                assert!(
                    (share - pmf).abs() < tol,
                    "lambda {lambda}, k {k}: {share} vs {pmf}"
                );
            }
        }
    }

    #[test]
    fn poisson_search_past_the_table_continues_the_law() {
        // A uniform just below 1 lands past the 64-entry table for lambda 30: the count is
        // where the cumulative probability, continued, first exceeds it.
        let law = super::Poisson::new(30.0);
        let u = 1.0 - 1e-9;
        let k = law.beyond_table(u);
        let mut pmf = libm::exp(-30.0);
        let mut acc = pmf;
        let mut want = 0;
        while acc <= u {
            want += 1;
            pmf *= 30.0 / f64::from(want);
            acc += pmf;
        }
        assert!(k >= 64);
        assert_eq!(k, want);
        // And a u beyond what the sums reach still returns.
        assert!(law.beyond_table(1.0) > k);
    }
}
