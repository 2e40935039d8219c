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
//!
//! About 590 lines of code, the rest tests against brute-force counts.

use super::ks_walk::{self, Extremes, TIE_SLOTS};
use super::{ks_p_value_asymptotic, Histogram, KsResult};
use crate::ring::FullRing;

/// Lookup buckets per reference value: a value's first candidate rank is read from a table,
/// so the scan of the sorted reference that follows is rarely more than one step long (in the
/// heavy benchmark about 0.4% of lookups meet a crowded bucket and take the slower search).
const BUCKETS_PER_REFERENCE_VALUE: usize = 4;
/// Most lookup buckets (bounds the table for large references).
const MAX_BUCKETS: usize = 16_384;
/// Marks a key whose values do not all share one histogram bin.
const MIXED_BIN: u32 = u32::MAX;
/// 2^52: adding it to a number in `[0, 2^52)` leaves that number rounded to an integer in
/// the low bits of the sum's mantissa.
const ROUND_TO_INT: f64 = 4_503_599_627_370_496.0;

/// What a value with a given key needs at a push, side by side so one lookup finds both.
#[derive(Debug, Clone, Copy)]
struct KeyInfo {
    /// The reference value `k`-th from the bottom (the largest at or below a key-k value, the
    /// one it may tie with): `-inf` for key 0, and `+inf` on the sentinel keys past n that stop
    /// every scan.
    floor: f64,
    /// Bin of every value with this key, or [`MIXED_BIN`] when the key straddles a bin edge
    /// (then the histogram is asked).
    bin: u32,
}

/// Sentinel keys past n (`+inf` floors): the rank lookup reads four keys from its start.
const SENTINEL_KEYS: usize = 3;

/// One value in the window and where it was counted, so leaving the window needs no lookup.
#[derive(Debug, Clone, Copy)]
struct Entry {
    value: f64,
    /// Key counted under: reference values at or below `value` (0 to n), or one of the two
    /// keys past n, for non-finite values and for places not filled yet.
    key: u32,
    /// Bin counted under, times two, plus one when `value` equals a reference value.
    bin_tie: u32,
}

