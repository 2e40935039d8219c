//! Seeded random numbers that give the same bits natively and in wasm32.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The simulation's random source: a PCG-64 (MCG variant) seeded from a `u64`.
/// Transcendental functions go through `libm` so every platform draws identical values.
#[derive(Debug, Clone)]
pub struct SimRng {
    inner: Pcg64Mcg,
    /// The second normal of the last Box-Muller pair, not yet used.
    spare: Option<f64>,
}

impl SimRng {
    /// A generator seeded deterministically from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            inner: Pcg64Mcg::seed_from_u64(seed),
            spare: None,
        }
    }

    /// Uniform f64 in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        self.inner.random::<f64>()
    }

    /// A raw 64-bit draw (for deriving child seeds).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.inner.random::<u64>()
    }

    /// Normal draw via the Marsaglia polar form of Box-Muller: a point uniform in the unit
    /// disc gives two standard normals with one `log` and one `sqrt` (no trigonometry); the
    /// second is kept for the next call. About 21% of points fall outside the disc and are
    /// redrawn, deterministically.
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

    /// True with probability `p` (p outside [0,1] is clamped; NaN counts as 0).
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Poisson draw. Knuth's product method for small lambda; for lambda > 30 a
    /// rounded normal approximation keeps the cost bounded.
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda.is_nan() || lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            let x = self.normal(lambda, libm::sqrt(lambda));
            return libm::round(x.max(0.0)).min(u32::MAX as f64) as u32;
        }
        let limit = libm::exp(-lambda);
        let mut k = 0u32;
        let mut p = self.uniform();
        while p > limit {
            k += 1;
            p *= self.uniform();
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::SimRng;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.uniform().to_bits(), b.uniform().to_bits());
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
