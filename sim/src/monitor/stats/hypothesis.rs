//! Hypothesis tests: two-sample Kolmogorov-Smirnov (asymptotic and exact equal-size p-values),
//! chi-square and the two-proportion Z-test, with the special functions they need.

use super::sorted_finite;
use serde::{Deserialize, Serialize};

/// Result of a two-sample Kolmogorov-Smirnov test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsResult {
    /// `D = sup_x |F_ref(x) - F_cur(x)|`.
    pub statistic: f64,
    /// Two-sided p-value (small means the samples differ).
    pub p_value: f64,
}

/// Two-sample KS statistic on *sorted* samples, ties handled as `scipy.stats.ks_2samp` does
/// (both empirical CDFs are taken after every copy of a tied value). NaN if either is empty.
pub fn ks_statistic_sorted(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut d: f64 = 0.0;
    while i < a.len() && j < b.len() {
        let x = if a[i] <= b[j] { a[i] } else { b[j] };
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max(libm::fabs(i as f64 / n - j as f64 / m));
    }
    d
}

/// Survival function of the Kolmogorov distribution (the limit law of `sqrt(n) * D`),
/// `Q(lambda) = 2 * sum_{k>=1} (-1)^(k-1) * exp(-2 k^2 lambda^2)` (Kolmogorov 1933; the same
/// function as `scipy.stats.kstwobign.sf`). For lambda < 1 the equivalent Jacobi-theta form
/// `1 - sqrt(2 pi)/lambda * sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2))` converges faster.
pub fn kolmogorov_sf(lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 1.0 {
        let c = core::f64::consts::PI * core::f64::consts::PI / (8.0 * lambda * lambda);
        let mut sum = 0.0;
        for k in 1..=20u32 {
            let odd = (2 * k - 1) as f64;
            let term = libm::exp(-odd * odd * c);
            sum += term;
            if term < 1e-20 * sum {
                break;
            }
        }
        let cdf = libm::sqrt(2.0 * core::f64::consts::PI) / lambda * sum;
        return (1.0 - cdf).clamp(0.0, 1.0);
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=100u32 {
        let kf = k as f64;
        let term = libm::exp(-2.0 * kf * kf * lambda * lambda);
        sum += sign * term;
        if term < 1e-20 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Asymptotic two-sided KS p-value: Smirnov's limit, `P(D >= d) ~ Q(sqrt(n_e) * d)` with the
/// effective sample size `n_e = n * m / (n + m)` and `Q` = [`kolmogorov_sf`].
///
/// scipy's `ks_2samp` (which Evidently calls) computes the *exact* distribution for samples up
/// to 10,000; the limit is within about 1% of it near p = 0.05 at a few hundred rows, and
/// slightly conservative (larger p) for small samples. [`super::ks_2samp_sorted`] computes
/// scipy's own p-value (exact, or `kstwo` at the effective sample size) where matching scipy
/// matters more than speed.
pub fn ks_p_value_asymptotic(statistic: f64, n: usize, m: usize) -> f64 {
    if n == 0 || m == 0 || statistic.is_nan() {
        return f64::NAN;
    }
    let (nf, mf) = (n as f64, m as f64);
    let en = nf * mf / (nf + mf);
    kolmogorov_sf(libm::sqrt(en) * statistic)
}

/// Exact two-sided KS p-value for two samples of the *same* size `n` (no ties), the case
/// KSWIN uses: the share of lattice paths leaving the band `|i - j| < h`,
/// `P(D >= h/n) = 2 * sum_{j>=1} (-1)^(j-1) * C(2n, n - j h) / C(2n, n)` (Gnedenko-Korolyuk;
/// scipy's `_compute_prob_outside_square`, used by `ks_2samp(method="exact")`).
pub fn ks_p_value_exact_equal(statistic: f64, n: usize) -> f64 {
    if n == 0 || statistic.is_nan() {
        return f64::NAN;
    }
    let h = libm::round(statistic * n as f64);
    if h <= 0.0 {
        return 1.0;
    }
    ks_p_value_exact_equal_steps(h as usize, n)
}

/// [`ks_p_value_exact_equal`] for a statistic of exactly `h / n` (`h` whole steps of `1/n`),
/// so callers testing many windows of one size can tabulate it once per `h`.
pub fn ks_p_value_exact_equal_steps(h: usize, n: usize) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    if h == 0 {
        return 1.0;
    }
    if h > n {
        return 0.0;
    }
    // ratio_j = C(2n, n - j h) / C(2n, n) = prod_{i=0}^{j h - 1} (n - i) / (n + 1 + i).
    let mut sum = 0.0;
    let mut ratio = 1.0;
    let mut sign = 1.0;
    let mut i = 0usize;
    let mut j = 1usize;
    while j * h <= n {
        while i < j * h {
            ratio *= (n - i) as f64 / (n + 1 + i) as f64;
            i += 1;
        }
        sum += sign * ratio;
        sign = -sign;
        j += 1;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Two-sample KS test on *sorted*, finite samples with the asymptotic p-value
/// ([`ks_p_value_asymptotic`]); no allocation. NaNs if either sample is empty.
pub fn ks_two_sample_sorted(reference: &[f64], current: &[f64]) -> KsResult {
    let statistic = ks_statistic_sorted(reference, current);
    KsResult {
        statistic,
        p_value: ks_p_value_asymptotic(statistic, reference.len(), current.len()),
    }
}

/// Two-sample KS test (Evidently's default for numeric columns with at most 1000 reference
/// rows; drift when p <= 0.05). Copies, drops non-finite values, sorts; asymptotic p-value.
pub fn ks_two_sample(reference: &[f64], current: &[f64]) -> KsResult {
    ks_two_sample_sorted(&sorted_finite(reference), &sorted_finite(current))
}

/// Regularised upper incomplete gamma function `Q(a, x) = Gamma(a, x) / Gamma(a)`, by its power
/// series for `x < a + 1` and by a continued fraction (modified Lentz) otherwise.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if a.is_nan() || x.is_nan() || a <= 0.0 || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return 1.0;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    // ln(x^a e^-x / Gamma(a)), shared by both branches.
    let log_prefactor = a * libm::log(x) - x - libm::lgamma(a);
    if x < a + 1.0 {
        // P(a, x) = x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n)).
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut ap = a;
        for _ in 0..1000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if libm::fabs(term) < libm::fabs(sum) * 1e-16 {
                break;
            }
        }
        (1.0 - sum * libm::exp(log_prefactor)).clamp(0.0, 1.0)
    } else {
        // Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1(1-a)/(x + 3 - a - ...)).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if libm::fabs(d) < tiny {
                d = tiny;
            }
            c = b + an / c;
            if libm::fabs(c) < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if libm::fabs(delta - 1.0) < 1e-16 {
                break;
            }
        }
        (libm::exp(log_prefactor) * h).clamp(0.0, 1.0)
    }
}

