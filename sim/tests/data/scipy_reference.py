"""Reference values for sim/tests/stats_scipy.rs.

Run with scipy 1.17.1, numpy 2.4.6, pandas 2.3.3 and evidently 0.7.23 (Python 3.11; evidently
0.7.23 does not import under pandas 3):

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install scipy==1.17.1 numpy==2.4.6 "pandas==2.3.3" evidently==0.7.23
    /tmp/ref/bin/python sim/tests/data/scipy_reference.py

and paste its output into sim/tests/stats_scipy.rs. The samples are drawn by the same
SplitMix64 generator the Rust test uses (integer arithmetic, then exactly rounded float
operations in the same order), so both sides see bit-identical data.
"""

import numpy as np
import pandas as pd
import scipy
from scipy import special, stats

from evidently.legacy.calculations.stattests.jensenshannon import _jensenshannon
from evidently.legacy.calculations.stattests.psi import _psi
from evidently.legacy.calculations.stattests.wasserstein_distance_norm import (
    _wasserstein_distance_norm,
)
from evidently.legacy.core import ColumnType

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next_u64() >> 11) * (1.0 / 9007199254740992.0)

    def bell(self):
        # Irwin-Hall: twelve uniforms minus 6, summed left to right.
        acc = 0.0
        for _ in range(12):
            acc = acc + self.uniform()
        return acc - 6.0


def sample(kind, n, seed, loc, scale):
    """kind: "bell" (loc + scale * bell), "grid" (bell rounded down to quarters, then
    loc + scale * that), "int" (loc + (u64 % scale))."""
    g = SplitMix64(seed)
    out = []
    for _ in range(n):
        if kind == "bell":
            out.append(loc + scale * g.bell())
        elif kind == "grid":
            out.append(loc + scale * (np.floor(g.bell() * 4.0) / 4.0))
        elif kind == "int":
            out.append(loc + float(g.next_u64() % int(scale)))
        else:
            raise ValueError(kind)
    return np.array(out, dtype=np.float64)


# name, (kind, n, seed, loc, scale) for reference, then for current.
CASES = [
    # Exact p-values: 20-40 values per side.
    ("exact_20_20_shift", ("bell", 20, 1, 0.0, 1.0), ("bell", 20, 2, 0.8, 1.0)),
    ("exact_20_35", ("bell", 20, 3, 0.0, 1.0), ("bell", 35, 4, 0.5, 1.3)),
    ("exact_33_40_same", ("bell", 33, 5, 10.0, 2.0), ("bell", 40, 6, 10.0, 2.0)),
    ("exact_40_24_int_ties", ("int", 40, 7, 0.0, 7.0), ("int", 24, 8, 1.0, 7.0)),
    ("exact_25_30_grid_ties", ("grid", 25, 9, 0.0, 1.0), ("grid", 30, 10, 0.25, 1.0)),
    ("exact_38_21_far", ("bell", 38, 11, 0.0, 1.0), ("bell", 21, 12, 3.0, 1.0)),
    ("exact_10000_6000_same", ("bell", 10000, 13, 0.0, 1.0), ("bell", 6000, 14, 0.0, 1.0)),
    # Asymptotic p-values: more than 10,000 values on a side.
    ("asymp_12000_10500_same", ("bell", 12000, 15, 0.0, 1.0), ("bell", 10500, 16, 0.0, 1.0)),
    ("asymp_10001_15000_shift", ("bell", 10001, 17, 0.0, 1.0), ("bell", 15000, 18, 0.05, 1.0)),
    ("asymp_20000_12000_int_ties", ("int", 20000, 19, 0.0, 20.0), ("int", 12000, 20, 0.0, 21.0)),
    ("asymp_30_12000", ("bell", 30, 21, 0.3, 1.0), ("bell", 12000, 22, 0.0, 1.0)),
    ("asymp_150_10001", ("bell", 150, 23, 0.0, 1.2), ("bell", 10001, 24, 0.0, 1.0)),
]


def evidently(fn, ref, cur):
    value, _ = fn(pd.Series(ref), pd.Series(cur), ColumnType.Numerical, 0.1)
    return float(value)


def main():
    print(f"// scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
    print(f"// SplitMix64(1).next_u64() = {SplitMix64(1).next_u64():#x}")
    print(f"// sample('bell', 3, 1, 0.0, 1.0) = {[float(x) for x in sample('bell', 3, 1, 0.0, 1.0)]!r}")
    print("// name, ks_statistic, ks_pvalue, exact, wasserstein_normed, psi, jensen_shannon")
    for name, r, c in CASES:
        ref = sample(*r)
        cur = sample(*c)
        ks = stats.ks_2samp(ref, cur)
        n1, n2 = len(ref), len(cur)
        exact = max(n1, n2) <= 10000
        # Evidently's own functions (evidently/legacy/calculations/stattests).
        wn = evidently(_wasserstein_distance_norm, ref, cur)
        psi = evidently(_psi, ref, cur)
        js = evidently(_jensenshannon, ref, cur)
        print(
            f'    ("{name}", {float(ks.statistic)!r}, {float(ks.pvalue)!r}, '
            f"{str(exact).lower()}, {wn!r}, {psi!r}, {js!r}),"
        )
    # scipy.stats.kstwo.sf and scipy.special.smirnov over every branch of scipy's choice.
    print("// kstwo.sf(x, n)")
    for n, x in [
        (5, 0.15), (5, 0.2), (5, 0.3), (5, 0.7), (5, 0.9), (30, 0.1), (30, 0.2),
        (30, 0.3), (30, 0.45), (100, 0.02), (100, 0.08), (100, 0.15), (100, 0.3),
        (140, 0.05), (141, 0.05), (141, 0.2), (500, 0.003), (500, 0.03), (500, 0.08),
        (5000, 0.004), (5000, 0.015), (5000, 0.03), (5000, 0.3), (120000, 0.002),
        (120000, 0.004), (2000000, 0.001),
    ]:
        print(f"    ({n}, {x!r}, {float(stats.kstwo.sf(x, n))!r}),")
    print("// smirnov(n, x)")
    for n, x in [
        (1, 0.3), (2, 0.3), (7, 0.1), (7, 0.5), (7, 0.9), (50, 0.01), (50, 0.2),
        (50, 0.6), (1000, 0.05), (20000, 0.01), (20000, 0.02), (2000000, 0.001),
    ]:
        print(f"    ({n}, {x!r}, {float(special.smirnov(n, x))!r}),")
    # A pooled size that is a power of two, where numpy's Sturges rule gives one more bin
    # than ceil(log2(n) + 1): found by trying seeds.
    print("// sturges: seed, bins, psi, jensen_shannon")
    for seed in range(100, 400):
        ref = sample("bell", 600, seed, 0.0, 1.0)
        cur = sample("bell", 424, seed + 1000, 0.2, 1.0)
        bins = len(np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")) - 1
        if bins != 11:
            psi = evidently(_psi, ref, cur)
            js = evidently(_jensenshannon, ref, cur)
            print(f"    ({seed}, {bins}, {psi!r}, {js!r}),")
            break


if __name__ == "__main__":
    main()
