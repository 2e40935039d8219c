//! A sliding window of recent values ranked against a fixed reference sample, so the
//! two-sample KS statistic and PSI bin counts are available at any time without sorting.
//!
//! Each arriving value is given its *key*, the number of reference values at or below it
//! (a table lookup plus a short scan of the sorted reference), and counted under that key;
//! the value leaving the window is uncounted. Every evaluation then walks the `n + 1` keys
//! once. The statistic is **exact**, bit for bit the value [`ks_statistic_sorted`] gives on
//! the sorted window: between two consecutive reference values the reference CDF is flat, so
//! `|F_ref - F_cur|` over that stretch is largest at its first or last evaluation point, and
//! both are known from the counts (values tied with a reference value are counted apart, so
//! ties are handled as scipy's `ks_2samp` does).
//!
//! [`ks_statistic_sorted`]: super::ks_statistic_sorted

use super::ks_walk::{self, Extremes, TIE_SLOTS};
use super::{ks_p_value_asymptotic, Histogram, KsResult};
use crate::ring::RingBuffer;

/// Lookup buckets per reference value: a value's first candidate rank is read from a table,
/// so the scan of the sorted reference that follows is about one step long.
const BUCKETS_PER_REFERENCE_VALUE: usize = 2;
/// Most lookup buckets (bounds the table for large references).
const MAX_BUCKETS: usize = 16_384;
/// Marks a key whose values do not all share one histogram bin.
const MIXED_BIN: u32 = u32::MAX;

/// One value in the window, with what it added to the counts.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    value: f64,
    /// Reference values at or below `value`.
    key: u32,
    /// PSI bin (when a histogram is attached).
    bin: u32,
    /// `value` equals a reference value.
    tie: bool,
    /// Non-finite values are kept in the window (they take a place) but not counted.
    finite: bool,
}

/// Recent values ranked against a sorted reference (see the module docs).
#[derive(Debug, Clone)]
pub struct RankedWindow {
    /// Finite reference values, sorted ascending.
    reference: Vec<f64>,
    /// `is_point[k]`: some reference value has exactly `k` reference values at or below it
    /// (the last copy of each distinct value), i.e. it is a step of the reference CDF.
    is_point: Vec<bool>,
    /// Window values counted per key (`n + 1` keys).
    counts: Vec<u32>,
    /// Sums of `counts` per block of keys (see [`ks_walk`]): the KS pass skips blocks.
    block_counts: Vec<u32>,
    /// Of `counts[k]`, values equal to the reference value at key `k`.
    ties: Vec<u32>,
    /// Every reference value is distinct (every key from 1 to n is a reference step).
    distinct: bool,
    /// `k / n` for every key, computed as the sorted merge computes it.
    ref_cdf: Vec<f64>,
    /// `j / capacity` for every count j: the window's CDF steps once the window is full.
    full_cdf: Vec<f64>,
    /// Lookup: first bucket edge, buckets per unit, and the rank each bucket starts at.
    bucket_lo: f64,
    bucket_inv_width: f64,
    bucket_start: Vec<u32>,
    /// Histogram whose bins the window is also counted in (PSI), if any.
    bins: Option<Histogram>,
    /// `key_bin[k]`: the histogram bin of every value with key k, or [`MIXED_BIN`] when the
    /// values of that key straddle a bin edge (then the histogram is asked).
    key_bin: Vec<u32>,
    bin_counts: Vec<u64>,
    window: RingBuffer<Entry>,
    finite: usize,
    /// Window values equal to some reference value (the sum of `ties`).
    tied: usize,
}