/// Upper tail of the chi-square distribution with `dof` degrees of freedom
/// (`scipy.stats.chi2.sf`). NaN for `dof == 0`.
pub fn chi_square_sf(statistic: f64, dof: usize) -> f64 {
    if dof == 0 {
        return f64::NAN;
    }
    if statistic == f64::INFINITY {
        return 0.0;
    }
    gamma_q(dof as f64 / 2.0, statistic / 2.0)
}

/// Result of a chi-square goodness-of-fit test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChiSquareResult {
    /// Pearson's statistic, `sum((obs - exp)^2 / exp)`.
    pub statistic: f64,
    /// Degrees of freedom (categories - 1).
    pub dof: usize,
    /// Upper-tail p-value.
    pub p_value: f64,
}

/// Evidently's chi-square drift test on category counts (evidently
/// `stattests/chisquare_stattest.py`): expected counts are the reference counts scaled to the
/// current total, observed are the current counts, over the categories seen on either side;
/// then `scipy.stats.chisquare`. A category absent from the reference but present now gives an
/// infinite statistic and p = 0. NaN p-value with fewer than two categories or an empty side.
pub fn chi_square_test(ref_counts: &[u64], cur_counts: &[u64]) -> ChiSquareResult {
    let nan = ChiSquareResult {
        statistic: f64::NAN,
        dof: 0,
        p_value: f64::NAN,
    };
    if ref_counts.len() != cur_counts.len() {
        return nan;
    }
    let ref_n: u64 = ref_counts.iter().sum();
    let cur_n: u64 = cur_counts.iter().sum();
    if ref_n == 0 || cur_n == 0 {
        return nan;
    }
    let k_norm = cur_n as f64 / ref_n as f64;
    let mut statistic = 0.0;
    let mut categories = 0usize;
    for (&r, &c) in ref_counts.iter().zip(cur_counts) {
        if r == 0 && c == 0 {
            continue;
        }
        categories += 1;
        let expected = r as f64 * k_norm;
        let diff = c as f64 - expected;
        statistic += if expected > 0.0 {
            diff * diff / expected
        } else {
            f64::INFINITY
        };
    }
    let dof = categories.saturating_sub(1);
    ChiSquareResult {
        statistic,
        dof,
        p_value: chi_square_sf(statistic, dof),
    }
}