/// Recent values ranked against a sorted reference (see the module docs).
///
/// Every place of the window is always counted somewhere: a non-finite value under key
/// `n + 1`, a place not filled yet under key `n + 2` (both in the last, "junk", bin), so a
/// push always uncounts one entry and counts one, without branching on either.
#[derive(Debug, Clone)]
pub struct RankedWindow {
    /// Finite reference values, sorted ascending (n of them).
    reference: Vec<f64>,
    /// Per key (`n + 1`, then [`SENTINEL_KEYS`]): its reference floor and bin.
    keys: Vec<KeyInfo>,
    /// `is_point[k]`: some reference value has exactly `k` reference values at or below it
    /// (the last copy of each distinct value), i.e. it is a step of the reference CDF.
    is_point: Vec<bool>,
    /// Window values counted per key (`n + 1` keys, then the non-finite and unfilled keys).
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
    /// Lookup: where bucketing starts, buckets per unit, the last bucket, and the rank each
    /// bucket starts at (`bucket_top + 1` entries).
    bucket_lo: f64,
    bucket_scale: f64,
    bucket_top: f64,
    bucket_start: Vec<u32>,
    /// Histogram whose bins the window is also counted in (PSI), if any.
    bins: Option<Histogram>,
    /// Values per bin, then the junk bin (non-finite values and unfilled places).
    bin_counts: Vec<u64>,
    /// Index of the junk bin.
    junk_bin: u32,
    window: FullRing<Entry>,
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
        let (bucket_lo, bucket_scale, bucket_top, bucket_start) = bucket_table(&sorted);
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
            Some(_) => vec![MIXED_BIN; n + 1],
            // No histogram: everything goes to the junk bin, the only one.
            None => vec![0; n + 1],
        };
        let junk_bin = bins.as_ref().map_or(0, Histogram::bins);
        let nf = n as f64;
        let ref_cdf = (0..=n).map(|k| k as f64 / nf).collect();
        let window = FullRing::new(capacity, Entry::default_for(n, junk_bin as u32));
        let cap = window.capacity();
        let full_cdf = (0..=cap).map(|j| j as f64 / cap as f64).collect();
        let floors = std::iter::once(f64::NEG_INFINITY)
            .chain(sorted.iter().copied())
            .chain(std::iter::repeat_n(f64::INFINITY, SENTINEL_KEYS));
        let bins_of = key_bin
            .into_iter()
            .chain(std::iter::repeat(junk_bin as u32));
        let keys = floors
            .zip(bins_of)
            .map(|(floor, bin)| KeyInfo { floor, bin })
            .collect();
        let mut w = Self {
            reference: sorted,
            keys,
            distinct: is_point.iter().skip(1).all(|p| *p),
            ref_cdf,
            full_cdf,
            is_point,
            counts: vec![0; n + 3],
            block_counts: Vec::new(),
            ties: vec![0; n + 1],
            bucket_lo,
            bucket_scale,
            bucket_top,
            bucket_start,
            bins,
            bin_counts: vec![0; junk_bin + 1],
            junk_bin: junk_bin as u32,
            window,
            tied: 0,
        };
        w.clear();
        w
    }

    /// The reference, finite values sorted ascending.
    pub fn reference(&self) -> &[f64] {
        &self.reference
    }

    /// Key of non-finite values.
    fn non_finite_key(&self) -> usize {
        self.reference.len() + 1
    }

    /// Key of places not filled yet.
    fn unfilled_key(&self) -> usize {
        self.reference.len() + 2
    }

    fn count_at(&self, key: usize) -> usize {
        self.counts.get(key).map_or(0, |&c| c as usize)
    }

    /// Values held (including non-finite ones).
    pub fn len(&self) -> usize {
        self.window.capacity() - self.count_at(self.unfilled_key())
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the next value pushes the oldest one out.
    pub fn is_full(&self) -> bool {
        self.count_at(self.unfilled_key()) == 0
    }

    /// Finite values held (the current sample size).
    pub fn finite_len(&self) -> usize {
        self.len() - self.count_at(self.non_finite_key())
    }

    /// Forgets every value.
    pub fn clear(&mut self) {
        let unfilled = Entry::default_for(self.reference.len(), self.junk_bin);
        self.window.reset(unfilled);
        let cap = self.window.capacity();
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.ties.iter_mut().for_each(|c| *c = 0);
        self.bin_counts.iter_mut().for_each(|c| *c = 0);
        // Every place starts counted as unfilled.
        let unfilled_key = self.unfilled_key();
        if let Some(c) = self.counts.get_mut(unfilled_key) {
            *c = cap as u32;
        }
        if let Some(c) = self.bin_counts.get_mut(self.junk_bin as usize) {
            *c = cap as u64;
        }
        self.block_counts = ks_walk::block_sums(&self.counts);
        self.tied = 0;
    }

    /// The key of `x` (reference values at or below it) and that key's info, or `None` when
    /// `x` is not finite.
    #[inline]
    fn rank(&self, x: f64) -> Option<(usize, KeyInfo)> {
        let b = bucket_of(x, self.bucket_lo, self.bucket_scale, self.bucket_top);
        // Reference values in buckets below b are all below x: the key is at least k0, and
        // `keys[k0].floor < x`. k0 <= n, so the four keys from k0 exist (sentinels past n).
        let k0 = self.bucket_start.get(b).map_or(0, |&s| s as usize);
        if let Some(win) = self.keys.get(k0..k0 + 4) {
            if let (Some(w1), Some(w2), Some(w3)) = (win.get(1), win.get(2), win.get(3)) {
                // The scan is usually zero to two steps long, at random: both are taken
                // without branching (floors ascend, so a step is taken only after the one
                // before it).
                let d = usize::from(w1.floor <= x) + usize::from(w2.floor <= x);
                // This also tests finiteness: `w3.floor > x` fails for NaN and +inf (NaN
                // compares false, and no floor is above +inf), the other for -inf.
                if let (true, true, Some(&info)) = (w3.floor > x, x > f64::NEG_INFINITY, win.get(d))
                {
                    return Some((k0 + d, info));
                }
            }
        }
        if !x.is_finite() {
            return None;
        }
        // A crowded bucket or repeated reference values (rare): search the rest. The +inf
        // sentinels keep the key at most n.
        let k = k0
            + self
                .keys
                .get(k0 + 1..)
                .map_or(0, |rest| rest.partition_point(|e| e.floor <= x));
        let info = self.keys.get(k).copied().unwrap_or(KeyInfo {
            floor: f64::NEG_INFINITY,
            bin: MIXED_BIN,
        });
        Some((k, info))
    }

    /// Adds the newest value (the oldest leaves when the window is full).
    #[inline]
    pub fn push(&mut self, x: f64) {
        let (key, bin, tie) = if let Some((key, info)) = self.rank(x) {
            let bin = if info.bin != MIXED_BIN {
                info.bin
            } else {
                self.bins
                    .as_ref()
                    .map_or(self.junk_bin, |h| h.bin_of(x) as u32)
            };
            // Key 0's floor is -inf, so it never ties.
            (key, bin, info.floor == x)
        } else {
            (self.non_finite_key(), self.junk_bin, false)
        };
        let old = self.window.push_replace(Entry {
            value: x,
            key: key as u32,
            bin_tie: bin << 1 | u32::from(tie),
        });
        // The oldest entry (or an unfilled place) leaves: undo what it added. The arrays
        // are taken as slices first so their lengths stay in registers across the stores.
        let (old_key, old_bin) = (old.key as usize, (old.bin_tie >> 1) as usize);
        let counts = self.counts.as_mut_slice();
        let blocks = self.block_counts.as_mut_slice();
        let bin_counts = self.bin_counts.as_mut_slice();
        if let Some(c) = counts.get_mut(old_key) {
            *c -= 1;
        }
        if let Some(c) = blocks.get_mut(ks_walk::block_of(old_key)) {
            *c -= 1;
        }
        if let Some(c) = bin_counts.get_mut(old_bin) {
            *c -= 1;
        }
        if let Some(c) = counts.get_mut(key) {
            *c += 1;
        }
        if let Some(c) = blocks.get_mut(ks_walk::block_of(key)) {
            *c += 1;
        }
        if let Some(c) = bin_counts.get_mut(bin as usize) {
            *c += 1;
        }
        // Ties with a reference value are rare for continuous data: a branch that is
        // almost never taken costs less than always adding 0.
        if old.bin_tie & 1 != 0 {
            if let Some(c) = self.ties.get_mut(old_key) {
                *c -= 1;
            }
            self.tied -= 1;
        }
        if tie {
            if let Some(c) = self.ties.get_mut(key) {
                *c += 1;
            }
            self.tied += 1;
        }
    }

    /// The two-sample KS statistic `sup |F_ref - F_cur|` of the reference against the finite
    /// window values; NaN if either is empty. Equal, bit for bit, to
    /// [`super::ks_statistic_sorted`] on the reference and the sorted window.
    pub fn ks_statistic(&self) -> f64 {
        let n = self.reference.len();
        let m = self.finite_len();
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
        // The counts of keys 0..=n only. The block sums may also hold the non-finite and
        // unfilled keys (past n, possibly in key n's block), but both are 0 here: every
        // place holds a finite value.
        let Extremes {
            max_t,
            min_t,
            max_at,
            min_at,
            max_n,
            min_n,
        } = ks_walk::extremes(&self.counts[..=n], &self.block_counts, ni, mi);
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
            p_value: ks_p_value_asymptotic(statistic, self.reference.len(), self.finite_len()),
        }
    }

    /// Window values per bin of the attached histogram (empty without one).
    pub fn bin_counts(&self) -> &[u64] {
        // All but the junk bin (the last).
        self.bin_counts.split_last().map_or(&[], |(_, bins)| bins)
    }

    /// Writes the finite window values, sorted ascending, into `out` (for statistics that
    /// need the values themselves, such as the normed Wasserstein distance).
    pub fn sorted_values_into(&self, out: &mut Vec<f64>) {
        out.clear();
        let n = self.reference.len();
        out.extend(
            self.window
                .iter()
                .filter(|e| e.key as usize <= n)
                .map(|e| e.value),
        );
        out.sort_unstable_by(f64::total_cmp);
    }
}

