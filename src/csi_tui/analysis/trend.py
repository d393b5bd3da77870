"""Step 5, part 2: Mann-Kendall trend test and Sen's slope over the period values.

Mann-Kendall (Mann 1945, Kendall 1975, as in Gilbert 1987 ch. 16): S = sum of sign(x_j - x_i)
over i < j; Var(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18 over groups of t tied values;
Z = (S - 1) / sqrt(Var S) for S > 0, (S + 1) / sqrt(Var S) for S < 0, else 0; two-sided
p = 2 (1 - Phi(|Z|)) from scipy's normal distribution. Sen's slope and its confidence interval
come from ``scipy.stats.theilslopes`` (Sen 1968), over the period positions, so a period without
a value leaves a gap rather than closing it up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import stats

from csi_tui.analysis._direction import good_sign, label_of
from csi_tui.analysis.fmt import finite
from csi_tui.analysis.results import Trend, TrendDirection
from csi_tui.cycle.model import Direction
from csi_tui.data import periods as calendar

# Below this many values the normal approximation of S (and a trend claim) means little.
MIN_TREND_POINTS = 4

# What ``Trend.target_reach`` holds besides a period label
ALREADY_MET = "already met"
NOT_AT_THIS_RATE = "not at this rate"
BEYOND = f"not before the year {calendar.MAX_YEAR}"  # a period past the last date Python holds
_COUNTED = " periods after "  # "4 periods after P12": periods the calendar cannot name


def reach_is_a_period(reach: str) -> bool:
    """Whether a ``target_reach`` names a period ("2027-03"), so it reads "in 2027-03"."""
    return reach not in (ALREADY_MET, NOT_AT_THIS_RATE, BEYOND) and _COUNTED not in reach


@dataclass(frozen=True)
class MannKendall:
    n: int
    s: int
    var_s: float
    z: float
    p: float
    tau: float


def mann_kendall(values: Sequence[float | None]) -> MannKendall | None:
    """Mann-Kendall test with the tie correction; None for fewer than 2 values. Missing values
    (None / NaN) are dropped, keeping the order of the rest."""
    x = np.array([v for v in (finite(v) for v in values) if v is not None], dtype=float)
    n = len(x)
    if n < 2:
        return None
    diffs = x[np.newaxis, :] - x[:, np.newaxis]  # [i, j] = x_j - x_i
    s = int(np.sign(diffs[np.triu_indices(n, k=1)]).sum())
    _, counts = np.unique(x, return_counts=True)
    ties = counts[counts > 1].astype(float)
    var_s = (n * (n - 1) * (2 * n + 5) - float(np.sum(ties * (ties - 1) * (2 * ties + 5)))) / 18
    if var_s <= 0:  # all values equal
        z = 0.0
    elif s > 0:
        z = (s - 1) / math.sqrt(var_s)
    elif s < 0:
        z = (s + 1) / math.sqrt(var_s)
    else:
        z = 0.0
    p = float(min(1.0, 2 * stats.norm.sf(abs(z))))
    tau = s / (n * (n - 1) / 2)
    return MannKendall(n=n, s=s, var_s=float(var_s), z=float(z), p=p, tau=float(tau))


def sens_slope(
    values: Sequence[float | None], alpha: float = 0.05
) -> tuple[float, float, float, float] | None:
    """Sen's slope per period, its (1 - alpha) interval, and the intercept median(y - slope*i)
    at position 0; positions are the indexes in ``values`` (gaps stay gaps)."""
    pairs = [(i, v) for i, v in enumerate(finite(v) for v in values) if v is not None]
    if len(pairs) < 2:
        return None
    x = np.array([p[0] for p in pairs], dtype=float)
    y = np.array([p[1] for p in pairs], dtype=float)
    res = stats.theilslopes(y, x, alpha=1 - alpha, method="joint")
    low = float(res.low_slope) if math.isfinite(res.low_slope) else float(res.slope)
    high = float(res.high_slope) if math.isfinite(res.high_slope) else float(res.slope)
    return float(res.slope), low, high, float(res.intercept)


def analyse_trend(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    direction: Direction,
    target: float | None = None,
    alpha: float = 0.05,
    starts: Sequence[date] = (),
    grain: str | None = None,
) -> Trend:
    """Trend test, slope, and when the target would be reached at the current slope. The
    periods' ``starts`` and ``grain`` name that period; without them it is counted in periods."""
    mk = mann_kendall(values)
    n = mk.n if mk else sum(1 for v in values if finite(v) is not None)
    warnings: list[str] = []
    if n < MIN_TREND_POINTS:
        warnings.append(f"{n} periods with a value: a trend needs at least {MIN_TREND_POINTS}")
        return Trend(
            n=n, s=mk.s if mk else None, var_s=mk.var_s if mk else None, z=None, p=None,
            tau=None, slope=None, slope_low=None, slope_high=None, intercept=None,
            direction="too_few", label=None, alpha=alpha, target_reach=None,
            periods_to_target=None, warnings=tuple(warnings),
        )  # fmt: skip
    assert mk is not None
    sen = sens_slope(values, alpha)
    assert sen is not None
    slope, low, high, intercept = sen
    significant = mk.p < alpha and mk.s != 0
    trend_dir: TrendDirection = ("rising" if mk.s > 0 else "falling") if significant else "none"
    label = label_of(float(mk.s), direction) if significant else None

    reach, periods = _target_reach(values, labels, slope, target, direction, starts, grain)
    return Trend(
        n=n,
        s=mk.s,
        var_s=mk.var_s,
        z=mk.z,
        p=mk.p,
        tau=mk.tau,
        slope=slope,
        slope_low=low,
        slope_high=high,
        intercept=intercept,
        direction=trend_dir,
        label=label,
        alpha=alpha,
        target_reach=reach,
        periods_to_target=periods,
        warnings=tuple(warnings),
    )


def _target_reach(
    values: Sequence[float | None],
    labels: Sequence[str],
    slope: float,
    target: float | None,
    direction: Direction,
    starts: Sequence[date],
    grain: str | None,
) -> tuple[str | None, float | None]:
    """From the latest value, the first period where slope * k closes the gap to the target."""
    target = finite(target)
    last = next(
        ((i, v) for i, v in reversed(list(enumerate(finite(v) for v in values))) if v is not None),
        None,
    )
    if target is None or last is None:
        return None, None
    index, value = last
    sign = good_sign(direction)
    gap = sign * (target - value)  # > 0: still to go, in the good direction
    if gap <= 0:
        return ALREADY_MET, 0.0
    gain = sign * slope  # improvement per period
    if gain <= 0:
        return NOT_AT_THIS_RATE, None
    periods = gap / gain
    latest = labels[index]
    # the calendar names the period when the latest label is its own; otherwise (periods it did
    # not make) the reach is counted from the latest one
    if index < len(starts) and grain is not None and calendar.label(starts[index], grain) == latest:
        if not math.isfinite(periods):
            return BEYOND, periods
        return calendar.label_after(starts[index], grain, math.ceil(periods)) or BEYOND, periods
    return f"{math.ceil(periods)}{_COUNTED}{latest}", periods