/// Standard normal upper tail `1 - Phi(z)`, via `erfc` (accurate far into the tail).
pub fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / core::f64::consts::SQRT_2)
}

/// Evidently's two-proportion Z-test (evidently `stattests/z_stattest.py`), two-sided:
/// `z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2))` with pooled `P`, `p = 2 (1 - Phi(|z|))`.
/// When both samples hold one and the same value the p-value is 1, as in Evidently.
/// NaN when either sample is empty.
pub fn z_test_proportions(ref_hits: u64, ref_n: u64, cur_hits: u64, cur_n: u64) -> f64 {
    if ref_n == 0 || cur_n == 0 || ref_hits > ref_n || cur_hits > cur_n {
        return f64::NAN;
    }
    let (n1, n2) = (ref_n as f64, cur_n as f64);
    let p1 = ref_hits as f64 / n1;
    let p2 = cur_hits as f64 / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if var <= 0.0 {
        return 1.0;
    }
    let z = (p1 - p2) / libm::sqrt(var);
    (2.0 * normal_sf(libm::fabs(z))).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::stats::close;

    // Reference values come from scipy 1.17.1 / numpy 2.4.6 (computed by hand with
    // the calls named next to each number).

    #[test]
    fn kolmogorov_sf_matches_scipy_kstwobign() {
        let cases = [
            (0.2, 0.999999999999495),
            (0.5, 0.9639452436648751),
            (0.8, 0.5441424115741981),
            (1.0, 0.26999967167735456),
            (1.2238478702170825, 0.09999999999999995),
            (1.3580986393225505, 0.050000000000000024),
            (1.5, 0.022217962616525127),
            (2.0, 0.0006709252557796953),
            (3.0, 3.045995948942526e-08),
        ];
        for (lambda, want) in cases {
            let got = kolmogorov_sf(lambda);
            assert!(close(got, want, 1e-10), "lambda {lambda}: {got} vs {want}");
        }
        assert_eq!(kolmogorov_sf(0.0), 1.0);
        assert!(kolmogorov_sf(10.0) < 1e-80);
    }

    #[test]
    fn ks_two_sample_matches_scipy() {
        let a: Vec<f64> = (0..60).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let b: Vec<f64> = (0..80)
            .map(|i| ((i * 53) % 97) as f64 / 97.0 + 0.1)
            .collect();
        let r = ks_two_sample(&a, &b);
        // scipy ks_2samp statistic; p = kstwobign.sf(sqrt(60*80/140) * D).
        assert!(close(r.statistic, 0.11666666666666667, 1e-12));
        assert!(close(r.p_value, 0.7391045368250917, 1e-9));
        // Order of the samples does not change D.
        assert_eq!(ks_two_sample(&b, &a).statistic, r.statistic);
    }

    #[test]
    fn ks_statistic_handles_ties_like_scipy() {
        let c: Vec<f64> = (0..50).map(|i| (i % 5) as f64).collect();
        let d: Vec<f64> = (0..70).map(|i| (i % 7) as f64).collect();
        let r = ks_two_sample(&c, &d);
        assert!(close(r.statistic, 0.2857142857142857, 1e-12));
        assert!(close(r.p_value, 0.017098608274873438, 1e-9));
    }

    #[test]
    fn ks_exact_equal_sizes_matches_scipy_exact() {
        // ks_2samp(arange(n), arange(n) + h, method="exact").
        let cases = [
            (30, 3, 0.9988393756362763),
            (30, 8, 0.23907300248018645),
            (30, 10, 0.07088798787114439),
            (30, 12, 0.015643390496754332),
            (30, 14, 0.0025300622362698397),
            (30, 17, 8.737803591291227e-05),
            (200, 20, 0.2704743832803917),
            (200, 28, 0.03956202584899502),
        ];
        for (n, h, want) in cases {
            let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let y: Vec<f64> = x.iter().map(|v| v + h as f64).collect();
            let d = ks_statistic_sorted(&x, &y);
            assert!(close(d, h as f64 / n as f64, 1e-12));
            let got = ks_p_value_exact_equal(d, n);
            assert!(close(got, want, 1e-9), "n {n} h {h}: {got} vs {want}");
        }
        assert_eq!(ks_p_value_exact_equal(0.0, 30), 1.0);
    }

    #[test]
    fn asymptotic_ks_is_close_to_exact_at_a_few_hundred_rows() {
        // n = m = 200, D = 0.14: scipy exact 0.03956, limit law 0.03968.
        let asym = ks_p_value_asymptotic(0.14, 200, 200);
        let exact = ks_p_value_exact_equal(0.14, 200);
        assert!(close(asym, 0.039681879538114355, 1e-9));
        assert!(close(asym, exact, 0.01));
    }

    #[test]
    fn chi_square_matches_scipy() {
        let cases = [
            (3.84145882069412, 1, 0.05000000000000028),
            (10.0, 3, 0.01856613546304325),
            (0.5, 2, 0.7788007830714049),
            (25.0, 4, 5.0309817823062075e-05),
            (100.0, 10, 5.4497019829205215e-17),
            (1e-3, 5, 0.9999999983185123),
        ];
        for (x, k, want) in cases {
            let got = chi_square_sf(x, k);
            assert!(
                close(got, want, 1e-9),
                "chi2.sf({x}, {k}) = {got} vs {want}"
            );
        }
        let r = chi_square_test(&[30, 50, 20], &[45, 35, 40]);
        assert!(close(r.statistic, 23.333333333333332, 1e-12));
        assert_eq!(r.dof, 2);
        assert!(close(r.p_value, 8.574939102672296e-06, 1e-9));
        // A category new in the current data cannot be expected: p = 0.
        assert_eq!(chi_square_test(&[10, 10, 0], &[10, 10, 5]).p_value, 0.0);
    }

    #[test]
    fn z_test_matches_scipy() {
        // z = -1.58375652471787, p = 2 * (1 - norm.cdf(|z|)).
        let p = z_test_proportions(30, 200, 52, 250);
        assert!(close(p, 0.11324913623585897, 1e-9));
        assert_eq!(z_test_proportions(0, 10, 0, 20), 1.0);
        assert!(z_test_proportions(1, 0, 1, 2).is_nan());
    }
}