impl RankedWindow {
    /// A window of `capacity` values compared with `reference` (non-finite reference values
    /// are dropped). When `bins` is given, window values are also counted in its bins
    /// (its own counts are not used).
    pub fn new(reference: &[f64], capacity: usize, bins: Option<Histogram>) -> Self {
        let sorted = super::sorted_finite(reference);
        let n = sorted.len();
        let mut is_point = vec![false; n + 1];
        for k in 1..=n {
            is_point[k] = k == n || sorted[k - 1] < sorted[k];
        }
        let (bucket_lo, bucket_inv_width, bucket_start) = match (sorted.first(), sorted.last()) {
            (Some(&lo), Some(&hi)) if hi > lo => {
                let buckets = (n * BUCKETS_PER_REFERENCE_VALUE).clamp(1, MAX_BUCKETS);
                let inv = buckets as f64 / (hi - lo);
                // start[b] = reference values whose bucket is below b. Bucketing is monotone
                // in the value, so they are all below any value that lands in bucket b.
                let mut start = vec![0u32; buckets + 1];
                for &r in &sorted {
                    let b = bucket_of(r, lo, inv, buckets);
                    start[b + 1] += 1;
                }
                for b in 1..=buckets {
                    start[b] += start[b - 1];
                }
                start.truncate(buckets);
                (lo, inv, start)
            }
            _ => (0.0, 0.0, Vec::new()),
        };
        let bin_counts = bins.as_ref().map_or(Vec::new(), |h| vec![0; h.bins()]);
        let key_bin = match &bins {
            Some(h) if n > 0 => {
                // Key k holds [sorted[k-1], sorted[k]) (below the first value for k = 0, from
                // the last one on for k = n). Binning is monotone, so when both ends of that
                // stretch fall in the same bin, everything inside does too.
                let mut kb = vec![MIXED_BIN; n + 1];
                for k in 1..n {
                    let a = h.bin_of(sorted[k - 1]);
                    if a == h.bin_of(sorted[k]) {
                        kb[k] = a as u32;
                    }
                }
                // The end keys are open-ended (below the first value, from the last one on);
                // the end bins are too, so when the reference's ends already sit in the end
                // bins every value beyond them does (the usual case: the histogram spans the
                // reference).
                if h.bin_of(sorted[0]) == 0 {
                    kb[0] = 0;
                }
                let last_bin = h.bins() - 1;
                if h.bin_of(sorted[n - 1]) == last_bin {
                    kb[n] = last_bin as u32;
                }
                kb
            }
            _ => Vec::new(),
        };
        let nf = n as f64;
        let ref_cdf = (0..=n).map(|k| k as f64 / nf).collect();
        let window = RingBuffer::new(capacity);
        let cap = window.capacity();
        let full_cdf = (0..=cap).map(|j| j as f64 / cap as f64).collect();
        Self {
            reference: sorted,
            distinct: is_point.iter().skip(1).all(|p| *p),
            ref_cdf,
            full_cdf,
            is_point,
            counts: vec![0; n + 1],
            block_counts: ks_walk::block_sums(&vec![0; n + 1]),
            ties: vec![0; n + 1],
            bucket_lo,
            bucket_inv_width,
            bucket_start,
            bins,
            key_bin,
            bin_counts,
            window,
            finite: 0,
            tied: 0,
        }
    }

    /// The reference, finite values sorted ascending.
    pub fn reference(&self) -> &[f64] {
        &self.reference
    }

    /// Values held (including non-finite ones).
    pub fn len(&self) -> usize {
        self.window.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.window.is_empty()
    }

    /// True when the next value pushes the oldest one out.
    pub fn is_full(&self) -> bool {
        self.window.is_full()
    }

    /// Finite values held (the current sample size).
    pub fn finite_len(&self) -> usize {
        self.finite
    }

    /// Forgets every value.
    pub fn clear(&mut self) {
        self.window.clear();
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.block_counts.iter_mut().for_each(|c| *c = 0);
        self.ties.iter_mut().for_each(|c| *c = 0);
        self.bin_counts.iter_mut().for_each(|c| *c = 0);
        self.finite = 0;
        self.tied = 0;
    }

