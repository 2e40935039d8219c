//! The drift statistics against scipy and Evidently: `ks_2samp` (statistic, p-value and its
//! exact/asymptotic choice, ties included), Evidently's normed Wasserstein distance, PSI and
//! Jensen-Shannon distance, scipy's `kstwo.sf` and `smirnov`; in the library and through the
//! `driftline-stats` binary.
//!
//! Every expected number was printed by `sim/tests/data/scipy_reference.py` (scipy 1.17.1,
//! numpy 2.4.6, pandas 2.3.3, evidently 0.7.23, Python 3.11) and pasted here; the samples are
//! drawn on both sides by the same SplitMix64 generator ([`sample`]), so they are bit for bit
//! the same data. No Python runs during the tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use driftline_sim::monitor::stats::{
    evidently_bins, kolmogorov_n_sf, ks_2samp_sorted, smirnov_sf, sorted_finite,
    wasserstein_normed_sorted, Binning, KsMethod,
};
use std::process::Command;

/// SplitMix64 (Steele, Lea and Flood 2014), as in the reference script.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Irwin-Hall: twelve uniforms minus 6, summed left to right.
    fn bell(&mut self) -> f64 {
        let mut acc = 0.0;
        for _ in 0..12 {
            acc += self.uniform();
        }
        acc - 6.0
    }
}

#[derive(Clone, Copy)]
enum Kind {
    /// `loc + scale * bell`.
    Bell,
    /// `loc + scale * floor(4 bell) / 4` (ties).
    Grid,
    /// `loc + (u64 % scale)` (ties).
    Int,
}

type Spec = (Kind, usize, u64, f64, f64);

/// The reference script's `sample(kind, n, seed, loc, scale)`.
fn sample(&(kind, n, seed, loc, scale): &Spec) -> Vec<f64> {
    let mut g = SplitMix64(seed);
    (0..n)
        .map(|_| match kind {
            Kind::Bell => loc + scale * g.bell(),
            Kind::Grid => loc + scale * (libm::floor(g.bell() * 4.0) / 4.0),
            Kind::Int => loc + (g.next_u64() % scale as u64) as f64,
        })
        .collect()
}

use Kind::{Bell, Grid, Int};

/// The script's `CASES`: name, reference, current.
const CASES: [(&str, Spec, Spec); 12] = [
    (
        "exact_20_20_shift",
        (Bell, 20, 1, 0.0, 1.0),
        (Bell, 20, 2, 0.8, 1.0),
    ),
    (
        "exact_20_35",
        (Bell, 20, 3, 0.0, 1.0),
        (Bell, 35, 4, 0.5, 1.3),
    ),
    (
        "exact_33_40_same",
        (Bell, 33, 5, 10.0, 2.0),
        (Bell, 40, 6, 10.0, 2.0),
    ),
    (
        "exact_40_24_int_ties",
        (Int, 40, 7, 0.0, 7.0),
        (Int, 24, 8, 1.0, 7.0),
    ),
    (
        "exact_25_30_grid_ties",
        (Grid, 25, 9, 0.0, 1.0),
        (Grid, 30, 10, 0.25, 1.0),
    ),
    (
        "exact_38_21_far",
        (Bell, 38, 11, 0.0, 1.0),
        (Bell, 21, 12, 3.0, 1.0),
    ),
    (
        "exact_10000_6000_same",
        (Bell, 10000, 13, 0.0, 1.0),
        (Bell, 6000, 14, 0.0, 1.0),
    ),
    (
        "asymp_12000_10500_same",
        (Bell, 12000, 15, 0.0, 1.0),
        (Bell, 10500, 16, 0.0, 1.0),
    ),
    (
        "asymp_10001_15000_shift",
        (Bell, 10001, 17, 0.0, 1.0),
        (Bell, 15000, 18, 0.05, 1.0),
    ),
    (
        "asymp_20000_12000_int_ties",
        (Int, 20000, 19, 0.0, 20.0),
        (Int, 12000, 20, 0.0, 21.0),
    ),
    (
        "asymp_30_12000",
        (Bell, 30, 21, 0.3, 1.0),
        (Bell, 12000, 22, 0.0, 1.0),
    ),
    (
        "asymp_150_10001",
        (Bell, 150, 23, 0.0, 1.2),
        (Bell, 10001, 24, 0.0, 1.0),
    ),
];

