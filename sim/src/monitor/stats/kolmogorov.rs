//! Finite-sample Kolmogorov-Smirnov distributions, as scipy computes them: the two-sided
//! one-sample `D_n` ([`kolmogorov_n_sf`], `scipy.stats.kstwo.sf`) and the one-sided `D_n+`
//! ([`smirnov_sf`], `scipy.special.smirnov`).
//!
//! `scipy.stats.ks_2samp` uses `kstwo.sf(d, round(n m / (n + m)))` as its asymptotic p-value
//! (samples larger than 10,000), so matching it needs the whole of scipy's algorithm choice
//! (scipy `stats/_ksstats.py::_kolmogn`, after Simard and L'Ecuyer 2011, "Computing the
//! Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Software 39(11)): Ruben-Gambino's
//! closed forms at the ends, twice the one-sided tail for large deviations, the Durbin matrix
//! (Marsaglia-Tsang-Wang) or Pomeranz recursions for small ones, and the Pelz-Good expansion
//! for large n. Each function below names the scipy routine it follows.
//!
//! Plain f64 arithmetic throughout (scipy's Smirnov sum uses double-double numbers; the sum of
//! positive terms here, taken in logarithms, stays within about 1e-12 of it, far inside the
//! 1e-6 the p-values are checked to).

use core::f64::consts::{LN_2, PI};

/// `2^128`, the rescaling step scipy uses against overflow and underflow (`_EP128`).
const SCALE_UP: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;
/// `2^-128` (`_EM128`).
const SCALE_DOWN: f64 = 1.0 / SCALE_UP;
/// Binary exponent of [`SCALE_UP`].
const SCALE_EXP: i32 = 128;
/// `ln(2 pi)`.
const LOG_2PI: f64 = 1.837_877_066_409_345_3;
/// Cephes' `MINLOG`: `exp` of anything below underflows.
const MINLOG: f64 = -708.396_418_532_264_1;
/// Largest n for which [`smirnov_sf`] sums the exact series (xsf `SMIRNOV_MAX_COMPUTE_N`).
const SMIRNOV_MAX_COMPUTE_N: u64 = 1_000_000;

/// Clamps a probability to `[0, 1]` (NaN stays NaN).
fn clip(p: f64) -> f64 {
    if p.is_nan() {
        p
    } else {
        p.clamp(0.0, 1.0)
    }
}

/// `P(D_n >= x)`: the survival function of the two-sided one-sample Kolmogorov-Smirnov
/// statistic for a sample of size `n` (`scipy.stats.kstwo.sf(x, n)`, scipy
/// `stats/_ksstats.py::_kolmogn(n, x, cdf=False)`). NaN for `n == 0` or NaN `x`.
pub fn kolmogorov_n_sf(n: u64, x: f64) -> f64 {
    if n == 0 || x.is_nan() {
        return f64::NAN;
    }
    if x >= 1.0 {
        return 0.0;
    }
    if x <= 0.0 {
        return 1.0;
    }
    let nf = n as f64;
    let t = nf * x;
    if t <= 1.0 {
        // Ruben-Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n for 1/(2n) <= x <= 1/n.
        if t <= 0.5 {
            return 1.0;
        }
        let cdf = if n <= 140 {
            let scale = 1.0 / nf;
            let base = 2.0 * t - 1.0;
            (1..=n).fold(1.0, |p, i| p * (i as f64 * scale * base))
        } else {
            libm::exp(log_nfactorial_div_n_pow_n(nf) + nf * libm::log(2.0 * t - 1.0))
        };
        return clip(1.0 - clip(cdf));
    }
    if t >= nf - 1.0 {
        // Ruben-Gambino: P(D_n >= x) = 2 (1 - x)^n for x >= 1 - 1/n.
        return clip(2.0 * libm::pow(1.0 - x, nf));
    }
    if x >= 0.5 {
        // The two one-sided tails cannot both be reached: exactly twice Smirnov's.
        return clip(2.0 * smirnov_sf(n, x));
    }
    let nxsquared = t * x;
    if n <= 140 {
        if nxsquared <= 0.754693 {
            return clip(1.0 - durbin_mtw_cdf(n, x));
        }
        if nxsquared <= 4.0 {
            return clip(1.0 - pomeranz_cdf(n, x));
        }
        return clip(2.0 * smirnov_sf(n, x));
    }
    if nxsquared >= 370.0 {
        return 0.0;
    }
    if nxsquared >= 2.2 {
        return clip(2.0 * smirnov_sf(n, x));
    }
    let cdf = if n <= 100_000 && nf * libm::pow(x, 1.5) <= 1.4 {
        durbin_mtw_cdf(n, x)
    } else {
        pelz_good_cdf(n, x)
    };
    clip(1.0 - cdf)
}

