//! The ziggurat method for standard normal draws (Marsaglia & Tsang 2000, "The Ziggurat
//! Method for Generating Random Variables", Journal of Statistical Software 5(8); the
//! symmetric-uniform form of Doornik 2005, "An Improved Ziggurat Method to Generate Normal
//! Random Samples").
//!
//! The density `f(x) = exp(-x^2 / 2)` (unnormalised, x >= 0) is covered by 256 horizontal
//! layers of equal area `V`: the base layer is the rectangle `[0, R] x [0, f(R)]` plus the
//! tail beyond `R`, and each layer above is a rectangle reaching out to where the curve
//! crosses its bottom edge. A draw picks a layer and a point across it with one 64-bit
//! number; about 99% of points fall in the part of the layer that lies wholly under the
//! curve and are returned at once. The rest are accepted or redrawn by comparing with
//! `f` itself (`libm::exp`), and the tail beyond `R` uses Marsaglia's exact exponential
//! rejection (`libm::log`), so the draws follow the normal law exactly. Tables are built
//! once with `libm`, so every platform uses identical tables and draws identical values.

use crate::rng::SimRng;
use std::sync::OnceLock;

/// Number of layers (the low 8 bits of a draw pick one).
pub const LAYERS: usize = 256;

/// Right edge of the base layer for 256 layers (Marsaglia & Tsang 2000, `r = 3.6541528853610088`).
pub const BASE_EDGE: f64 = 3.654_152_885_361_009;

/// `2^-52`: turns the top 53 bits of a draw into a uniform on [-1, 1).
const TWO_POW_MINUS_52: f64 = 1.0 / (1u64 << 52) as f64;

/// The layer tables.
#[derive(Clone)]
pub struct Ziggurat {
    /// Right edge of each layer's rectangle, decreasing: `x[0] = V / f(R)` (the base layer
    /// as one rectangle of area V), `x[1] = R`, ..., `x[256] = 0`.
    x: [f64; LAYERS + 1],
    /// `x[i + 1] / x[i]`: a point of layer i inside this share of its width is under the curve.
    inner_share: [f64; LAYERS],
    /// `f(x[i])`: the bottom edge of layer i (`f(x[256]) = 1`).
    f: [f64; LAYERS + 1],
}

impl std::fmt::Debug for Ziggurat {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            out,
            "Ziggurat {{ layers: {LAYERS}, base_edge: {BASE_EDGE} }}"
        )
    }
}

/// The shared tables, built on first use.
pub fn tables() -> &'static Ziggurat {
    static TABLES: OnceLock<Ziggurat> = OnceLock::new();
    TABLES.get_or_init(Ziggurat::build)
}

#[inline]
fn density(x: f64) -> f64 {
    libm::exp(-0.5 * x * x)
}

/// A uniform on [-1, 1) from the top 53 bits of `bits` (the low 8 pick the layer).
#[inline]
fn signed_uniform(bits: u64) -> f64 {
    // Below 2^53, so the (cheaper) signed conversion is exact.
    ((bits >> 11) as i64) as f64 * TWO_POW_MINUS_52 - 1.0
}

impl Ziggurat {
    /// Builds the tables: `V = R f(R) + integral_R^inf f`, then each layer's edge from the
    /// one below so that every layer has area V.
    pub fn build() -> Self {
        let r = BASE_EDGE;
        let tail_area =
            libm::sqrt(core::f64::consts::FRAC_PI_2) * libm::erfc(r / core::f64::consts::SQRT_2);
        let v = r * density(r) + tail_area;
        let mut x = [0.0; LAYERS + 1];
        x[0] = v / density(r);
        x[1] = r;
        for i in 1..LAYERS - 1 {
            // f(x[i+1]) = f(x[i]) + V / x[i].
            x[i + 1] = libm::sqrt(-2.0 * libm::log(v / x[i] + density(x[i])));
        }
        x[LAYERS] = 0.0;
        let mut inner_share = [0.0; LAYERS];
        for i in 0..LAYERS {
            inner_share[i] = x[i + 1] / x[i];
        }
        let mut f = [0.0; LAYERS + 1];
        for i in 0..=LAYERS {
            f[i] = density(x[i]);
        }
        Self { x, inner_share, f }
    }

