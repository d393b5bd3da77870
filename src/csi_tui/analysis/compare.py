"""Step 5, part 4: before vs after the change date.

Tests (two-sided, from scipy.stats): Mann-Whitney U (ties get mid-ranks and the tie-corrected
normal approximation), Welch's t (unequal variances, Welch-Satterthwaite df), and for rate metrics
(0/1 observations) a two-proportion z-test (pooled standard error, p from scipy's normal).

Effect size: the Hodges-Lehmann shift (median of all after - before differences) with its exact
distribution-free confidence interval (Lehmann 1975; Hollander & Wolfe: order statistics of the
pairwise differences at the Mann-Whitney critical value, normal approximation). With more than
``MAX_PAIRS`` pairs (1M observations would make 10^11), both come from a seeded random subsample of
each side, so the interval is wider (conservative) than the full data would give; the method
string says so. Rate metrics report the difference of proportions with a Wald interval instead.

Above ``LARGE_N`` values in all, Mann-Whitney's U is computed by sorting and binary search (the
same statistic and tie-corrected normal approximation scipy's ``method="asymptotic"`` uses, checked
against it in the tests) because scipy's general path is about 10x slower on a million values.
"""

from __future__ import annotations

import math
import warnings as py_warnings
from datetime import date

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from csi_tui.analysis._direction import label_of
from csi_tui.analysis.results import Comparison, ComparisonBasis, HypothesisTest, Shift

FloatArray = NDArray[np.float64]

MAX_PAIRS = 1_000_000
LARGE_N = 20_000


def as_array(values: object) -> FloatArray:
    """Finite float values only (None and NaN dropped)."""
    arr: FloatArray = np.asarray(values, dtype=np.float64).ravel()
    return arr[np.isfinite(arr)]


def mann_whitney(
    after: FloatArray, before: FloatArray, *, assume_sorted: bool = False
) -> HypothesisTest | None:
    """U of ``after`` (the count of pairs where after > before, ties counting one half) and the
    two-sided p-value; None when a side is empty or every value is the same."""
    m, n = len(after), len(before)
    if m == 0 or n == 0:
        return None
    if m + n <= LARGE_N:
        res = stats.mannwhitneyu(after, before, alternative="two-sided")
        if not math.isfinite(res.pvalue):
            return None
        return HypothesisTest("Mann-Whitney U", float(res.statistic), float(res.pvalue))
    return _mann_whitney_large(after, before, assume_sorted=assume_sorted)


def _mann_whitney_large(
    after: FloatArray, before: FloatArray, *, assume_sorted: bool = False
) -> HypothesisTest | None:
    """U and the tie-corrected normal approximation with the continuity correction, from one
    stable merge of the two sorted samples (O(n) after the sorts)."""
    m, n = len(after), len(before)
    a, b = (after, before) if assume_sorted else (np.sort(after), np.sort(before))
    pooled = np.concatenate([a, b])
    order = np.argsort(pooled, kind="stable")  # two sorted runs: a merge
    is_after = order < m
    # In the stable merge, equal values keep `after` first, so the i-th smallest `after` value
    # sits at position i + #(before < it): the sum of positions gives all strict wins at once.
    below = float(np.flatnonzero(is_after).sum()) - m * (m - 1) / 2
    merged = pooled[order]
    starts = np.flatnonzero(np.concatenate([[True], merged[1:] != merged[:-1]]))
    total = m + n
    if len(starts) == total:  # no ties at all: nothing to correct
        u, tie_term = below, 0.0
    else:
        counts = np.diff(np.append(starts, total)).astype(float)
        after_counts = np.add.reduceat(is_after.astype(np.int64), starts).astype(float)
        u = below + 0.5 * float(np.sum(after_counts * (counts - after_counts)))
        tie_term = float(np.sum(counts**3 - counts)) / (total * (total - 1))
    var = m * n / 12 * ((total + 1) - tie_term)
    if var <= 0:
        return None
    mean = m * n / 2
    # continuity correction toward the mean, as scipy's asymptotic method
    z = (abs(u - mean) - 0.5) / math.sqrt(var)
    p = float(min(1.0, 2 * stats.norm.sf(max(z, 0.0))))
    return HypothesisTest("Mann-Whitney U", u, p)


