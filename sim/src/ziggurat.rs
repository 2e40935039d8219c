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
//!
//! [`Ziggurat::sample_pair`] draws two normals from one 64-bit number, 32 bits each, as
//! Marsaglia and Tsang's own generator did with 32-bit integers: 8 bits pick the layer and
//! the other 24 give the signed position across it (the two bit fields are disjoint, the
//! correction Doornik 2005 makes). The position then has 2^24 steps, so a draw lands on a
//! grid `x[i] * 2^-23` apart (under 4.5e-7 in every layer), far finer than anything the
//! simulation measures; a half that falls outside its layer's inner part takes the same
//! exact edge or tail step as [`Ziggurat::sample`].

use crate::rng::SimRng;
use std::sync::OnceLock;

/// Number of layers (the low 8 bits of a draw pick one).
pub const LAYERS: usize = 256;

/// Right edge of the base layer for 256 layers (Marsaglia & Tsang 2000, `r = 3.6541528853610088`).
pub const BASE_EDGE: f64 = 3.654_152_885_361_009;

/// `2^-52`: turns the top 53 bits of a draw into a uniform on [-1, 1).
const TWO_POW_MINUS_52: f64 = 1.0 / (1u64 << 52) as f64;

/// `2^24`: the odd integers `t` of a 32-bit half lie in (-2^24, 2^24); `t / 2^24` is its
/// signed uniform on (-1, 1).
const TWO_POW_24: f64 = (1u64 << 24) as f64;

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
    /// For the 32-bit halves: `inner_share[i] * 2^24`. Scaling by a power of two is exact,
    /// so `|t| < inner_share[i] * 2^24` is bit for bit `|u| < inner_share[i]` for
    /// `u = t / 2^24`, without computing u.
    half_inner_limit: [f64; LAYERS],
    /// For the 32-bit halves: `x[i] / 2^24`, so `t * (x[i] / 2^24)` is bit for bit
    /// `u * x[i]`. (Two arrays of f64 rather than one of pairs: an index scaled by 8 fits
    /// the x86-64 addressing mode, by 16 takes two more instructions per draw.)
    half_scale: [f64; LAYERS],
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