    /// One standard normal draw.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        let u = signed_uniform(bits);
        if u.abs() < self.inner_share[i] {
            return u * self.x[i];
        }
        self.sample_edge(rng, i, u)
    }

    /// The rare case: the point fell in a layer's overhang (or the base layer's tail part).
    #[cold]
    #[inline(never)]
    fn sample_edge(&self, rng: &mut SimRng, mut i: usize, mut u: f64) -> f64 {
        loop {
            if i == 0 {
                return Self::tail(rng, u < 0.0);
            }
            let x = u * self.x[i];
            // A height uniform across layer i, kept when it lies under the curve at x.
            let y = self.f[i] + rng.uniform() * (self.f[i + 1] - self.f[i]);
            if y < density(x) {
                return x;
            }
            let bits = rng.next_u64();
            i = (bits & 0xff) as usize;
            u = signed_uniform(bits);
            if u.abs() < self.inner_share[i] {
                return u * self.x[i];
            }
        }
    }

    /// Beyond R: Marsaglia's (1964) method, exact for the normal tail.
    fn tail(rng: &mut SimRng, negative: bool) -> f64 {
        loop {
            // 1 - U lies in (0, 1], so the logarithms are finite.
            let x = -libm::log(1.0 - rng.uniform()) / BASE_EDGE;
            let y = -libm::log(1.0 - rng.uniform());
            if 2.0 * y > x * x {
                let z = BASE_EDGE + x;
                return if negative { -z } else { z };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_have_equal_area_and_shrink_to_the_top() {
        let z = Ziggurat::build();
        let r = BASE_EDGE;
        let v = z.x[0] * density(r);
        for i in 1..LAYERS {
            assert!(z.x[i + 1] < z.x[i], "layer {i}");
            let area = z.x[i] * (z.f[i + 1] - z.f[i]);
            assert!((area - v).abs() < 1e-9 * v, "layer {i}: area {area} vs {v}");
        }
        assert!(z.x[LAYERS - 1] > 0.0);
        assert_eq!(z.f[LAYERS], 1.0);
    }

    /// Standard normal CDF.
    fn phi(x: f64) -> f64 {
        0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
    }

    #[test]
    fn draws_follow_the_normal_law() {
        let mut rng = SimRng::new(11);
        let n = 400_000;
        let mut xs: Vec<f64> = (0..n).map(|_| rng.normal_ziggurat(0.0, 1.0)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
        // Tails, including beyond the base edge (the exponential-rejection path):
        // P(|Z| > 2) = 0.0455, P(|Z| > R = 3.654) = 2.58e-4.
        let beyond = |t: f64| xs.iter().filter(|x| x.abs() > t).count() as f64 / n as f64;
        assert!((beyond(2.0) - 0.0455).abs() < 0.002, "{}", beyond(2.0));
        let far = beyond(BASE_EDGE);
        assert!((far - 2.0 * (1.0 - phi(BASE_EDGE))).abs() < 8e-5, "{far}");
        // One-sample KS distance to the normal CDF: ~1.36/sqrt(n) = 0.0022 at 5%.
        xs.sort_unstable_by(f64::total_cmp);
        let mut d: f64 = 0.0;
        for (k, &x) in xs.iter().enumerate() {
            let f = phi(x);
            d = d
                .max((f - k as f64 / n as f64).abs())
                .max(((k + 1) as f64 / n as f64 - f).abs());
        }
        assert!(d < 0.0022, "KS distance {d}");
        // Symmetry.
        let neg = xs.iter().filter(|x| **x < 0.0).count() as f64 / n as f64;
        assert!((neg - 0.5).abs() < 0.003, "{neg}");
    }

    #[test]
    fn tail_draws_stay_beyond_the_base_edge() {
        let mut rng = SimRng::new(2);
        for _ in 0..1000 {
            let t = Ziggurat::tail(&mut rng, false);
            assert!(t > BASE_EDGE);
            assert!(Ziggurat::tail(&mut rng, true) < -BASE_EDGE);
        }
    }
}