/// `ln(n! / n^n)` by Stirling's series with `n ln n` removed up front (scipy
/// `_ksstats.py::_log_nfactorial_div_n_pow_n`).
fn log_nfactorial_div_n_pow_n(n: f64) -> f64 {
    // Bernoulli-number coefficients B_2j / (2j (2j - 1)), j = 8 down to 1, written as scipy
    // writes them (more digits than an f64 holds; they round to the same values).
    #[allow(clippy::excessive_precision)]
    const STIRLING: [f64; 8] = [
        -2.955_065_359_477_124_2e-2,
        6.410_256_410_256_410_3e-3,
        -1.917_526_917_526_917_5e-3,
        8.417_508_417_508_417_5e-4,
        -5.952_380_952_380_952_4e-4,
        7.936_507_936_507_936_5e-4,
        -2.777_777_777_777_777_8e-3,
        8.333_333_333_333_333_3e-2,
    ];
    let rn = 1.0 / n;
    let x = rn / n;
    let poly = STIRLING.iter().fold(0.0, |acc, &c| acc * x + c);
    libm::log(n) / 2.0 - n + LOG_2PI / 2.0 + rn * poly
}

/// A small dense square matrix, row-major.
struct Square {
    size: usize,
    cells: Vec<f64>,
}

impl Square {
    fn zeros(size: usize) -> Self {
        Self {
            size,
            cells: vec![0.0; size * size],
        }
    }

    fn identity(size: usize) -> Self {
        let mut m = Self::zeros(size);
        for i in 0..size {
            m.set(i, i, 1.0);
        }
        m
    }

    fn get(&self, row: usize, col: usize) -> f64 {
        self.cells
            .get(row * self.size + col)
            .copied()
            .unwrap_or(0.0)
    }

    fn set(&mut self, row: usize, col: usize, value: f64) {
        if let Some(c) = self.cells.get_mut(row * self.size + col) {
            *c = value;
        }
    }

    fn mul(&self, other: &Square) -> Square {
        let s = self.size;
        let mut out = Square::zeros(s);
        for i in 0..s {
            for k in 0..s {
                let a = self.get(i, k);
                if a == 0.0 {
                    continue;
                }
                for j in 0..s {
                    let v = out.get(i, j) + a * other.get(k, j);
                    out.set(i, j, v);
                }
            }
        }
        out
    }

    fn scale(&mut self, factor: f64) {
        self.cells.iter_mut().for_each(|c| *c *= factor);
    }
}

