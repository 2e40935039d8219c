//! Fixed-edge histograms, filled one value at a time, and Evidently's Sturges binning.

use super::distance::{js_distance_counts, psi_counts};
use thiserror::Error;

/// Why a [`Histogram`] could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum HistogramError {
    /// Fewer than two edges (at least one bin is needed).
    #[error("a histogram needs at least 2 edges, got {0}")]
    TooFewEdges(usize),
    /// An edge is NaN or infinite.
    #[error("histogram edge {index} is not finite ({value})")]
    NonFiniteEdge {
        /// Position of the bad edge.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// Edges must strictly increase.
    #[error("histogram edges must strictly increase, but edge {index} ({value}) is not above the previous one")]
    NotIncreasing {
        /// Position of the first edge that does not increase.
        index: usize,
        /// Its value.
        value: f64,
    },
}

/// A histogram with fixed edges, filled one value at a time without allocating.
///
/// Bins are `[edges[i], edges[i+1])`, the last one closed on the right as in numpy. Values
/// below the first edge count in the first bin and values above the last edge in the last bin
/// (open-ended end bins, as usual for PSI on credit-scoring style fixed bins), so a shift out
/// of the reference range still shows up. Non-finite values are counted as `skipped` only.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    edges: Vec<f64>,
    counts: Vec<u64>,
    total: u64,
    skipped: u64,
    /// `(first edge, 1 / bin width)` when the edges are evenly spaced: O(1) bin lookup.
    uniform: Option<(f64, f64)>,
}

impl Histogram {
    /// A histogram over the given edges (at least 2, finite, strictly increasing).
    pub fn new(edges: Vec<f64>) -> Result<Self, HistogramError> {
        if edges.len() < 2 {
            return Err(HistogramError::TooFewEdges(edges.len()));
        }
        for (index, &value) in edges.iter().enumerate() {
            if !value.is_finite() {
                return Err(HistogramError::NonFiniteEdge { index, value });
            }
            if index > 0 && value <= edges[index - 1] {
                return Err(HistogramError::NotIncreasing { index, value });
            }
        }
        let bins = edges.len() - 1;
        Ok(Self {
            counts: vec![0; bins],
            edges,
            total: 0,
            skipped: 0,
            uniform: None,
        })
    }

    /// `bins` equal-width bins from `lo` to `hi` (numpy `linspace` edges).
    pub fn uniform(lo: f64, hi: f64, bins: usize) -> Result<Self, HistogramError> {
        let bins = bins.max(1);
        let edges = linspace_edges(lo, hi, bins);
        let mut h = Self::new(edges)?;
        h.uniform = Some((lo, bins as f64 / (hi - lo)));
        Ok(h)
    }

    /// Evidently's numeric binning: Sturges' rule on the pooled reference+current data
    /// (`numpy.histogram_bin_edges(pooled, bins="sturges")`, evidently
    /// `stattests/utils.py::get_binned_data`). `pooled_len` is the pooled sample size.
    /// A zero-width range is widened by 0.5 on each side, as numpy does. The bin count is
    /// numpy's, [`numpy_sturges_bins`] (which is one more than [`sturges_bins`] for some
    /// ranges when `pooled_len` is a power of two).
    pub fn sturges(
        pooled_min: f64,
        pooled_max: f64,
        pooled_len: usize,
    ) -> Result<Self, HistogramError> {
        let (lo, hi) = if pooled_min == pooled_max {
            (pooled_min - 0.5, pooled_max + 0.5)
        } else {
            (pooled_min, pooled_max)
        };
        let bins = numpy_sturges_bins(pooled_max - pooled_min, pooled_len);
        Self::uniform(lo, hi, bins)
    }

    /// Adds one value (non-finite values are only counted in [`Histogram::skipped`]).
    pub fn add(&mut self, x: f64) {
        self.add_count(x, 1);
    }

    /// Adds `count` copies of `x`.
    pub fn add_count(&mut self, x: f64, count: u64) {
        if !x.is_finite() {
            self.skipped += count;
            return;
        }
        let bin = self.bin_of(x);
        self.counts[bin] += count;
        self.total += count;
    }

    /// The bin a finite value falls in (end bins are open-ended).
    #[inline]
    pub fn bin_of(&self, x: f64) -> usize {
        let bins = self.counts.len();
        let last = bins - 1;
        let mut idx = match self.uniform {
            Some((lo, inv_width)) => {
                let pos = (x - lo) * inv_width;
                // floor(pos) <= 0 exactly when pos < 1, and truncation is floor for pos >= 1.
                if pos < 1.0 {
                    0
                } else if pos >= last as f64 {
                    last
                } else {
                    pos as usize
                }
            }
            // Number of edges <= x, minus one, is the bin.
            None => self
                .edges
                .partition_point(|e| *e <= x)
                .saturating_sub(1)
                .min(last),
        };
        // Rounding in the arithmetic path can be one bin off at an edge: settle on the edges.
        while idx > 0 && x < self.edges[idx] {
            idx -= 1;
        }
        while idx < last && x >= self.edges[idx + 1] {
            idx += 1;
        }
        idx
    }

