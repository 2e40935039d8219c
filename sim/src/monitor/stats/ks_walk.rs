//! The integer walk behind [`super::RankedWindow`]'s exact KS statistic (full window, distinct
//! reference, no ties): the largest and smallest `t_k = k m - c_k n` over the keys, and
//! which keys reach them.
//!
//! With `c_k` window values at or below key k (n reference values, m window values), the
//! walk `t` rises by `m` per key and falls by `n` per window value. Walking every key costs
//! about ten instructions per reference value at every evaluation, so the keys are taken in
//! blocks whose count sums the window keeps as values come and go; one cheap pass over the
//! sums gives `t` at every block end. Inside a block `t` can rise at most `m` per key, so no
//! key in it exceeds `t_start + len m`, and it can fall no lower than `t_start + m - n C_block`.
//! The block ends are real values of `t`, so a block whose bound cannot reach the best block
//! end cannot hold an extreme and is skipped. The blocks that may are walked key by key in
//! key order, so the extremes, their tie counts and the remembered keys are exactly those of
//! a walk over every key.

/// Keys remembered per extreme; more exact ties make the caller use its f64 pass.
pub(super) const TIE_SLOTS: usize = 16;
/// Keys per block. Smaller blocks bound tighter but cost more in the passes over blocks.
const BLOCK: usize = 8;
/// Most full blocks walked with pruning (their boundaries live on the stack): 1,280 reference
/// values, more than the 1,000 up to which Evidently picks KS. Longer references walk every key.
const MAX_BLOCKS: usize = 1280 / BLOCK;

/// The extremes of `t` and the first [`TIE_SLOTS`] keys reaching each, in key order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extremes {
    /// Largest `t_k` over keys `0..n` (the reference step of key k + 1 against key k's top).
    pub max_t: i64,
    /// Smallest `t_k` over keys `0..=n` (each key's top).
    pub min_t: i64,
    /// The first keys reaching `max_t`.
    pub max_at: [u32; TIE_SLOTS],
    /// The first keys reaching `min_t`.
    pub min_at: [u32; TIE_SLOTS],
    /// Keys reaching `max_t` (may exceed [`TIE_SLOTS`]; only that many are remembered).
    pub max_n: usize,
    /// Keys reaching `min_t`.
    pub min_n: usize,
}

impl Extremes {
    fn new() -> Self {
        Self {
            max_t: i64::MIN,
            min_t: i64::MAX,
            max_at: [0; TIE_SLOTS],
            min_at: [0; TIE_SLOTS],
            max_n: 0,
            min_n: 0,
        }
    }

    #[inline(always)]
    fn note_max(&mut self, k: usize, t: i64) {
        if t >= self.max_t {
            if t > self.max_t {
                self.max_t = t;
                self.max_n = 0;
            }
            if let Some(slot) = self.max_at.get_mut(self.max_n) {
                *slot = k as u32;
            }
            self.max_n += 1;
        }
    }

    #[inline(always)]
    fn note_min(&mut self, k: usize, t: i64) {
        if t <= self.min_t {
            if t < self.min_t {
                self.min_t = t;
                self.min_n = 0;
            }
            if let Some(slot) = self.min_at.get_mut(self.min_n) {
                *slot = k as u32;
            }
            self.min_n += 1;
        }
    }

    /// Walks keys `k0..` (their counts) from `t` at key `k0 - 1`, noting the largest `t`.
    #[inline(always)]
    fn walk_max(&mut self, counts: &[u32], k0: usize, mut t: i64, m: i64, n: i64) {
        for (i, &c) in counts.iter().enumerate() {
            t += m - i64::from(c) * n;
            self.note_max(k0 + i, t);
        }
    }

    /// Walks keys `k0..` (their counts) from `t` at key `k0 - 1`, noting the smallest `t`.
    #[inline(always)]
    fn walk_min(&mut self, counts: &[u32], k0: usize, mut t: i64, m: i64, n: i64) {
        for (i, &c) in counts.iter().enumerate() {
            t += m - i64::from(c) * n;
            self.note_min(k0 + i, t);
        }
    }
}

/// Per-block sums of `counts` (key k in block `k / BLOCK`, key n included), as
/// [`extremes`] takes them; the caller keeps them up to date as counts change (two adds per
/// window value, far cheaper than summing the blocks at every evaluation).
pub(super) fn block_sums(counts: &[u32]) -> Vec<u32> {
    counts.chunks(BLOCK).map(|c| c.iter().sum()).collect()
}

/// The block holding key `k` in [`block_sums`].
#[inline(always)]
pub(super) fn block_of(k: usize) -> usize {
    k / BLOCK
}

