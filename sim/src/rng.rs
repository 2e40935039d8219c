//! Seeded random numbers that give the same bits natively and in wasm32.

use crate::ziggurat;
use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// `2^-53`, the spacing of the uniform draws.
const TWO_POW_MINUS_53: f64 = 1.0 / (1u64 << 53) as f64;

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
    /// The camera draws its normals with [`SimRng::normal_ziggurat`], the same law at a
    /// fraction of the cost; this sampler remains for the Poisson normal approximation
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

    /// Normal draw by the ziggurat method (see [`crate::ziggurat`]): about 99% of draws
    /// cost one 64-bit draw, a table lookup and a multiply; the rest take an exact
    /// rejection step with `libm::exp` (or `libm::log` in the far tail). Deterministic and
    /// identical across platforms, but not the same stream as [`SimRng::normal`].
    #[inline]
    pub fn normal_ziggurat(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * ziggurat::tables().sample(self)
    }

    /// True with probability `p` (p outside [0,1] is clamped; NaN counts as 0).
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Poisson draw. Knuth's product method for small lambda; for lambda > 30 a
    /// rounded normal approximation keeps the cost bounded.
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        Poisson::new(lambda).sample(self)
    }
}

/// A Poisson law with its per-lambda constant computed once, for drawing every tick.
/// Draws exactly what [`SimRng::poisson`] draws for the same lambda.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poisson {
    lambda: f64,
    /// `exp(-lambda)`, Knuth's stopping product (small lambda).
    limit: f64,
    /// `sqrt(lambda)`, the normal approximation's sd (large lambda).
    sd: f64,
}

impl Poisson {
    /// Lambda above which the rounded normal approximation is used.
    const NORMAL_ABOVE: f64 = 30.0;

    /// The law with mean `lambda` (NaN or non-positive: always 0).
    pub fn new(lambda: f64) -> Self {
        let valid = !lambda.is_nan() && lambda > 0.0;
        Self {
            lambda: if valid { lambda } else { 0.0 },
            limit: if valid && lambda <= Self::NORMAL_ABOVE {
                libm::exp(-lambda)
            } else {
                0.0
            },
            sd: if valid { libm::sqrt(lambda) } else { 0.0 },
        }
    }

    /// The mean.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// One draw.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        if self.lambda <= 0.0 {
            return 0;
        }
        if self.lambda > Self::NORMAL_ABOVE {
            let x = rng.normal(self.lambda, self.sd);
            return libm::round(x.max(0.0)).min(u32::MAX as f64) as u32;
        }
        let mut k = 0u32;
        let mut p = rng.uniform();
        while p > self.limit {
            k += 1;
            p *= rng.uniform();
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::SimRng;

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
}