    /// Edges (one more than bins).
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Counts per bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.counts.len()
    }

    /// Number of finite values added.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of non-finite values seen (and not binned).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Empties every bin (edges and capacity are kept).
    pub fn clear(&mut self) {
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.total = 0;
        self.skipped = 0;
    }

    /// Writes the share of values in each bin into `out` (length must equal [`Histogram::bins`]).
    /// Returns false (and leaves `out` untouched) on a length mismatch or an empty histogram.
    pub fn proportions_into(&self, out: &mut [f64]) -> bool {
        if out.len() != self.counts.len() || self.total == 0 {
            return false;
        }
        let n = self.total as f64;
        for (o, &c) in out.iter_mut().zip(&self.counts) {
            *o = c as f64 / n;
        }
        true
    }

    /// PSI of `self` (current) against `reference`; NaN if the bins differ or either is empty.
    pub fn psi_against(&self, reference: &Histogram) -> f64 {
        if reference.edges != self.edges {
            return f64::NAN;
        }
        psi_counts(&reference.counts, &self.counts)
    }

    /// Jensen-Shannon distance of `self` (current) against `reference`; NaN if the bins differ
    /// or either is empty.
    pub fn js_against(&self, reference: &Histogram) -> f64 {
        if reference.edges != self.edges {
            return f64::NAN;
        }
        js_distance_counts(&reference.counts, &self.counts)
    }
}

/// Sturges' number of bins, `ceil(log2(n) + 1)` (numpy `_hist_bin_sturges`); 1 for n <= 1.
pub fn sturges_bins(n: usize) -> usize {
    if n <= 1 {
        return 1;
    }
    libm::ceil(libm::log2(n as f64) + 1.0) as usize
}

/// The number of bins `numpy.histogram_bin_edges(a, bins="sturges")` gives for data of range
/// `ptp = max - min > 0` and size `n`: numpy computes the width `ptp / (log2(n) + 1)` first
/// and then `ceil(ptp / width)` bins (numpy `lib/_histograms_impl.py::_get_bin_edges`), which
/// rounding can make one more than [`sturges_bins`] when `log2(n) + 1` is whole. One bin when
/// the range is 0 (numpy's zero width) or n <= 1.
pub fn numpy_sturges_bins(ptp: f64, n: usize) -> usize {
    if n == 0 {
        return 1;
    }
    let width = ptp / (libm::log2(n as f64) + 1.0);
    if width == 0.0 || !width.is_finite() {
        return 1;
    }
    let bins = libm::ceil(ptp / width);
    if bins >= 1.0 {
        bins as usize
    } else {
        1
    }
}

/// `bins + 1` evenly spaced edges from `lo` to `hi`, last edge exactly `hi` (numpy `linspace`).
fn linspace_edges(lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let step = (hi - lo) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|i| lo + i as f64 * step).collect();
    if let Some(last) = edges.last_mut() {
        *last = hi;
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::stats::close;
    use crate::monitor::stats::PsiBand;

    // Reference values come from scipy 1.17.1 / numpy 2.4.6 (computed by hand with
    // the calls named next to each number).

    #[test]
    fn histogram_bins_and_clamps() {
        let mut h = Histogram::uniform(0.0, 1.0, 4).unwrap();
        for x in [-5.0, 0.0, 0.1, 0.25, 0.5, 0.99, 1.0, 7.0, f64::NAN] {
            h.add(x);
        }
        assert_eq!(h.counts(), &[3, 1, 1, 3]);
        assert_eq!(h.total(), 8);
        assert_eq!(h.skipped(), 1);
        let irregular = Histogram::new(vec![0.0, 1.0, 10.0, 100.0]).unwrap();
        assert_eq!(irregular.bin_of(1.0), 1);
        assert_eq!(irregular.bin_of(99.0), 2);
        assert_eq!(irregular.bin_of(-1.0), 0);
        assert!(Histogram::new(vec![0.0]).is_err());
        assert!(Histogram::new(vec![0.0, 0.0]).is_err());
        assert!(Histogram::new(vec![0.0, f64::NAN]).is_err());
        let mut props = [0.0; 4];
        assert!(h.proportions_into(&mut props));
        assert!(close(props[0], 3.0 / 8.0, 1e-15));
    }

    #[test]
    fn histogram_psi_detects_a_shift() {
        let mut reference = Histogram::uniform(0.0, 1.0, 10).unwrap();
        let mut current = reference.clone();
        for i in 0..1000 {
            let x = (i as f64 + 0.5) / 1000.0;
            reference.add(x);
            current.add(x * 0.7);
        }
        let psi = current.psi_against(&reference);
        assert_eq!(PsiBand::of(psi), PsiBand::Major, "psi {psi}");
        assert!(current.js_against(&reference) > 0.1);
        assert_eq!(reference.psi_against(&reference), 0.0);
        let other = Histogram::uniform(0.0, 2.0, 10).unwrap();
        assert!(other.psi_against(&reference).is_nan());
    }

    #[test]
    fn sturges_bin_count_matches_numpy() {
        // numpy: histogram_bin_edges(np.arange(n), bins="sturges").size - 1
        assert_eq!(sturges_bins(100), 8);
        assert_eq!(sturges_bins(1000), 11);
        assert_eq!(sturges_bins(1024), 11);
        assert_eq!(sturges_bins(1025), 12);
    }
}
