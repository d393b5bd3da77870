"""Before/after tests against published examples; Hodges-Lehmann, proportions, edge cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats

from csi_tui.analysis.compare import (
    _mann_whitney_large,
    compare,
    hodges_lehmann,
    mann_whitney,
    two_proportions,
    welch,
)

CHANGE = date(2026, 6, 1)


def arr(values: list[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


def test_welch_rosetta_code_example() -> None:
    # Rosetta Code "Welch's t-test" task (matching R's t.test(var.equal = FALSE)):
    # x = {3.0, 4.0, 1.0, 2.1}, y = {490.2, 340.0, 433.9} -> p = 0.010751561149785
    res = welch(arr([3.0, 4.0, 1.0, 2.1]), arr([490.2, 340.0, 433.9]))
    assert res is not None
    assert res.p == pytest.approx(0.010751561149785, rel=1e-9)


def test_welch_wikipedia_example_one() -> None:
    # Wikipedia "Welch's t-test", Example 1 (also a Rosetta Code case, p = 0.021378001462867):
    # Welch t = -2.46, nu = 25.0 (24.99), p = 0.021
    a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    res = welch(arr(a1), arr(a2))
    assert res is not None
    assert res.statistic == pytest.approx(-2.46, abs=0.005)
    assert res.df == pytest.approx(24.99, abs=0.01)
    assert res.p == pytest.approx(0.021378001462867, rel=1e-9)


def test_mann_whitney_with_ties_r_documentation_example() -> None:
    # R documentation ?wilcox.test: wilcox.test(Ozone ~ Month, data = airquality,
    # subset = Month %in% c(5, 8)) gives W = 127.5, p-value = 0.0001208 (normal approximation
    # with the tie correction and continuity correction). Ozone, May and August 1973, NAs dropped.
    may = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32,
           23, 45, 115, 37]  # fmt: skip
    aug = [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168,
           73, 76, 118, 84, 85]  # fmt: skip
    res = mann_whitney(arr(may), arr(aug))
    assert res is not None
    assert res.statistic == 127.5
    assert res.p == pytest.approx(0.0001208, abs=5e-8)
    # the large-sample path gives the same numbers on the same data
    large = _mann_whitney_large(arr(may), arr(aug))
    assert large is not None
    assert large.statistic == 127.5
    assert large.p == pytest.approx(res.p, rel=1e-9)


def test_mann_whitney_hollander_wolfe_example() -> None:
    # R documentation ?wilcox.test, data from Hollander & Wolfe (1973, p. 69): W = 35,
    # one-sided p-value = 0.1272 (exact); the two-sided exact p is twice that.
    x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    y = [1.15, 0.88, 0.90, 0.74, 1.21]
    res = mann_whitney(arr(x), arr(y))
    assert res is not None
    assert res.statistic == 35
    assert res.p == pytest.approx(2 * 0.1272, abs=2e-4)


def test_large_path_matches_scipy_with_many_ties() -> None:
    rng = np.random.default_rng(7)
    a = rng.exponential(9, 30_000).round(0)
    b = rng.exponential(8.8, 25_000).round(0)
    ours = mann_whitney(a, b)  # over LARGE_N: the sorting path
    ref = stats.mannwhitneyu(a, b, method="asymptotic")
    assert ours is not None
    assert ours.statistic == ref.statistic
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-7)


def test_large_path_matches_scipy_without_ties() -> None:
    rng = np.random.default_rng(8)
    a, b = rng.normal(0, 1, 15_000), rng.normal(0.05, 1, 12_000)
    ours = mann_whitney(a, b)
    ref = stats.mannwhitneyu(a, b, method="asymptotic")
    assert ours is not None
    assert ours.statistic == ref.statistic
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-7)


def test_two_proportions_equals_chi_square_without_correction() -> None:
    # Independent check: the pooled two-proportion z squared is Pearson's chi-square on the
    # 2x2 table (no Yates correction), with the same p-value.
    after = arr([1.0] * 30 + [0.0] * 70)
    before = arr([1.0] * 45 + [0.0] * 55)
    res = two_proportions(after, before)
    chi2, p, _, _ = stats.chi2_contingency([[30, 70], [45, 55]], correction=False)
    assert res is not None
    assert res.statistic**2 == pytest.approx(chi2)
    assert res.p == pytest.approx(p)
    assert res.statistic < 0


def test_hodges_lehmann_estimate_and_interval() -> None:
    before = arr([8.0, 9.5, 10.0, 11.0, 12.5, 9.0, 10.5, 11.5])
    after = arr([6.0, 7.5, 7.0, 8.5, 6.5, 8.0, 7.2, 6.8])
    shift = hodges_lehmann(after, before, confidence=0.95)
    assert shift is not None
    assert shift.estimate == pytest.approx(float(np.median(np.subtract.outer(after, before))))
    assert shift.low is not None and shift.high is not None
    assert shift.low < shift.estimate < shift.high
    # The interval inverts the Mann-Whitney test: shifting `after` back by a value inside the
    # interval leaves the test non-significant at 5%, by a value well outside makes it significant.
    inside = stats.mannwhitneyu(after - shift.estimate, before, method="asymptotic").pvalue
    outside = stats.mannwhitneyu(after - (shift.high + 1.0), before, method="asymptotic").pvalue
    assert inside > 0.05
    assert outside < 0.05


def test_hodges_lehmann_subsamples_beyond_the_pair_budget() -> None:
    rng = np.random.default_rng(1)
    after = rng.normal(5, 1, 50_000)
    before = rng.normal(7, 1, 50_000)
    shift = hodges_lehmann(after, before, seed=3, max_pairs=250_000)
    again = hodges_lehmann(after, before, seed=3, max_pairs=250_000)
    assert shift == again  # seeded: the same answer every time
    assert shift is not None
    assert "subsample of 500 after x 500 before" in shift.method
    assert shift.estimate == pytest.approx(-2.0, abs=0.15)


def test_one_side_empty_does_not_crash() -> None:
    result = compare(
        [], [1.0, 2.0, 3.0], basis="periods", change_date=CHANGE, direction="lower", min_points=3
    )
    assert result.n_before == 0
    assert result.mann_whitney is None and result.welch is None and result.shift is None
    assert not result.enough
    assert not result.significant
    assert result.p is None
    assert any("only 0 periods before" in w for w in result.warnings)


def test_too_few_points_warns_and_is_never_significant() -> None:
    result = compare(
        [10.0, 11.0, 12.0], [1.0, 2.0, 1.5], basis="periods", change_date=CHANGE,
        direction="lower", min_points=6,
    )  # fmt: skip
    assert not result.enough
    assert not result.significant
    assert result.label is None
    assert result.mann_whitney is not None  # still computed, for the record
    assert len(result.warnings) == 2


def test_constant_both_sides_has_no_test() -> None:
    result = compare([2.0] * 8, [2.0] * 8, basis="periods", change_date=CHANGE, direction="lower")
    assert result.welch is None
    assert not result.significant
    assert result.diff_mean == 0


def test_rate_metric_uses_proportions_and_percent() -> None:
    before = [1.0] * 900 + [0.0] * 100  # 90% met SLA
    after = [1.0] * 960 + [0.0] * 40  # 96%
    result = compare(
        before, after, basis="observations", change_date=CHANGE, direction="higher",
        rate=True, scale=100.0,
    )  # fmt: skip
    assert result.proportions is not None
    assert result.p == result.proportions.p
    assert result.mean_before == pytest.approx(90.0)
    assert result.mean_after == pytest.approx(96.0)
    assert result.median_before == 100.0  # median of the 0/1 values, in %
    assert result.mann_whitney is None  # the proportions test replaces it for 0/1 values
    assert result.shift is not None
    assert result.shift.estimate == pytest.approx(6.0)
    assert result.significant
    assert result.label == "improvement"


def test_missing_values_are_dropped() -> None:
    result = compare(
        [1.0, None, float("nan"), 2.0], [3.0, float("inf")], basis="periods",
        change_date=CHANGE, direction="lower", min_points=1,
    )  # fmt: skip
    assert (result.n_before, result.n_after) == (2, 1)


def test_median_of_binary_values_matches_numpy() -> None:
    for values in ([0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0], [1.0]):
        result = compare(
            values, values, basis="observations", change_date=CHANGE, direction="higher",
            rate=True, min_points=1,
        )  # fmt: skip
        assert result.median_before == pytest.approx(float(np.median(values)))


def test_a_negative_seed_from_the_cycle_file_still_subsamples() -> None:
    # [analysis] seed is any TOML integer (validate accepts -1); numpy's generators take only
    # non-negative seeds, so a negative one must not turn into a traceback, and must still repeat.
    after, before = np.arange(2_000.0), np.arange(1_000.0, 3_000.0)
    shift = hodges_lehmann(after, before, seed=-1, max_pairs=250_000)
    assert shift is not None
    assert shift == hodges_lehmann(after, before, seed=-1, max_pairs=250_000)
    assert shift.estimate == pytest.approx(-1_000.0, abs=100.0)