/// Pasted from the script: name, ks_statistic, ks_pvalue, exact, wasserstein_normed, psi,
/// jensen_shannon (scipy 1.17.1, numpy 2.4.6, pandas 2.3.3, evidently 0.7.23).
#[rustfmt::skip]
const EXPECTED: [(&str, f64, f64, bool, f64, f64, f64); 12] = [
    ("exact_20_20_shift", 0.5, 0.012298612583953778, true, 1.097531960632596, 12.404357764450694, 0.8325546111576977),
    ("exact_20_35", 0.3142857142857143, 0.13156229345622264, true, 0.5913878124316405, 11.83737871962541, 0.8325546111576977),
    ("exact_33_40_same", 0.16893939393939394, 0.6025573358557745, true, 0.21230777344418658, 0.20098864503531422, 0.15584676388456567),
    ("exact_40_24_int_ties", 0.3333333333333333, 0.05752012909146532, true, 0.7867676941249718, 4.7050584806960485, 0.4918380860888577),
    ("exact_25_30_grid_ties", 0.18666666666666668, 0.6590111155908706, true, 0.25234200832763576, 2.0683566904310795, 0.34732715536499126),
    ("exact_38_21_far", 0.768170426065163, 2.3828675918782766e-08, true, 2.2698457820152327, 8.770211077947707, 0.6624815184222315),
    ("exact_10000_6000_same", 0.012966666666666666, 0.5498696770548298, true, 0.017632413757999236, 0.004043023359116851, 0.0224219042871194),
    ("asymp_12000_10500_same", 0.00998809523809524, 0.627748296726962, false, 0.01726020920917934, 0.001581685931768005, 0.014043531284751113),
    ("asymp_10001_15000_shift", 0.03447993867279936, 1.2411346582131495e-06, false, 0.07092910693518696, 0.006270818072306825, 0.029006919556984645),
    ("asymp_20000_12000_int_ties", 0.04525000000000001, 8.78139870300732e-14, false, 0.07946053743704054, 0.2797505878427824, 0.12704643559583562),
    ("asymp_30_12000", 0.16475, 0.3505189351183955, false, 0.27215268824161226, 0.6499836235087723, 0.232632577621632),
    ("asymp_150_10001", 0.11614505216145053, 0.0339285173420506, false, 0.24322681730239226, 0.25007541344047046, 0.16917020967646693),
];

/// Statistics: within 1e-9 (absolute, or relative for values above 1).
fn stat_close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1.0)
}

/// p-values: within 1e-6, absolute and relative (so tiny p-values are checked too).
fn p_close(got: f64, want: f64) -> bool {
    let diff = (got - want).abs();
    diff <= 1e-6 && diff <= 1e-6 * want.abs().max(1e-300)
}

#[test]
fn the_generator_matches_the_script() {
    // Printed by the script: SplitMix64(1).next_u64() and sample('bell', 3, 1, 0.0, 1.0),
    // which must agree bit for bit.
    let mut g = SplitMix64(1);
    assert_eq!(g.next_u64(), 0x910A_2DEC_8902_5CC1);
    assert_eq!(
        sample(&(Bell, 3, 1, 0.0, 1.0)),
        vec![1.4243480905156511, -0.6189042598785681, -0.5907667571367323]
    );
}

#[test]
fn ks_2samp_matches_scipy() {
    for ((name, r, c), expected) in CASES.iter().zip(EXPECTED) {
        let (ename, d, p, exact, ..) = expected;
        assert_eq!(*name, ename);
        let r = sorted_finite(&sample(r));
        let c = sorted_finite(&sample(c));
        let ks = ks_2samp_sorted(&r, &c);
        assert!(
            stat_close(ks.statistic, d),
            "{name}: D {} vs {d}",
            ks.statistic
        );
        assert!(p_close(ks.p_value, p), "{name}: p {} vs {p}", ks.p_value);
        let method = if exact {
            KsMethod::Exact
        } else {
            KsMethod::Asymptotic
        };
        assert_eq!(ks.method, method, "{name}");
    }
}

#[test]
fn evidently_distances_match() {
    for ((name, r, c), expected) in CASES.iter().zip(EXPECTED) {
        let (.., wn, psi, js) = expected;
        let r = sorted_finite(&sample(r));
        let c = sorted_finite(&sample(c));
        let got = wasserstein_normed_sorted(&r, &c);
        assert!(
            stat_close(got, wn),
            "{name}: wasserstein_normed {got} vs {wn}"
        );
        let bins = evidently_bins(&r, &c);
        assert!(
            stat_close(bins.psi(), psi),
            "{name}: psi {} vs {psi}",
            bins.psi()
        );
        let got = bins.jensen_shannon();
        assert!(stat_close(got, js), "{name}: jensen_shannon {got} vs {js}");
    }
}

#[test]
fn numpy_sturges_bin_count_at_a_power_of_two() {
    // 600 + 424 = 1024 pooled values: numpy's width-then-ceil rule gives 12 bins here,
    // ceil(log2(1024) + 1) = 11. Script: seed 106.
    let r = sorted_finite(&sample(&(Bell, 600, 106, 0.0, 1.0)));
    let c = sorted_finite(&sample(&(Bell, 424, 1106, 0.2, 1.0)));
    let bins = evidently_bins(&r, &c);
    assert_eq!(bins.binning, Binning::Sturges);
    assert_eq!(bins.reference.len(), 12);
    assert!(
        stat_close(bins.psi(), 0.13224002191808615),
        "{}",
        bins.psi()
    );
    assert!(stat_close(bins.jensen_shannon(), 0.12528105636028422));
}