def welch(after: FloatArray, before: FloatArray) -> HypothesisTest | None:
    """Welch's t of after - before, its df and two-sided p; None with fewer than 2 values on a
    side or no variance at all. scipy's ``ttest_ind_from_stats`` does the test from the means and
    standard deviations (one pass over the data instead of scipy's several)."""
    m, n = len(after), len(before)
    if m < 2 or n < 2:
        return None
    mean_a, mean_b = float(after.mean()), float(before.mean())
    var_a, var_b = float(after.var(ddof=1)), float(before.var(ddof=1))
    if var_a == 0 and var_b == 0:
        return None
    with py_warnings.catch_warnings():
        # near-identical values: scipy warns of precision loss; the result is still returned
        py_warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.ttest_ind_from_stats(
            mean_a, math.sqrt(var_a), m, mean_b, math.sqrt(var_b), n, equal_var=False
        )
    if not math.isfinite(res.statistic):
        return None
    # Welch-Satterthwaite degrees of freedom
    qa, qb = var_a / m, var_b / n
    df = (qa + qb) ** 2 / (qa**2 / (m - 1) + qb**2 / (n - 1))
    return HypothesisTest("Welch t", float(res.statistic), float(res.pvalue), df=df)


def two_proportions(after: FloatArray, before: FloatArray) -> HypothesisTest | None:
    """Two-proportion z-test (pooled) on 0/1 values; None when a side is empty or the pooled
    proportion is 0 or 1."""
    m, n = len(after), len(before)
    if m == 0 or n == 0:
        return None
    p1, p0 = float(after.mean()), float(before.mean())
    pooled = (p1 * m + p0 * n) / (m + n)
    se = math.sqrt(pooled * (1 - pooled) * (1 / m + 1 / n))
    if se == 0:
        return None
    z = (p1 - p0) / se
    return HypothesisTest("two-proportion z", z, float(2 * stats.norm.sf(abs(z))))


