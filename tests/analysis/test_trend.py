"""Mann-Kendall and Sen's slope against a published example, plus edge cases."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from csi_tui.analysis.trend import analyse_trend, mann_kendall, sens_slope

# J. Little, "A Mann-Kendall Example ('By Hand')", College of the Holy Cross
# (mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt): 14 values with one tied pair;
# S = 54, V = (14)(13)(33)/18 - (2)(1)(9)/18, Z = (S - 1)/sqrt(V) = 2.9058, p about .0018 (the
# one-sided tail; the two-sided p is twice that).
LITTLE = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]
LABELS = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02"]
STARTS = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, 1, 1), date(2026, 2, 1)]


def test_mann_kendall_published_example() -> None:
    mk = mann_kendall(LITTLE)
    assert mk is not None
    assert mk.s == 54
    assert mk.var_s == pytest.approx((14 * 13 * 33 - 2 * 1 * 9) / 18)
    assert mk.z == pytest.approx(2.9058, abs=1e-4)
    assert mk.p / 2 == pytest.approx(0.0018, abs=1e-4)
    assert mk.tau == pytest.approx(54 / 91)


def test_sens_slope_against_brute_force() -> None:
    # No published Sen's slope we are sure of for this series: cross-checked against an
    # independent brute-force median of all pairwise slopes.
    slope, low, high, intercept = sens_slope(LITTLE) or (0, 0, 0, 0)
    pairwise = [(LITTLE[j] - LITTLE[i]) / (j - i) for i, j in itertools.combinations(range(14), 2)]
    assert slope == pytest.approx(float(np.median(pairwise)))
    assert low < slope < high
    assert intercept == pytest.approx(
        float(np.median([y - slope * i for i, y in enumerate(LITTLE)]))
    )


def test_sens_slope_ci_matches_kendall_ranks() -> None:
    # Sen (1968) / Gilbert (1987) 16.5: the CI bounds are order statistics of the slopes at
    # (N' -+ z sqrt(Var S)) / 2; independently recomputed here.
    slopes = sorted(
        (LITTLE[j] - LITTLE[i]) / (j - i) for i, j in itertools.combinations(range(14), 2)
    )
    c = stats.norm.ppf(0.975) * math.sqrt((14 * 13 * 33 - 2 * 1 * 9) / 18)
    m1 = round((len(slopes) - c) / 2)  # lower: the M1-th largest
    m2 = round((len(slopes) + c) / 2)  # upper: the (M2 + 1)-th largest
    _, low, high, _ = sens_slope(LITTLE) or (0, 0, 0, 0)
    assert low == pytest.approx(slopes[m1 - 1])
    assert high == pytest.approx(slopes[m2])


def test_trend_result_for_a_falling_mttr() -> None:
    values = [10.0 - 0.4 * i for i in range(12)]
    trend = analyse_trend(
        values, LABELS[:12], direction="lower", target=4.0, starts=STARTS[:12], grain="month"
    )
    assert trend.direction == "falling"
    assert trend.label == "improvement"
    assert trend.significant
    assert trend.slope == pytest.approx(-0.4)
    # latest 5.6 at 2025-12; (5.6 - 4.0) / 0.4 = 4 periods -> 2026-04
    assert trend.periods_to_target == pytest.approx(4.0)
    assert trend.target_reach == "2026-04"


def test_target_not_at_this_rate_and_already_met() -> None:
    rising = [1.0 + i for i in range(8)]
    trend = analyse_trend(rising, LABELS[:8], direction="lower", target=0.5)
    assert trend.target_reach == "not at this rate"
    assert trend.label == "concern"
    met = analyse_trend(rising, LABELS[:8], direction="higher", target=5.0)
    assert met.target_reach == "already met"


def test_constant_series_has_no_trend() -> None:
    trend = analyse_trend([3.0] * 10, LABELS[:10], direction="lower", target=2.0)
    assert trend.s == 0
    assert trend.z == 0
    assert trend.p == 1.0
    assert trend.direction == "none"
    assert trend.slope == 0
    assert trend.target_reach == "not at this rate"


def test_too_few_points_and_missing_values() -> None:
    trend = analyse_trend([1.0, None, 2.0], LABELS[:3], direction="lower")
    assert trend.direction == "too_few"
    assert trend.p is None
    assert trend.warnings
    # missing values are dropped, and the slope keeps the gap: 1, _, 3, _, 5 is 1 per period
    gappy = [1.0, None, 3.0, float("nan"), 5.0, 6.0]
    result = analyse_trend(gappy, LABELS[:6], direction="higher")
    assert result.n == 4
    assert result.slope == pytest.approx(1.0)


def test_ties_reduce_the_variance() -> None:
    mk = mann_kendall([1.0, 1.0, 2.0, 2.0, 2.0, 3.0])
    assert mk is not None
    n = 6
    assert mk.var_s == pytest.approx((n * (n - 1) * (2 * n + 5) - 2 * 9 - 3 * 2 * 11) / 18)
    assert mk.s == 11


@pytest.mark.parametrize("grain", ["day", "week"])
def test_a_target_centuries_away_is_not_a_crash(grain: str) -> None:
    # A tiny but steady slope on a daily (or weekly) metric puts the target millions of periods
    # away, past the last date Python can hold (year 9999): that must read as a sentence, not
    # raise OverflowError out of the whole cycle's analysis.
    first = date(2026, 1, 5)
    step = timedelta(days=1 if grain == "day" else 7)
    starts = [first + i * step for i in range(30)]
    labels = [
        start.isoformat() if grain == "day" else "{}-W{:02d}".format(*start.isocalendar()[:2])
        for start in starts
    ]
    values = [100.0 + 1e-5 * i for i in range(30)]
    trend = analyse_trend(
        values, labels, direction="higher", target=200.0, starts=starts, grain=grain
    )
    assert trend.periods_to_target == pytest.approx(1e7, rel=1e-3)
    assert trend.target_reach is not None
    assert trend.target_reach == "not before the year 9999"


def test_target_reach_with_labels_outside_the_engine_formats() -> None:
    # Labels the period stepper does not know ("P1".."P12"): the reach is counted in periods from
    # the latest one, and the verdict must not read "reached in in 4 periods".
    values = [10.0 - 0.4 * i for i in range(12)]
    labels = [f"P{i + 1}" for i in range(12)]
    trend = analyse_trend(values, labels, direction="lower", target=4.0)
    assert trend.target_reach == "4 periods after P12"
    assert trend.periods_to_target == pytest.approx(4.0)


def test_the_reach_is_named_from_the_period_dates_not_read_back_from_labels() -> None:
    # Quarters: 12 quarters from 2024-Q1, the latest 2026-Q4; 4 quarters on is 2027-Q4.
    values = [10.0 - 0.4 * i for i in range(12)]
    starts = [date(2024 + i // 4, 3 * (i % 4) + 1, 1) for i in range(12)]
    labels = [f"{s.year}-Q{(s.month - 1) // 3 + 1}" for s in starts]
    trend = analyse_trend(
        values, labels, direction="lower", target=4.0, starts=starts, grain="quarter"
    )
    assert trend.target_reach == "2027-Q4"
    # the same values without the dates, or with labels the calendar did not write for those
    # dates, are counted from the latest period instead of guessed
    assert analyse_trend(values, labels, direction="lower", target=4.0).target_reach == (
        "4 periods after 2026-Q4"
    )
    renamed = [f"Q{i + 1}" for i in range(12)]
    assert analyse_trend(
        values, renamed, direction="lower", target=4.0, starts=starts, grain="quarter"
    ).target_reach == ("4 periods after Q12")