    /// Reference values at or below `x` (finite `x`).
    #[inline]
    fn key_of(&self, x: f64) -> usize {
        let n = self.reference.len();
        let (Some(&lo), Some(&hi)) = (self.reference.first(), self.reference.last()) else {
            return 0;
        };
        if x < lo {
            return 0;
        }
        if x >= hi {
            return n;
        }
        // lo <= x < hi, so lo < hi and the table exists.
        let b = bucket_of(
            x,
            self.bucket_lo,
            self.bucket_inv_width,
            self.bucket_start.len(),
        );
        let mut k = self.bucket_start[b] as usize;
        // Stops before n: the last reference value is hi > x. The scan is usually zero to
        // two steps long, at random, so the first two are taken without branching (adding
        // 0 or 1); the loop after them rarely runs and so is rarely mispredicted.
        k += usize::from(self.reference[k] <= x);
        k += usize::from(self.reference[k] <= x);
        while self.reference[k] <= x {
            k += 1;
        }
        k
    }

    /// Adds the newest value (the oldest leaves when the window is full).
    #[inline]
    pub fn push(&mut self, x: f64) {
        let entry = if x.is_finite() {
            let key = self.key_of(x);
            let bin = match self.key_bin.get(key) {
                Some(&b) if b != MIXED_BIN => b,
                _ => self.bins.as_ref().map_or(0, |h| h.bin_of(x) as u32),
            };
            Entry {
                value: x,
                key: key as u32,
                bin,
                tie: key > 0 && self.reference[key - 1] == x,
                finite: true,
            }
        } else {
            Entry {
                value: x,
                ..Entry::default()
            }
        };
        if let Some(old) = self.window.push_evict(entry) {
            self.count(old, false);
        }
        self.count(entry, true);
    }

    #[inline]
    fn count(&mut self, e: Entry, add: bool) {
        if !e.finite {
            return;
        }
        let k = e.key as usize;
        if add {
            self.counts[k] += 1;
            self.block_counts[ks_walk::block_of(k)] += 1;
            // Ties with a reference value are rare for continuous data: a branch that is
            // almost never taken costs less than always adding 0.
            if e.tie {
                self.ties[k] += 1;
                self.tied += 1;
            }
            if let Some(c) = self.bin_counts.get_mut(e.bin as usize) {
                *c += 1;
            }
            self.finite += 1;
        } else {
            self.counts[k] -= 1;
            self.block_counts[ks_walk::block_of(k)] -= 1;
            if e.tie {
                self.ties[k] -= 1;
                self.tied -= 1;
            }
            if let Some(c) = self.bin_counts.get_mut(e.bin as usize) {
                *c -= 1;
            }
            self.finite -= 1;
        }
    }

    /// The two-sample KS statistic `sup |F_ref - F_cur|` of the reference against the finite
    /// window values; NaN if either is empty. Equal, bit for bit, to
    /// [`super::ks_statistic_sorted`] on the reference and the sorted window.
    pub fn ks_statistic(&self) -> f64 {
        let n = self.reference.len();
        let m = self.finite;
        if n == 0 || m == 0 {
            return f64::NAN;
        }
        if self.distinct && m == self.full_cdf.len() - 1 {
            return self.ks_statistic_full_distinct();
        }
        let (nf, mf) = (n as f64, m as f64);
        let mut d: f64 = 0.0;
        let mut at_or_below = 0u32;
        for k in 0..=n {
            let below = at_or_below;
            let count = self.counts[k];
            at_or_below += count;
            // Within key k the reference CDF is k/n and the window's CDF rises from its
            // value at the reference step (window values below it plus ties) to its value
            // at the last window value of the key; |k/n - j/m| peaks at one of these ends.
            if self.is_point[k] {
                let j = below + self.ties[k];
                d = d.max(libm::fabs(k as f64 / nf - f64::from(j) / mf));
            }
            if count > self.ties[k] {
                d = d.max(libm::fabs(k as f64 / nf - f64::from(at_or_below) / mf));
            }
        }
        d
    }