impl Entry {
    /// An unfilled place of a window over `n` reference values with junk bin `junk_bin`.
    fn default_for(n: usize, junk_bin: u32) -> Self {
        Self {
            value: f64::NAN,
            key: (n + 2) as u32,
            bin_tie: junk_bin << 1,
        }
    }
}

/// The lookup table over `sorted` (finite, ascending): where bucketing starts, buckets per
/// unit, the last bucket, and for every bucket the reference values in buckets below it.
fn bucket_table(sorted: &[f64]) -> (f64, f64, f64, Vec<u32>) {
    let n = sorted.len();
    let (lo, scale, top) = match (sorted.first(), sorted.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => {
            let buckets = (n * BUCKETS_PER_REFERENCE_VALUE).clamp(1, MAX_BUCKETS);
            let scale = buckets as f64 / (hi - lo);
            // A range too wide (or too narrow) for f64 falls back to one bucket: slower
            // lookups (a binary search), the same keys.
            if scale.is_finite() && scale > 0.0 {
                (lo, scale, buckets as f64)
            } else {
                (lo, 0.0, 0.0)
            }
        }
        _ => (0.0, 0.0, 0.0),
    };
    // start[b] = reference values whose bucket is below b. Bucketing is monotone in the
    // value, so they are all below any value that lands in bucket b.
    let buckets = top as usize + 1;
    let mut start = vec![0u32; buckets + 1];
    for &r in sorted {
        if let Some(c) = start.get_mut(bucket_of(r, lo, scale, top) + 1) {
            *c += 1;
        }
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    start.truncate(buckets);
    (lo, scale, top, start)
}

/// Lookup bucket of `x`: `(x - lo) * scale` clamped to `[0, top]` and rounded to an integer.
/// Monotone in `x` (all the table needs); NaN lands in bucket 0.
#[inline]
fn bucket_of(x: f64, lo: f64, scale: f64, top: f64) -> usize {
    let v = (x - lo) * scale;
    // Written as selects so each compiles to one max/min instruction (and NaN goes to 0).
    let v = if v > 0.0 { v } else { 0.0 };
    let v = if v < top { v } else { top };
    // Adding 2^52 rounds v (< 2^52) into the low mantissa bits: cheaper than a saturating
    // float-to-integer conversion, and monotone like it.
    ((v + ROUND_TO_INT).to_bits() & 0xFFFF_FFFF) as usize
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

    /// `rank` against the definition: reference values at or below x, and that key's floor.
    fn check_rank(reference: &[f64], probes: &[f64]) {
        let w = RankedWindow::new(reference, 4, None);
        let sorted = sorted_finite(reference);
        for &x in probes {
            let got = w.rank(x);
            if !x.is_finite() {
                assert!(got.is_none(), "{x} is not finite");
                continue;
            }
            let want = sorted.iter().filter(|&&r| r <= x).count();
            let (key, info) = got.unwrap();
            assert_eq!(key, want, "key of {x}");
            let floor = if want == 0 {
                f64::NEG_INFINITY
            } else {
                sorted[want - 1]
            };
            assert_eq!(info.floor.to_bits(), floor.to_bits(), "floor of {x}");
        }
    }

    #[test]
    fn rank_counts_the_reference_values_at_or_below() {
        let mut r = SimRng::new(3);
        let mut probes: Vec<f64> = (0..2000).map(|_| r.normal(0.5, 0.2)).collect();
        probes.extend([
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e308,
            -1e308,
            0.0,
        ]);
        // Continuous, clumped (many values per bucket) and heavily repeated references.
        let smooth: Vec<f64> = (0..500).map(|_| r.normal(0.5, 0.1)).collect();
        let mut clumped: Vec<f64> = (0..300).map(|_| r.normal(0.5, 0.001)).collect();
        clumped.extend((0..20).map(|_| r.uniform() * 3.0 - 1.0));
        let repeated: Vec<f64> = (0..400).map(|i| f64::from(i % 5) * 0.25).collect();
        probes.extend(smooth.iter().chain(&clumped).chain(&repeated).copied());
        for reference in [&smooth, &clumped, &repeated] {
            check_rank(reference, &probes);
        }
        // Degenerate ones: empty, one value, all equal, a span too wide for f64, NaN only.
        check_rank(&[], &probes);
        check_rank(&[0.5], &probes);
        check_rank(&[0.25; 1000], &probes);
        check_rank(&[-1e308, 0.5, 1e308], &probes);
        check_rank(&[f64::NAN, 0.1], &probes);
    }

    #[test]
    fn unfilled_places_and_non_finite_values_are_held_but_not_counted() {
        let h = Histogram::uniform(0.0, 1.0, 2).ok();
        let mut w = RankedWindow::new(&[0.2, 0.4, 0.6, 0.8], 3, h);
        assert!(w.is_empty() && !w.is_full());
        w.push(f64::NAN);
        assert_eq!((w.len(), w.finite_len()), (1, 0));
        assert!(w.ks_statistic().is_nan());
        w.push(0.3);
        w.push(f64::NEG_INFINITY);
        assert!(w.is_full());
        assert_eq!((w.len(), w.finite_len()), (3, 1));
        assert_eq!(w.bin_counts(), &[1, 0]);
        // NaN leaves, 0.9 comes: two finite values, one per bin.
        w.push(0.9);
        assert_eq!((w.len(), w.finite_len()), (3, 2));
        assert_eq!(w.bin_counts(), &[1, 1]);
        let mut v = Vec::new();
        w.sorted_values_into(&mut v);
        assert_eq!(v, vec![0.3, 0.9]);
        // The statistic sees the finite values only.
        let want = ks_statistic_sorted(&[0.2, 0.4, 0.6, 0.8], &[0.3, 0.9]);
        assert_eq!(w.ks_statistic().to_bits(), want.to_bits());
        w.clear();
        assert!(w.is_empty());
        assert_eq!((w.len(), w.finite_len()), (0, 0));
        assert_eq!(w.bin_counts(), &[0, 0]);
        w.push(0.5);
        assert_eq!((w.len(), w.finite_len()), (1, 1));
        assert!(!w.is_full());
    }
}