/// `P(D_n <= d)` by Durbin's matrix algorithm in the form of Marsaglia, Tsang and Wang
/// (2003, "Evaluating Kolmogorov's Distribution", J. Stat. Software 8(18)): with
/// `d = (k - h)/n`, the k-th diagonal entry of `n!/n^n H^n` for an `(2k-1)`-square matrix H
/// (scipy `_ksstats.py::_kolmogn_DMTW`). Powers are rescaled by 2^128 as they grow.
fn durbin_mtw_cdf(n: u64, d: f64) -> f64 {
    if d >= 1.0 {
        return 1.0;
    }
    let nf = n as f64;
    let nd = nf * d;
    if nd <= 0.5 {
        return 0.0;
    }
    let k = libm::ceil(nd) as usize;
    let h = k as f64 - nd;
    let m = 2 * k - 1;
    // v[j] = (1 - h^(j+1)) / (j+1)!, w[j] = 1/j!; the last v is corrected below.
    let mut v = vec![0.0; m];
    let mut w = vec![0.0; m];
    let mut fac = 1.0;
    for j in 1..=m {
        w[j - 1] = fac;
        fac /= j as f64;
        v[j - 1] = (1.0 - libm::pow(h, j as f64)) * fac;
    }
    let mf = m as f64;
    let tt = libm::pow((2.0 * h - 1.0).max(0.0), mf) - 2.0 * libm::pow(h, mf);
    v[m - 1] = (1.0 + tt) * fac;
    let mut hm = Square::zeros(m);
    for i in 1..m {
        // Column i, rows i-1 .. m-1, holds w[0 ..= m-i].
        for (r, &wv) in (i - 1..m).zip(&w) {
            hm.set(r, i, wv);
        }
    }
    for (r, &vv) in v.iter().enumerate() {
        hm.set(r, 0, vv);
    }
    for (c, &vv) in v.iter().rev().enumerate() {
        hm.set(m - 1, c, vv);
    }
    let mut power = Square::identity(m);
    let mut nn = n;
    let mut expnt: i32 = 0;
    let mut h_expnt: i32 = 0;
    while nn > 0 {
        if nn % 2 == 1 {
            power = power.mul(&hm);
            expnt += h_expnt;
        }
        hm = hm.mul(&hm);
        h_expnt *= 2;
        if libm::fabs(hm.get(k - 1, k - 1)) > SCALE_UP {
            hm.scale(SCALE_DOWN);
            h_expnt += SCALE_EXP;
        }
        nn /= 2;
    }
    let mut p = power.get(k - 1, k - 1);
    for i in 1..=n {
        p = i as f64 * p / nf;
        if libm::fabs(p) < SCALE_DOWN {
            p *= SCALE_UP;
            expnt -= SCALE_EXP;
        }
    }
    if expnt != 0 {
        p = libm::scalbn(p, expnt);
    }
    clip(p)
}

/// The interval of row `i` in Pomeranz's recursion (scipy `_pomeranz_compute_j1j2`).
fn pomeranz_j1j2(i: i64, n: i64, ll: i64, ceilf: i64, roundf: i64) -> (i64, i64) {
    let (j1, j2) = if i == 0 {
        (-ll - ceilf - 1, ll + ceilf - 1)
    } else {
        let (half, odd) = ((i + 1) / 2, (i + 1) % 2);
        if odd == 0 {
            if half == n + 1 {
                (n - ll - ceilf - 1, n + ll + ceilf - 1)
            } else {
                (half - 1 - ll - roundf - 1, half + ll - 1 + ceilf - 1)
            }
        } else {
            (half - 1 - ll - 1, half + ll + roundf - 1)
        }
    };
    ((j1 + 2).max(0), j2.min(n))
}