    /// [`RankedWindow::ks_statistic`] for the usual case: a full window of finite values and
    /// a reference without repeated values. Every key from 1 to n is then a reference step,
    /// and key 0 only adds |0 - j/m| at its top, so one branch-free pass over the keys with
    /// the CDF values from tables gives the same maximum.
    fn ks_statistic_full_distinct(&self) -> f64 {
        if self.tied == 0 {
            return self.ks_statistic_full_distinct_untied();
        }
        // Two running maxima (steps and tops) halve the dependency chain; the maximum of
        // non-negative, non-NaN values is the same whichever order it is taken in.
        let (mut d_step, mut d_top) = (0.0f64, 0.0f64);
        let mut at_or_below = 0usize;
        let mut top_cdf = 0.0;
        for ((&count, &tie), &fr) in self.counts.iter().zip(&self.ties).zip(&self.ref_cdf) {
            // Without ties the window's CDF at this step is the previous key's top.
            let step_cdf = if tie == 0 {
                top_cdf
            } else {
                self.full_cdf[at_or_below + tie as usize]
            };
            at_or_below += count as usize;
            top_cdf = self.full_cdf[at_or_below];
            let at_step = (fr - step_cdf).abs();
            let at_top = (fr - top_cdf).abs();
            // `if >` rather than f64::max: one instruction, no NaN to care about here.
            if at_step > d_step {
                d_step = at_step;
            }
            if at_top > d_top {
                d_top = at_top;
            }
        }
        if d_top > d_step {
            d_top
        } else {
            d_step
        }
    }

    /// The common case of the common case: no window value equals a reference value, so
    /// the window's CDF at each reference step is the previous key's top.
    ///
    /// Found in integers first. With `c_k` window values at or below key k, let
    /// `t_k = k m - c_k n` (n reference values, m window values): the distance at key k's
    /// top is `|t_k| / (n m)`, and at its step `|t_(k-1) + m| / (n m)`. Since `t_k <= t_(k-1) + m`,
    /// the largest distance is either the largest `t_(k-1) + m` (window CDF below the
    /// reference) or the largest `-t_k` (above it), so only the extremes of `t` are needed
    /// ([`ks_walk::extremes`] finds them, skipping blocks of keys that cannot hold one).
    /// Two distances that differ do so by at least `1 / (n m)`, far more than the rounding
    /// of the f64 formula, so the f64 maximum is attained at the integer maximum; its f64
    /// value is then computed at each key that attains it (exact ties can round a bit
    /// apart), exactly as [`Self::ks_statistic_full_distinct_untied_f64`] does.
    fn ks_statistic_full_distinct_untied(&self) -> f64 {
        let n = self.reference.len();
        let m = self.full_cdf.len() - 1;
        // The gap argument needs 1/(n m) well above f64 rounding (and the products to fit).
        if n == 0 || (n as u64).saturating_mul(m as u64) >= 1 << 40 {
            return self.ks_statistic_full_distinct_untied_f64();
        }
        let (ni, mi) = (n as i64, m as i64);
        let Extremes {
            max_t,
            min_t,
            max_at,
            min_at,
            max_n,
            min_n,
        } = ks_walk::extremes(&self.counts, &self.block_counts, ni, mi);
        let below = max_t.saturating_add(mi).max(0);
        let above = min_t.saturating_neg().max(0);
        let best = below.max(above);
        if best == 0 {
            // Every distance is exactly 0 (equal fractions round to equal f64 values).
            return 0.0;
        }
        if (below == best && max_n > TIE_SLOTS) || (above == best && min_n > TIE_SLOTS) {
            return self.ks_statistic_full_distinct_untied_f64();
        }
        // c_k = (k m - t_k) / n exactly.
        let window_at = |k: u32, t_k: i64| -> usize { ((i64::from(k) * mi - t_k) / ni) as usize };
        let mut d = 0.0f64;
        if below == best {
            for &k in &max_at[..max_n] {
                // The step of key k + 1 against the top of key k.
                let c = window_at(k, max_t);
                let v = (self.ref_cdf[k as usize + 1] - self.full_cdf[c]).abs();
                if v > d {
                    d = v;
                }
            }
        }
        if above == best {
            for &k in &min_at[..min_n] {
                let c = window_at(k, min_t);
                let v = (self.ref_cdf[k as usize] - self.full_cdf[c]).abs();
                if v > d {
                    d = v;
                }
            }
        }
        d
    }