/// One normal draw with mean `mean` and standard deviation `sd` from `rng` by the ziggurat
/// method: about 99% of draws cost one 64-bit draw, a table lookup and a multiply; the rest
/// take an exact rejection step with `libm::exp` (or `libm::log` in the far tail).
/// Deterministic and identical across platforms, but not the same stream as
/// [`SimRng::normal`]. (Here rather than on `SimRng`, so that the generator does not depend
/// on the tables that depend on it.)
#[inline]
pub fn normal(rng: &mut SimRng, mean: f64, sd: f64) -> f64 {
    mean + sd * tables().sample(rng)
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
        let half_inner_limit = inner_share.map(|s| s * TWO_POW_24);
        let mut half_scale = [0.0; LAYERS];
        for i in 0..LAYERS {
            half_scale[i] = x[i] / TWO_POW_24;
        }
        Self {
            x,
            inner_share,
            f,
            half_inner_limit,
            half_scale,
        }
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

    /// Two independent standard normal draws from one 64-bit draw: the low 32 bits give the
    /// first, the high 32 bits the second (see the module notes). A half outside its
    /// layer's inner part (about 1.5% of halves) continues on the exact edge or tail path,
    /// which draws further numbers; the first half's are drawn before the second half is
    /// looked at, so the stream is fixed by the seed.
    #[inline]
    pub fn sample_pair(&self, rng: &mut SimRng) -> (f64, f64) {
        let bits = rng.next_u64();
        self.pair_from_bits(bits, rng)
    }

    /// The pair [`Ziggurat::sample_pair`] makes from the 64-bit draw `bits`, for a caller
    /// that draws its numbers together (so the generator's state stays in registers
    /// between the draws): `rng` is drawn from only when a half takes the edge path.
    #[inline]
    pub fn pair_from_bits(&self, bits: u64, rng: &mut SimRng) -> (f64, f64) {
        let first = self.sample_half(rng, bits as u32);
        let second = self.sample_half(rng, (bits >> 32) as u32);
        (first, second)
    }

    /// One normal from 32 bits: the low 8 pick the layer; bits 8..32 read as a signed
    /// 24-bit integer `c` give the odd integer `t = 2c + 1` (the arithmetic shift by 7 and
    /// the or), so `u = t / 2^24` is uniform on a grid symmetric about 0 in (-1, 1).
    #[inline]
    fn sample_half(&self, rng: &mut SimRng, bits: u32) -> f64 {
        let i = (bits & 0xff) as usize;
        let t = f64::from(((bits as i32) >> 7) | 1);
        if t.abs() < self.half_inner_limit[i] {
            return t * self.half_scale[i];
        }
        self.sample_edge(rng, i, t / TWO_POW_24)
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

    /// Checks that `xs` look like independent standard normal draws: mean, variance, the
    /// share beyond 2 and beyond the base edge R (the tail path), the one-sample KS
    /// distance to the normal CDF at the 5% level, and symmetry.
    fn assert_standard_normal(mut xs: Vec<f64>) {
        let n = xs.len() as f64;
        // Standard errors: mean 1/sqrt(n), variance sqrt(2/n); about 4 of each allowed.
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        assert!(mean.abs() < 4.0 / n.sqrt(), "mean {mean}");
        assert!((var - 1.0).abs() < 4.0 * (2.0 / n).sqrt(), "var {var}");
        // Tails, including beyond the base edge (the exponential-rejection path):
        // P(|Z| > 2) = 0.0455, P(|Z| > R = 3.654) = 2.58e-4; about 3.5 binomial sd allowed.
        let beyond = |t: f64| xs.iter().filter(|x| x.abs() > t).count() as f64 / n;
        let within = |p: f64| 3.5 * (p * (1.0 - p) / n).sqrt();
        let p2 = 2.0 * (1.0 - phi(2.0));
        assert!((beyond(2.0) - p2).abs() < within(p2), "{}", beyond(2.0));
        let pr = 2.0 * (1.0 - phi(BASE_EDGE));
        let far = beyond(BASE_EDGE);
        assert!((far - pr).abs() < within(pr), "{far}");
        // One-sample KS distance to the normal CDF: 1.36/sqrt(n) at 5%.
        xs.sort_unstable_by(f64::total_cmp);
        let mut d: f64 = 0.0;
        for (k, &x) in xs.iter().enumerate() {
            let f = phi(x);
            d = d
                .max((f - k as f64 / n).abs())
                .max(((k + 1) as f64 / n - f).abs());
        }
        assert!(d < 1.36 / n.sqrt(), "KS distance {d}");
        // Symmetry.
        let neg = xs.iter().filter(|x| **x < 0.0).count() as f64 / n;
        assert!((neg - 0.5).abs() < within(0.5), "{neg}");
    }

    #[test]
    fn draws_follow_the_normal_law() {
        let mut rng = SimRng::new(11);
        let xs = (0..400_000).map(|_| normal(&mut rng, 0.0, 1.0)).collect();
        assert_standard_normal(xs);
    }

    #[test]
    fn pair_draws_follow_the_normal_law() {
        let z = tables();
        let mut rng = SimRng::new(12);
        let pairs: Vec<(f64, f64)> = (0..100_000).map(|_| z.sample_pair(&mut rng)).collect();
        let n = pairs.len() as f64;
        // The halves are independent of each other: correlation within 4 standard errors of 0.
        let cross = pairs.iter().map(|(a, b)| a * b).sum::<f64>() / n;
        assert!(cross.abs() < 4.0 / n.sqrt(), "correlation {cross}");
        // Each half alone, and both together (200k draws), follow the normal law.
        assert_standard_normal(pairs.iter().map(|p| p.0).collect());
        assert_standard_normal(pairs.iter().map(|p| p.1).collect());
        assert_standard_normal(pairs.iter().flat_map(|p| [p.0, p.1]).collect());
    }

    #[test]
    fn a_half_on_the_fast_path_is_its_layer_position() {
        // A half whose position falls in its layer's inner part returns u * x[i] with
        // u = t / 2^24, t = 2c + 1 for the signed 24-bit c in bits 8..32.
        let z = tables();
        let mut rng = SimRng::new(5);
        let mut checked = 0;
        for layer in [0u32, 1, 100, 254] {
            for c in [-(1i32 << 23), -5, 0, 7, (1 << 23) - 1] {
                let bits = ((c as u32) << 8) | layer;
                let u = f64::from(2 * c + 1) / TWO_POW_24;
                let i = layer as usize;
                if u.abs() < z.inner_share[i] {
                    assert_eq!(z.sample_half(&mut rng, bits), u * z.x[i]);
                    checked += 1;
                }
            }
        }
        assert!(checked >= 12, "{checked}");
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