#[test]
fn kstwo_sf_matches_scipy_on_every_branch() {
    // scipy.stats.kstwo.sf(x, n): Ruben-Gambino ends, Durbin matrix, Pomeranz, Pelz-Good,
    // twice Smirnov, and n above 100,000 and 1,000,000.
    #[rustfmt::skip]
    let cases: [(u64, f64, f64); 26] = [
        (5, 0.15, 0.9988), (5, 0.2, 0.9616), (5, 0.3, 0.664), (5, 0.7, 0.005560000000000004),
        (5, 0.9, 1.9999999999999978e-05), (30, 0.1, 0.8960782680050898),
        (30, 0.2, 0.15796916101547398), (30, 0.3, 0.006852243362913235),
        (30, 0.45, 4.60170836663682e-06), (100, 0.02, 0.999999999978262),
        (100, 0.08, 0.5182193645480672), (100, 0.15, 0.019839242125643017),
        (100, 0.3, 1.7719869892662917e-08), (140, 0.05, 0.8576480297656114),
        (141, 0.05, 0.854845693009663), (141, 0.2, 2.0276784223976912e-05),
        (500, 0.003, 1.0), (500, 0.03, 0.7473166700457021), (500, 0.08, 0.0031305058199356268),
        (5000, 0.004, 0.9999977369528622), (5000, 0.015, 0.20846142096186204),
        (5000, 0.03, 0.00024159234422666817), (5000, 0.3, 0.0),
        (120000, 0.002, 0.7223568874535208), (120000, 0.004, 0.04287201966716936),
        (2000000, 0.001, 0.03660662431970485),
    ];
    for (n, x, want) in cases {
        let got = kolmogorov_n_sf(n, x);
        assert!(p_close(got, want), "kstwo.sf({x}, {n}) = {got} vs {want}");
    }
}

#[test]
fn smirnov_matches_scipy() {
    #[rustfmt::skip]
    let cases: [(u64, f64, f64); 12] = [
        (1, 0.3, 0.7), (2, 0.3, 0.61), (7, 0.1, 0.8228439), (7, 0.5, 0.019195870768132325),
        (7, 0.9, 9.999999999999985e-08), (50, 0.01, 0.9837165166154072),
        (50, 0.2, 0.01571942744940561), (50, 0.6, 4.817035228071187e-18),
        (1000, 0.05, 0.006506037390545166), (20000, 0.01, 0.01819312895757209),
        (20000, 0.02, 1.1090635035024872e-07), (2000000, 0.001, 0.018303432023617325),
    ];
    for (n, x, want) in cases {
        let got = smirnov_sf(n, x);
        assert!(p_close(got, want), "smirnov({n}, {x}) = {got} vs {want}");
    }
}

/// Writes `values` as a one-column CSV with another column around it (and, for `;` files,
/// a semicolon separator), so the binary's reading is part of the check.
fn write_csv(path: &std::path::Path, values: &[f64], sep: char) {
    let mut s = format!("id{sep}value{sep}note\n");
    for (i, v) in values.iter().enumerate() {
        // `{v:?}` prints the shortest text that reads back to the same f64.
        s.push_str(&format!("{i}{sep}{v:?}{sep}\"a{sep}b\"\n"));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn the_binary_prints_the_same_numbers() {
    let bin = env!("CARGO_BIN_EXE_driftline-stats");
    let dir = std::env::temp_dir();
    // An exact case with ties and an asymptotic one, one file of each pair `;`-separated.
    for index in [3usize, 8] {
        let (name, r, c) = &CASES[index];
        let (_, d, p, exact, wn, psi, js) = EXPECTED[index];
        let rp = dir.join(format!(
            "driftline-stats-{}-{name}-ref.csv",
            std::process::id()
        ));
        let cp = dir.join(format!(
            "driftline-stats-{}-{name}-cur.csv",
            std::process::id()
        ));
        write_csv(&rp, &sample(r), ',');
        write_csv(&cp, &sample(c), ';');
        let out = Command::new(bin)
            .args(["--reference", rp.to_str().unwrap()])
            .args(["--current", cp.to_str().unwrap()])
            .args(["--column", "value"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let f = |k: &str| v[k].as_f64().unwrap_or_else(|| panic!("{k} in {text}"));
        assert!(stat_close(f("ks_statistic"), d), "{name}: {text}");
        assert!(p_close(f("ks_pvalue"), p), "{name}: {text}");
        assert_eq!(v["ks_method"], if exact { "exact" } else { "asymp" });
        assert!(stat_close(f("wasserstein_normed"), wn), "{name}: {text}");
        assert!(stat_close(f("psi"), psi), "{name}: {text}");
        assert!(stat_close(f("jensen_shannon"), js), "{name}: {text}");
        assert_eq!(v["reference_rows"], r.1);
        assert_eq!(v["current_rows"], c.1);
        std::fs::remove_file(rp).ok();
        std::fs::remove_file(cp).ok();
    }
}