    /// [`Self::ks_statistic_full_distinct_untied`] by the f64 formula at every key.
    fn ks_statistic_full_distinct_untied_f64(&self) -> f64 {
        let (mut d_step, mut d_top) = (0.0f64, 0.0f64);
        let mut at_or_below = 0usize;
        let mut prev_top = 0.0;
        for (&count, &fr) in self.counts.iter().zip(&self.ref_cdf) {
            at_or_below += count as usize;
            let top = self.full_cdf[at_or_below];
            let at_step = (fr - prev_top).abs();
            let at_top = (fr - top).abs();
            if at_step > d_step {
                d_step = at_step;
            }
            if at_top > d_top {
                d_top = at_top;
            }
            prev_top = top;
        }
        if d_top > d_step {
            d_top
        } else {
            d_step
        }
    }

    /// KS test of the reference against the window with the asymptotic p-value, as
    /// [`super::ks_two_sample_sorted`] computes it.
    pub fn ks_test(&self) -> KsResult {
        let statistic = self.ks_statistic();
        KsResult {
            statistic,
            p_value: ks_p_value_asymptotic(statistic, self.reference.len(), self.finite),
        }
    }

    /// Window values per bin of the attached histogram (empty without one).
    pub fn bin_counts(&self) -> &[u64] {
        &self.bin_counts
    }

    /// Writes the finite window values, sorted ascending, into `out` (for statistics that
    /// need the values themselves, such as the normed Wasserstein distance).
    pub fn sorted_values_into(&self, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.window.iter().filter(|e| e.finite).map(|e| e.value));
        out.sort_unstable_by(f64::total_cmp);
    }
}

/// Lookup bucket of `x >= lo`, clamped to the last bucket.
#[inline]
fn bucket_of(x: f64, lo: f64, inv_width: f64, buckets: usize) -> usize {
    // x >= lo keeps the product non-negative; `as i64` saturates (and is one instruction
    // on x86-64, unlike the unsigned conversion).
    (((x - lo) * inv_width) as i64 as usize).min(buckets - 1)
}

#[cfg(test)]
mod tests {
    use super::super::{ks_statistic_sorted, sorted_finite};
    use super::*;
    use crate::rng::SimRng;