def hodges_lehmann(
    after: FloatArray,
    before: FloatArray,
    *,
    confidence: float = 0.95,
    seed: int = 0,
    max_pairs: int = MAX_PAIRS,
) -> Shift | None:
    """Hodges-Lehmann shift (after - before) with its distribution-free interval."""
    m, n = len(after), len(before)
    if m == 0 or n == 0:
        return None
    method = "Hodges-Lehmann, distribution-free CI"
    if m * n > max_pairs:
        # numpy takes only non-negative seeds; a cycle file may hold any TOML integer
        rng = np.random.default_rng(seed % 2**64)
        side = int(math.sqrt(max_pairs))
        # keep a small side whole; sample the large side(s) down to the pair budget
        if min(m, n) <= side:
            keep_m = m if m <= side else max_pairs // n
            keep_n = n if n <= side else max_pairs // m
        else:
            keep_m = keep_n = side
        after = after if keep_m >= m else rng.choice(after, keep_m, replace=False)
        before = before if keep_n >= n else rng.choice(before, keep_n, replace=False)
        method += (
            f" on a random subsample of {len(after)} after x {len(before)} before (seed {seed})"
        )
        m, n = len(after), len(before)
    diffs = np.subtract.outer(after, before).ravel()
    k = len(diffs)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    # C_alpha: the number of differences cut off each end (normal approximation to the
    # Mann-Whitney null distribution; Hollander & Wolfe, section 4.3)
    c = math.floor(m * n / 2 - z * math.sqrt(m * n * (m + n + 1) / 12))
    mid = [(k - 1) // 2, k // 2]
    if c < 1:
        part = np.partition(diffs, mid)
        estimate = float((part[mid[0]] + part[mid[1]]) / 2)
        return Shift(estimate, None, None, confidence, method + " (too few values for a CI)")
    lo_i, hi_i = c - 1, k - c
    part = np.partition(diffs, sorted({lo_i, *mid, hi_i}))
    estimate = float((part[mid[0]] + part[mid[1]]) / 2)
    return Shift(estimate, float(part[lo_i]), float(part[hi_i]), confidence, method)


def proportion_shift(after: FloatArray, before: FloatArray, confidence: float) -> Shift | None:
    m, n = len(after), len(before)
    if m == 0 or n == 0:
        return None
    p1, p0 = float(after.mean()), float(before.mean())
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    se = math.sqrt(p1 * (1 - p1) / m + p0 * (1 - p0) / n)
    return Shift(
        p1 - p0,
        p1 - p0 - z * se,
        p1 - p0 + z * se,
        confidence,
        "difference of proportions, Wald CI",
    )


def is_binary(values: FloatArray) -> bool:
    """Only 0 and 1 (an empty side counts: the other side decides)."""
    return bool(np.all((values == 0) | (values == 1)))


def compare(
    before: object,
    after: object,
    *,
    basis: ComparisonBasis,
    change_date: date,
    direction: str,
    rate: bool = False,
    scale: float = 1.0,
    alpha: float = 0.05,
    min_points: int = 6,
    seed: int = 0,
) -> Comparison:
    """Compare the values before and after the change.

    ``rate``: 0/1 observations of a rate metric (adds the two-proportion test and reports the
    difference of proportions). ``scale`` multiplies reported means, medians and shifts (100 turns
    proportions into the % the metric is shown in); tests do not depend on it.
    """
    b, a = as_array(before), as_array(after)
    rate = rate and is_binary(a) and is_binary(b)
    if not rate:
        # sorted once: medians for free, and Mann-Whitney merges instead of sorting again
        b, a = np.sort(b), np.sort(a)
    warnings: list[str] = []
    enough = len(b) >= min_points and len(a) >= min_points
    what = "tickets" if basis == "observations" else "periods"
    for name, arr in (("before", b), ("after", a)):
        if len(arr) < min_points:
            warnings.append(
                f"only {len(arr)} {what} {name} the change (need {min_points}): too few to say"
                " whether it made a difference"
            )
    # for 0/1 values the two-proportion test is the test; Mann-Whitney would only repeat it
    mw = None if rate else mann_whitney(a, b, assume_sorted=True)
    wt = welch(a, b)
    props = two_proportions(a, b) if rate else None
    confidence = 1 - alpha
    shift = (
        proportion_shift(a, b, confidence)
        if rate
        else hodges_lehmann(a, b, confidence=confidence, seed=seed)
    )
    if shift is not None and scale != 1.0:
        shift = Shift(
            shift.estimate * scale,
            None if shift.low is None else shift.low * scale,
            None if shift.high is None else shift.high * scale,
            shift.confidence,
            shift.method,
        )
    main = props if rate else mw
    significant = enough and main is not None and main.p < alpha
    if enough and main is None and len(a) and len(b):
        warnings.append("no test is possible: every value is the same on both sides")

    def stat(arr: FloatArray, fn: str) -> float | None:
        if len(arr) == 0:
            return None
        if fn == "mean":
            return float(np.mean(arr)) * scale
        k = len(arr)
        if rate:  # 0/1 values, unsorted: the sorted array would be zeros, then the ones
            zeros = k - int(arr.sum())
            return float((((k - 1) // 2 >= zeros) + (k // 2 >= zeros)) / 2) * scale
        return float(arr[(k - 1) // 2] + arr[k // 2]) / 2 * scale  # arr is sorted

    mean_b, mean_a = stat(b, "mean"), stat(a, "mean")
    med_b, med_a = stat(b, "median"), stat(a, "median")
    diff_mean = None if mean_a is None or mean_b is None else mean_a - mean_b
    diff_median = None if med_a is None or med_b is None else med_a - med_b
    effect = shift.estimate if shift is not None and shift.estimate != 0 else diff_mean
    label = (
        label_of(effect, direction)  # type: ignore[arg-type]
        if significant and effect is not None
        else None
    )
    return Comparison(
        basis=basis,
        change_date=change_date,
        n_before=len(b),
        n_after=len(a),
        mean_before=mean_b,
        mean_after=mean_a,
        median_before=med_b,
        median_after=med_a,
        diff_mean=diff_mean,
        diff_median=diff_median,
        mann_whitney=mw,
        welch=wt,
        proportions=props,
        shift=shift,
        enough=enough,
        significant=significant,
        label=label,
        alpha=alpha,
        warnings=tuple(warnings),
    )