/// `P(D_n <= x)` by Pomeranz's recursion (1974, "Exact Cumulative Distribution of the
/// Kolmogorov-Smirnov Statistic for Small Samples", CACM 17(12), Algorithm 487), each row a
/// convolution of the previous one with Poisson-like weights (scipy
/// `_ksstats.py::_kolmogn_Pomeranz`; used for n <= 140).
fn pomeranz_cdf(n: u64, x: f64) -> f64 {
    let nf = n as f64;
    let ni = n as i64;
    let t = nf * x;
    let ll_f = libm::floor(t);
    let ll = ll_f as i64;
    let f = t - ll_f;
    let g = f.min(1.0 - f);
    let ceilf = i64::from(f > 0.0);
    let roundf = i64::from(f > 0.5);
    let npwrs = (2 * (ll + 1)).max(1) as usize;
    let mut gpower = vec![0.0; npwrs];
    let mut twogpower = vec![0.0; npwrs];
    let mut onem2gpower = vec![0.0; npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    let (g_n, two_g_n, one_m2g_n) = (g / nf, 2.0 * g / nf, (1.0 - 2.0 * g) / nf);
    for m in 1..npwrs {
        let mf = m as f64;
        gpower[m] = gpower[m - 1] * g_n / mf;
        twogpower[m] = twogpower[m - 1] * two_g_n / mf;
        onem2gpower[m] = onem2gpower[m - 1] * one_m2g_n / mf;
    }
    let mut v0 = vec![0.0; npwrs];
    let mut v1 = vec![0.0; npwrs];
    v1[0] = 1.0;
    let (mut v0s, mut v1s) = (0i64, 0i64);
    let mut expnt: i32 = 0;
    let (mut j1, _) = pomeranz_j1j2(0, ni, ll, ceilf, roundf);
    let mut conv = Vec::with_capacity(2 * npwrs);
    for i in 1..=(2 * ni + 1) {
        let k1 = j1;
        core::mem::swap(&mut v0, &mut v1);
        core::mem::swap(&mut v0s, &mut v1s);
        v1.iter_mut().for_each(|c| *c = 0.0);
        let (nj1, j2) = pomeranz_j1j2(i, ni, ll, ceilf, roundf);
        j1 = nj1;
        let pwrs = if i == 1 || i == 2 * ni + 1 {
            &gpower
        } else if i % 2 == 1 {
            &twogpower
        } else {
            &onem2gpower
        };
        let ln2 = j2 - k1 + 1;
        if ln2 > 0 {
            let ln2u = ln2 as usize;
            let start = (k1 - v0s).max(0) as usize;
            let a: &[f64] = v0.get(start..(start + ln2u).min(npwrs)).unwrap_or(&[]);
            let b: &[f64] = pwrs.get(..ln2u.min(npwrs)).unwrap_or(&[]);
            // Full discrete convolution of a and b (numpy `convolve`).
            conv.clear();
            if !a.is_empty() && !b.is_empty() {
                conv.resize(a.len() + b.len() - 1, 0.0);
                for (p, &av) in a.iter().enumerate() {
                    for (q, &bv) in b.iter().enumerate() {
                        conv[p + q] += av * bv;
                    }
                }
            }
            let conv_start = (j1 - k1).max(0) as usize;
            let conv_len = (j2 - j1 + 1).max(0) as usize;
            for (slot, &c) in v1
                .iter_mut()
                .zip(conv.iter().skip(conv_start).take(conv_len))
            {
                *slot = c;
            }
            let max = v1.iter().fold(f64::NEG_INFINITY, |m, &c| m.max(c));
            if 0.0 < max && max < SCALE_DOWN {
                v1.iter_mut().for_each(|c| *c *= SCALE_UP);
                expnt -= SCALE_EXP;
            }
            v1s = v0s + j1 - k1;
        }
    }
    let mut ans = usize::try_from(ni - v1s)
        .ok()
        .and_then(|i| v1.get(i))
        .copied()
        .unwrap_or(0.0);
    for m in 1..=n {
        if libm::fabs(ans) > SCALE_UP {
            ans *= SCALE_DOWN;
            expnt += SCALE_EXP;
        }
        ans *= m as f64;
    }
    if expnt != 0 {
        ans = libm::scalbn(ans, expnt);
    }
    clip(ans)
}

/// Pelz and Good's (1976, "Approximating the Lower Tail-areas of the Kolmogorov-Smirnov
/// One-sample Statistic", JRSS B 38(2)) expansion of `P(D_n <= x)` in powers of `1/sqrt(n)`,
/// after Li-Chien and Korolyuk, with Jacobi theta transforms for small `z = sqrt(n) x`
/// (scipy `_ksstats.py::_kolmogn_PelzGood`).
fn pelz_good_cdf(n: u64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let nf = n as f64;
    let z = libm::sqrt(nf) * x;
    let (z2, z3, z4, z6) = (
        libm::pow(z, 2.0),
        libm::pow(z, 3.0),
        libm::pow(z, 4.0),
        libm::pow(z, 6.0),
    );
    let pi2 = PI * PI;
    let pi4 = libm::pow(PI, 4.0);
    let pi6 = libm::pow(PI, 6.0);
    let sqrt2pi = libm::sqrt(2.0 * PI);
    let qlog = -pi2 / 8.0 / z2;
    if qlog < -708.0 {
        return 0.0;
    }
    let q = libm::exp(qlog);
    let k1a = -z2;
    let k1b = pi2 / 4.0;
    let k2a = 6.0 * z6 + 2.0 * z4;
    let k2b = (2.0 * z4 - 5.0 * z2) * pi2 / 4.0;
    let k2c = pi4 * (1.0 - 2.0 * z2) / 16.0;
    let k3d = pi6 * (5.0 - 30.0 * z2) / 64.0;
    let k3c = pi4 * (-60.0 * z2 + 212.0 * z4) / 16.0;
    let k3b = pi2 * (135.0 * z4 - 96.0 * z6) / 4.0;
    let k3a = -30.0 * z6 - 90.0 * libm::pow(z, 8.0);
    let mut k = [0.0f64; 4];
    // Horner scheme for sum_k c_k q^((2k-1)^2), over odd integers.
    let maxk = libm::ceil(16.0 * z / PI) as u64;
    for kk in (1..=maxk).rev() {
        let m = (2 * kk - 1) as f64;
        let (m2, m4, m6) = (m * m, libm::pow(m, 4.0), libm::pow(m, 6.0));
        let qpower = libm::pow(q, (8 * kk) as f64);
        let coeffs = [
            1.0,
            k1a + k1b * m2,
            k2a + k2b * m2 + k2c * m4,
            k3a + k3b * m2 + k3c * m4 + k3d * m6,
        ];
        for (acc, c) in k.iter_mut().zip(coeffs) {
            *acc = *acc * qpower + c;
        }
    }
    let divisors = [
        z,
        6.0 * z4,
        72.0 * libm::pow(z, 7.0),
        6480.0 * libm::pow(z, 10.0),
    ];
    for (acc, d) in k.iter_mut().zip(divisors) {
        *acc = *acc * q * sqrt2pi / d;
    }
    // The other sums, over all integers k: K_2 gets pi^2 k^2 q^(k^2), K_3
    // (3 pi^2 k^2 z^2 - pi^4 k^4) q^(k^2).
    let q = libm::exp(-pi2 / 2.0 / z2);
    let sqrt3z = libm::sqrt(3.0) * z;
    let (mut k2extra, mut k3extra) = (0.0, 0.0);
    for kk in (1..=maxk).rev() {
        let kf = kk as f64;
        let ksq = (kk * kk) as f64;
        let qp = libm::pow(q, ksq);
        k2extra += ksq * qp;
        let kspi = PI * kf;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
    }
    k[2] += k2extra * (pi2 * sqrt2pi / (-36.0 * z3));
    k[3] += k3extra * (pi2 * sqrt2pi / (216.0 * z6));
    let mut sum = 0.0;
    for (i, acc) in k.iter().enumerate() {
        sum += acc / libm::pow(nf, i as f64 / 2.0);
    }
    sum
}

/// `P(D_n+ >= x)`: the survival function of the one-sided one-sample Kolmogorov-Smirnov
/// statistic (`scipy.special.smirnov(n, x)`, xsf `cephes/kolmogorov.h::_smirnov`): Smirnov's
/// (1944) and Birnbaum and Tingey's (1951) sum
/// `x * sum_{v=0}^{floor(n(1-x))} C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1)`, with xsf's
/// special cases for `x <= 1/n`, `x >= 1 - 1/n`, tails that underflow, and its approximation
/// `exp(-(6 n x + 1)^2 / (18 n))` for n above 1,000,000. NaN outside `n >= 1`, `0 <= x <= 1`.
pub fn smirnov_sf(n: u64, x: f64) -> f64 {
    if n == 0 || !(0.0..=1.0).contains(&x) {
        return f64::NAN;
    }
    if n == 1 {
        return 1.0 - x;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == 1.0 {
        return 0.0;
    }
    let nf = n as f64;
    // n x = nxfl + alpha exactly (the product's rounding error kept by an fma).
    let prod = nf * x;
    let err = libm::fma(nf, x, -prod);
    let mut floor = libm::floor(prod);
    let mut alpha = (prod - floor) + err;
    if alpha < 0.0 {
        floor -= 1.0;
        alpha += 1.0;
    }
    if alpha >= 1.0 {
        floor += 1.0;
        alpha -= 1.0;
    }
    let nxfl = floor as u64;
    if nxfl == 0 || (nxfl == 1 && alpha == 0.0) {
        // x <= 1/n: P(D_n+ < x) = x (1 + x)^(n-1).
        let cdf = x * libm::pow(1.0 + x, (n - 1) as f64);
        return clip(1.0 - cdf);
    }
    if -2.0 * nf * x * x < MINLOG {
        return 0.0;
    }
    if nxfl >= n - 1 {
        return clip(libm::pow(1.0 - x, nf));
    }
    if n > SMIRNOV_MAX_COMPUTE_N {
        let logp = -libm::pow(6.0 * nf * x + 1.0, 2.0) / 18.0 / nf;
        let sf = if logp < -LN_2 {
            libm::exp(logp)
        } else {
            1.0 + libm::expm1(logp)
        };
        return clip(sf);
    }
    // Terms v = 0 ..= n - nxfl - 1 (when n x is whole the last term of the sum is 0).
    let last = n - nxfl - 1;
    let ln_n = libm::log(nf);
    let mut ln_binom = 0.0;
    let mut sum = 0.0f64;
    for v in 0..=last {
        let vf = v as f64;
        // 1 - x - v/n and x + v/n from the exact split of n x.
        let ln_low = libm::log(((n - nxfl - v) as f64) - alpha) - ln_n;
        let ln_high = libm::log((nxfl + v) as f64 + alpha) - ln_n;
        let ln_term = ln_binom + (nf - vf) * ln_low + (vf - 1.0) * ln_high;
        let term = libm::exp(ln_term);
        sum += term;
        // Stop once the remaining terms cannot change the sum (xsf's test).
        if term != 0.0 {
            let remaining = (last + 1 - v) as f64;
            if 4.0 * remaining * term < f64::EPSILON * sum && v != last {
                break;
            }
        } else if v > n / 2 {
            break;
        }
        ln_binom += libm::log((n - v) as f64) - libm::log(vf + 1.0);
    }
    clip(x * sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_and_domain() {
        assert!(kolmogorov_n_sf(0, 0.5).is_nan());
        assert!(kolmogorov_n_sf(10, f64::NAN).is_nan());
        assert_eq!(kolmogorov_n_sf(10, 0.0), 1.0);
        assert_eq!(kolmogorov_n_sf(10, 1.0), 0.0);
        assert_eq!(kolmogorov_n_sf(10, 0.04), 1.0);
        assert!(smirnov_sf(0, 0.5).is_nan());
        assert!(smirnov_sf(5, 1.5).is_nan());
        assert_eq!(smirnov_sf(5, 0.0), 1.0);
        assert_eq!(smirnov_sf(5, 1.0), 0.0);
        assert_eq!(smirnov_sf(1, 0.25), 0.75);
    }
}