    fn check_against_sort(reference: &[f64], stream: &[f64], capacity: usize) {
        let mut w = RankedWindow::new(reference, capacity, None);
        let sorted_ref = sorted_finite(reference);
        for (i, &x) in stream.iter().enumerate() {
            w.push(x);
            let start = (i + 1).saturating_sub(capacity);
            let cur = sorted_finite(&stream[start..=i]);
            let want = ks_statistic_sorted(&sorted_ref, &cur);
            let got = w.ks_statistic();
            assert!(
                want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()),
                "step {i}: sort gives {want}, window gives {got}"
            );
        }
    }

    #[test]
    fn ks_matches_the_sorted_merge_bit_for_bit_on_continuous_data() {
        let mut r = SimRng::new(5);
        let reference: Vec<f64> = (0..300).map(|_| r.normal(0.5, 0.1)).collect();
        // The stream drifts upwards, so late windows sit partly outside the reference range.
        let stream: Vec<f64> = (0..700)
            .map(|i| r.normal(0.4 + i as f64 * 0.0005, 0.12))
            .collect();
        check_against_sort(&reference, &stream, 120);
        // Distinct reference, some window values exactly on reference values (ties).
        let tied: Vec<f64> = stream
            .iter()
            .enumerate()
            .map(|(i, &x)| if i % 7 == 0 { reference[i % 300] } else { x })
            .collect();
        check_against_sort(&reference, &tied, 120);
    }

    #[test]
    fn ks_matches_on_small_samples_where_distances_tie_exactly() {
        // Small n and m make equal fractions k/n - c/m common, so the largest distance is
        // often reached at several keys whose f64 values may round apart.
        let mut r = SimRng::new(17);
        for (n, cap) in [(6usize, 4usize), (4, 6), (12, 8), (9, 3), (10, 10)] {
            for _ in 0..40 {
                let reference: Vec<f64> = (0..n).map(|_| r.uniform()).collect();
                let stream: Vec<f64> = (0..30).map(|_| r.uniform() * 1.2 - 0.1).collect();
                check_against_sort(&reference, &stream, cap);
            }
        }
        // Perfect interleaving: every key ties (more ties than the integer pass keeps).
        let reference: Vec<f64> = (0..20).map(|i| f64::from(2 * i)).collect();
        let stream: Vec<f64> = (0..40).map(|i| f64::from(2 * (i % 20) + 1)).collect();
        check_against_sort(&reference, &stream, 20);
    }

    #[test]
    fn ks_matches_with_ties_duplicates_and_non_finite_values() {
        // Coarse values: many ties within the window, with the reference, and duplicated
        // reference values (keys that are not reference steps).
        let mut r = SimRng::new(9);
        let mut reference: Vec<f64> = (0..200).map(|_| libm::round(r.normal(5.0, 2.0))).collect();
        reference.push(f64::NAN);
        let mut stream: Vec<f64> = (0..400).map(|_| libm::round(r.normal(5.5, 2.5))).collect();
        stream[17] = f64::NAN;
        stream[250] = f64::INFINITY;
        check_against_sort(&reference, &stream, 50);
    }

    #[test]
    fn degenerate_references() {
        check_against_sort(&[], &[1.0, 2.0], 4);
        check_against_sort(&[3.0], &[1.0, 3.0, 5.0, 3.0], 3);
        check_against_sort(&[2.0, 2.0, 2.0], &[2.0, 1.0, 2.0, 9.0], 2);
    }

    #[test]
    fn bin_counts_match_a_histogram_of_the_window() {
        let mut r = SimRng::new(13);
        let reference: Vec<f64> = (0..500).map(|_| r.normal(0.5, 0.1)).collect();
        let sorted = sorted_finite(&reference);
        let h = Histogram::uniform(sorted[0], sorted[sorted.len() - 1], 10).unwrap();
        let mut w = RankedWindow::new(&reference, 80, Some(h.clone()));
        // Mostly inside the reference range, some beyond both ends, some exactly on it.
        let mut stream: Vec<f64> = (0..600).map(|_| r.normal(0.52, 0.15)).collect();
        stream[3] = sorted[0];
        stream[4] = sorted[sorted.len() - 1];
        stream[5] = h.edges()[4];
        for (i, &x) in stream.iter().enumerate() {
            w.push(x);
            let mut want = h.clone();
            want.clear();
            for &y in &stream[(i + 1).saturating_sub(80)..=i] {
                want.add(y);
            }
            assert_eq!(w.bin_counts(), want.counts(), "step {i}");
        }
    }

    #[test]
    fn bin_counts_follow_the_window() {
        let h = Histogram::uniform(0.0, 1.0, 4).ok();
        let mut w = RankedWindow::new(&[0.1, 0.9], 3, h);
        for x in [0.1, 0.3, 0.6, 0.9, -2.0] {
            w.push(x);
        }
        // Window: 0.6, 0.9, -2.0 (open-ended first bin).
        assert_eq!(w.bin_counts(), &[1, 0, 1, 1]);
        assert_eq!(w.finite_len(), 3);
        let mut v = Vec::new();
        w.sorted_values_into(&mut v);
        assert_eq!(v, vec![-2.0, 0.6, 0.9]);
        w.clear();
        assert!(w.is_empty());
        assert_eq!(w.bin_counts(), &[0, 0, 0, 0]);
        assert!(w.ks_statistic().is_nan());
    }
}