/// The extremes of the walk over `counts` (keys `0..=n`, so `counts.len() == n + 1`) for `n`
/// reference and `m` window values, with `sums` as [`block_sums`] gives. `n m` must fit an
/// i64 with room (the caller checks `n m < 2^40`).
// Kept out of line: it runs once per evaluation, and inlined into the world's tick its
// loops lose their registers to the tick's other state.
#[inline(never)]
pub(super) fn extremes(counts: &[u32], sums: &[u32], n: i64, m: i64) -> Extremes {
    let mut e = Extremes::new();
    let Some((&last_count, body)) = counts.split_last() else {
        return e;
    };
    // Full blocks of the body (keys 0..n-1); the rest of the body shares key n's block.
    let full = body.len() / BLOCK;
    let tail = &body[full * BLOCK..];
    // t_(-1) = -m, so the step at key 0 is 0.
    let start = -m;
    let (Some(full_sums), Some(&tail_block_sum), true) =
        (sums.get(..full), sums.get(full), full <= MAX_BLOCKS)
    else {
        // Longer than the block table (or sums that do not match): walk every key.
        e.walk_max(body, 0, start, m, n);
        e.walk_min(body, 0, start, m, n);
        let fall: i64 = body.iter().map(|&c| i64::from(c)).sum::<i64>() * n;
        let t_end = start + body.len() as i64 * m - fall;
        e.note_min(body.len(), t_end + m - i64::from(last_count) * n);
        return e;
    };
    let tail_sum = i64::from(tail_block_sum.saturating_sub(last_count));
    let rise = BLOCK as i64 * m;
    // First pass: t at every block boundary (`ends[b]` before block b, `ends[b + 1]` after
    // it); the best block ends bound the extremes.
    let mut ends = [0i64; MAX_BLOCKS + 1];
    let (mut best_max, mut best_min) = (i64::MIN, i64::MAX);
    let mut t = start;
    ends[0] = t;
    for (&sum, end) in full_sums.iter().zip(&mut ends[1..]) {
        t += rise - i64::from(sum) * n;
        *end = t;
        best_max = best_max.max(t);
        best_min = best_min.min(t);
    }
    let t_blocks = t;
    let t_end = t_blocks + tail.len() as i64 * m - tail_sum * n;
    if !tail.is_empty() {
        best_max = best_max.max(t_end);
        best_min = best_min.min(t_end);
    }
    // Key n's top also counts for the minimum.
    let t_last = t_end + m - i64::from(last_count) * n;
    best_min = best_min.min(t_last);
    // Second pass: walk only the blocks whose bounds reach those block ends, in key order.
    // A block starting at t rises at most to t + rise; it falls no lower than
    // t + m - n C_block = t_after - rise + m.
    let low_reach = m - rise;
    for (b, (pair, block)) in ends[..=full]
        .windows(2)
        .zip(body.chunks_exact(BLOCK))
        .enumerate()
    {
        let (t_before, t_after) = (pair[0], pair[1]);
        if t_before + rise >= best_max {
            e.walk_max(block, b * BLOCK, t_before, m, n);
        }
        if t_after + low_reach <= best_min {
            e.walk_min(block, b * BLOCK, t_before, m, n);
        }
    }
    // The tail is walked whole (it is shorter than a block).
    e.walk_max(tail, full * BLOCK, t_blocks, m, n);
    e.walk_min(tail, full * BLOCK, t_blocks, m, n);
    // Key n: its top only (its step is key n - 1's top, already walked).
    e.note_min(body.len(), t_last);
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;

    /// The plain walk over every key.
    fn every_key(counts: &[u32], n: i64, m: i64) -> Extremes {
        let mut e = Extremes::new();
        let (&last, body) = counts.split_last().unwrap();
        e.walk_max(body, 0, -m, m, n);
        e.walk_min(body, 0, -m, m, n);
        let t = -m + body.len() as i64 * m - body.iter().map(|&c| i64::from(c)).sum::<i64>() * n;
        e.note_min(body.len(), t + m - i64::from(last) * n);
        e
    }

    /// Equal extremes, tie counts and remembered keys (slots past the count are scratch).
    fn same(a: &Extremes, b: &Extremes) -> bool {
        let (nmax, nmin) = (a.max_n.min(TIE_SLOTS), a.min_n.min(TIE_SLOTS));
        a.max_t == b.max_t
            && a.min_t == b.min_t
            && a.max_n == b.max_n
            && a.min_n == b.min_n
            && a.max_at[..nmax] == b.max_at[..nmax]
            && a.min_at[..nmin] == b.min_at[..nmin]
    }

    #[test]
    fn blocked_walk_matches_the_walk_over_every_key() {
        let mut r = SimRng::new(21);
        for case in 0..400 {
            // Reference sizes around and across block edges, windows from tiny to larger
            // than the reference, sometimes crowded into a few keys (drift).
            // Every 25th case is longer than the block table (the walk over every key).
            let n = if case % 25 == 0 {
                1200 + (r.next_u64() % 200) as usize
            } else {
                1 + (r.next_u64() % 300) as usize
            };
            let m = 1 + (r.next_u64() % 400) as usize;
            let mut counts = vec![0u32; n + 1];
            let span = if case % 3 == 0 { 1 + n / 8 } else { n + 1 };
            let offset = (r.next_u64() as usize) % (n + 2 - span);
            for _ in 0..m {
                counts[offset + (r.next_u64() as usize) % span] += 1;
            }
            let (ni, mi) = (n as i64, m as i64);
            let want = every_key(&counts, ni, mi);
            let got = extremes(&counts, &block_sums(&counts), ni, mi);
            assert!(same(&want, &got), "case {case}: n {n} m {m}");
        }
    }

    #[test]
    fn many_exact_ties_are_all_counted() {
        // Perfect interleaving: t returns to the same values at many keys.
        let n = 200usize;
        let counts: Vec<u32> = (0..=n).map(|k| u32::from(k % 2 == 1)).collect();
        let m = counts.iter().sum::<u32>() as i64;
        let want = every_key(&counts, n as i64, m);
        let got = extremes(&counts, &block_sums(&counts), n as i64, m);
        assert!(want.max_n > TIE_SLOTS);
        assert!(same(&want, &got));
    }
}
