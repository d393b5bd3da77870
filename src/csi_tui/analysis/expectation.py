"""Step 5, part 1: the latest value against baseline, target and amber threshold."""

from __future__ import annotations

from collections.abc import Sequence

from csi_tui.analysis._direction import good_sign
from csi_tui.analysis.fmt import finite
from csi_tui.analysis.results import Expectation, Status
from csi_tui.cycle.model import Direction


def status_of(
    actual: float | None, target: float | None, amber: float | None, direction: Direction
) -> Status:
    """met / at_risk / missed, direction-aware; unknown without an actual value or a target.

    Met: at or beyond the target in the good direction. At risk: short of the target but at or
    beyond the amber threshold. Missed: beyond amber on the bad side (or short of the target when
    there is no usable amber threshold).
    """
    actual, target, amber = finite(actual), finite(target), finite(amber)
    if actual is None or target is None:
        return "unknown"
    sign = good_sign(direction)
    if sign * (actual - target) >= 0:
        return "met"
    # amber must lie on the bad side of the target to mean anything
    if amber is not None and sign * (target - amber) >= 0 and sign * (actual - amber) >= 0:
        return "at_risk"
    return "missed"


def attainment_of(
    actual: float | None, baseline: float | None, target: float | None
) -> float | None:
    """Share of the planned improvement achieved: (baseline - actual) / (baseline - target).

    The same formula serves both directions: the planned change (baseline -> target) carries the
    direction, so 1.0 is the full planned gain, 0 no gain, negative a loss. None when baseline
    equals target (no planned change) or a value is missing.
    """
    actual, baseline, target = finite(actual), finite(baseline), finite(target)
    if actual is None or baseline is None or target is None or baseline == target:
        return None
    return (baseline - actual) / (baseline - target)


def latest(
    values: Sequence[float | None], labels: Sequence[str]
) -> tuple[float | None, str | None]:
    for value, label in zip(reversed(values), reversed(labels), strict=True):
        v = finite(value)
        if v is not None:
            return v, label
    return None, None


def evaluate_expectation(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    direction: Direction,
    baseline: float | None,
    target: float | None,
    amber: float | None,
) -> Expectation:
    """The latest value with a number against the metric's expectations."""
    actual, period = latest(values, labels)
    baseline, target, amber = finite(baseline), finite(target), finite(amber)
    warnings: list[str] = []
    sign = good_sign(direction)
    if actual is None:
        warnings.append("no period has a value yet")
    if target is None:
        warnings.append("the metric has no target: set target (and amber) to get a status")
    if target is not None and amber is not None and sign * (target - amber) < 0:
        better = "lower" if direction == "higher" else "higher"
        warnings.append(
            f"amber {amber:g} is on the good side of the target {target:g}; with direction"
            f" '{direction}' it should be {better} than the target: amber is ignored"
        )
    if baseline is not None and target is not None and sign * (target - baseline) <= 0:
        warnings.append(
            f"the target {target:g} is not an improvement on the baseline {baseline:g}"
            f" for a metric where {direction} is better"
        )
    gap = None if actual is None or target is None else sign * (target - actual)
    change = None if actual is None or baseline is None else actual - baseline
    return Expectation(
        direction=direction,
        actual=actual,
        actual_period=period,
        baseline=baseline,
        target=target,
        amber=amber,
        gap=gap,
        change=change,
        attainment=attainment_of(actual, baseline, target),
        status=status_of(actual, target, amber, direction),
        warnings=tuple(warnings),
    )
