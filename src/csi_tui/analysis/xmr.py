"""Step 5, part 3: the XmR (individuals and moving range) control chart.

Natural process limits (Wheeler, "Understanding Variation", 1993; NIST/SEMATECH e-Handbook
6.3.2.2): centre line = mean of the values; average moving range = mean of |x_i - x_{i-1}|;
limits = mean +/- 2.66 x average moving range (2.66 = 3 / d2, d2 = 1.128 for ranges of two);
upper range limit = 3.267 x average moving range (D4 for n = 2); sigma = average MR / 1.128.

Limits come from a calculation window (the baseline window, else all points of the phase) and are
extended over the whole phase; with a change date, a second phase starts at the first period on
or after it, with limits recalculated from its own points (when it has enough of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from csi_tui.analysis import fmt
from csi_tui.analysis.bounds import NONE, Bounds
from csi_tui.analysis.results import ChartPoint, ControlChart, Phase
from csi_tui.analysis.rules import find_signals
from csi_tui.cycle.model import Direction

E2 = 2.66  # natural process limit factor for individuals (3 / d2)
D4 = 3.267  # upper range limit factor for moving ranges of two
D2 = 1.128  # d2 for n = 2: sigma = average MR / d2

# Fewer values than this and there are no limits at all (one moving range is not an average).
MIN_LIMIT_POINTS = 3


def moving_ranges(values: Sequence[float | None]) -> list[float | None]:
    """|x_i - x_prev| where x_prev is the previous value present; None for the first value and
    for missing values. A gap does not reset the chain: the next value pairs with the last one."""
    out: list[float | None] = []
    prev: float | None = None
    for raw in values:
        v = fmt.finite(raw)
        if v is None:
            out.append(None)
            continue
        out.append(None if prev is None else abs(v - prev))
        prev = v
    return out


def xmr_limits(values: Sequence[float | None]) -> tuple[float, float, int] | None:
    """(centre, average moving range, n values) of the values present; None below
    MIN_LIMIT_POINTS values."""
    present = [v for v in (fmt.finite(v) for v in values) if v is not None]
    if len(present) < MIN_LIMIT_POINTS:
        return None
    mrs = [mr for mr in moving_ranges(present) if mr is not None]
    return float(np.mean(present)), float(np.mean(mrs)), len(present)


def make_phase(
    index: int,
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    start: int,
    end: int,
    calc_start: int,
    calc_end: int,
    reason: str,
) -> Phase | None:
    calc = xmr_limits(values[calc_start : calc_end + 1])
    if calc is None:
        return None
    centre, avg_mr, n = calc
    return Phase(
        index=index,
        start=start,
        end=end,
        start_period=labels[start],
        calc_start=calc_start,
        calc_end=calc_end,
        n=n,
        centre=centre,
        avg_mr=avg_mr,
        sigma=avg_mr / D2,
        ucl=centre + E2 * avg_mr,
        lcl=centre - E2 * avg_mr,
        mr_ucl=D4 * avg_mr,
        reason=reason,
    )


def zone_of(value: float | None, centre: float, half_width: float) -> int:
    """Signed zone of a value, with half_width = limit - centre (= 2.66 x avg MR = 3 sigma).

    The sigma lines are the thirds of the distance from the centre line to a limit. "Beyond" is
    strict, as in the Western Electric handbook (1956, "beyond the 3-sigma limit") and NIST 6.3.2:
    a point exactly on a sigma line stays in the inner zone, exactly on a limit is not beyond it,
    exactly on the centre line is on neither side (0).
    """
    v = fmt.finite(value)
    if v is None or v == centre:
        return 0
    distance = abs(v - centre)
    if distance > half_width:
        zone = 4
    elif distance > 2 * half_width / 3:
        zone = 3
    elif distance > half_width / 3:
        zone = 2
    else:
        zone = 1
    return zone if v > centre else -zone


def control_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    direction: Direction,
    baseline: tuple[int, int] | None = None,
    change_index: int | None = None,
    recalculate: bool = True,
    min_points: int = 6,
    bounds: Bounds = NONE,
    unit: str = "",
) -> ControlChart:
    """An XmR chart over the period values.

    ``baseline``: inclusive index range the first phase's limits are computed from (default: all
    points before the change, or all points). ``change_index``: the first period on or after the
    change date; with ``recalculate`` a second phase starts there when it holds ``min_points``
    values, else the first phase's limits are extended (and a warning says so). ``bounds``: the
    metric's natural range; a limit beyond it is shown at the bound (and a warning says so).
    """
    n = len(values)
    warnings: list[str] = []
    if n == 0:
        return ControlChart(points=(), phases=(), signals=(), warnings=("no periods",))
    if change_index is not None and not 0 < change_index < n:
        change_index = None  # the change is before the first or after the last period
    split = change_index if (change_index is not None and recalculate) else None

    # Default limits: the process before the change, whether or not a new phase starts there
    # (without one, they are extended over the new points so a shift shows as signals). With
    # no new phase and too few values before the change for limits, all points are used.
    before_end = n - 1
    default_reason = "all points"
    if change_index is not None:
        before = sum(1 for v in values[:change_index] if fmt.finite(v) is not None)
        if split is not None or before >= MIN_LIMIT_POINTS:
            before_end, default_reason = change_index - 1, "all points before the change"
        else:
            default_reason = f"all points ({before} values before the change are too few)"
    if baseline is not None:
        calc_start, calc_end = max(0, baseline[0]), min(n - 1, baseline[1])
        reason = f"baseline window {labels[calc_start]} to {labels[calc_end]}"
        if calc_start > calc_end:
            warnings.append("the baseline window holds no periods: limits use the first phase")
            calc_start, calc_end, reason = 0, before_end, default_reason
    else:
        calc_start, calc_end, reason = 0, before_end, default_reason

    phases: list[Phase] = []
    after_count = (
        sum(1 for v in values[split:] if fmt.finite(v) is not None) if split is not None else 0
    )
    recalc_ok = split is not None and after_count >= max(min_points, MIN_LIMIT_POINTS)
    if split is not None and not recalc_ok:
        warnings.append(
            f"{after_count} values since the change ({labels[split]}): limits are recalculated"
            f" from {max(min_points, MIN_LIMIT_POINTS)}; the earlier limits are extended instead"
        )
    end0 = (split - 1) if recalc_ok and split is not None else n - 1
    phase0 = make_phase(
        0, values, labels, start=0, end=end0, calc_start=calc_start, calc_end=calc_end,
        reason=reason,
    )  # fmt: skip
    if phase0 is None:
        warnings.append(f"fewer than {MIN_LIMIT_POINTS} values to compute limits from ({reason})")
    else:
        phases.append(phase0)
        if recalc_ok and split is not None:
            phase1 = make_phase(
                1, values, labels, start=split, end=n - 1, calc_start=split, calc_end=n - 1,
                reason=f"recalculated from the change ({labels[split]})",
            )  # fmt: skip
            if phase1 is not None:
                phases.append(phase1)
    for phase in phases:
        if phase.avg_mr == 0:
            warnings.append(
                f"every value from {labels[phase.calc_start]} to {labels[phase.calc_end]} is the"
                " same: the limits collapse onto the centre line"
            )

    points = _points(values, labels, phases)
    signals = find_signals(values, labels, points, phases, direction) if phases else ()
    notes: list[str] = []
    shown = [_clamped(phase, bounds, labels, unit, notes) for phase in phases]
    return ControlChart(
        points=points,
        phases=tuple(shown),
        signals=signals,
        warnings=tuple(warnings),
        bound_notes=tuple(notes),
    )


def _clamped(
    phase: Phase, bounds: Bounds, labels: Sequence[str], unit: str, notes: list[str]
) -> Phase:
    """The phase with its limits held to the metric's natural range, saying so."""
    lcl, ucl = bounds.clamp(phase.lcl), bounds.clamp(phase.ucl)
    if (lcl, ucl) == (phase.lcl, phase.ucl):
        return phase
    for name, shown, computed in (("lower", lcl, phase.lcl), ("upper", ucl, phase.ucl)):
        if shown != computed:
            notes.append(
                f"the {name} limit from {labels[phase.start]} is shown as"
                f" {fmt.bound(shown, unit)}, not the computed {fmt.value(computed, unit)}:"
                f" {bounds.what or 'the metric'} cannot go "
                + ("below" if name == "lower" else "above")
                + f" {fmt.bound(shown, unit)}"
            )
    return replace(
        phase,
        lcl=lcl,
        ucl=ucl,
        computed_lcl=phase.lcl if lcl != phase.lcl else None,
        computed_ucl=phase.ucl if ucl != phase.ucl else None,
    )


def _points(
    values: Sequence[float | None], labels: Sequence[str], phases: Sequence[Phase]
) -> tuple[ChartPoint, ...]:
    points: list[ChartPoint] = []
    for phase_index, (start, end) in enumerate(_ranges(len(values), phases)):
        phase = phases[phase_index] if phases else None
        mrs = moving_ranges(values[start : end + 1])
        for offset, mr in enumerate(mrs):
            i = start + offset
            zone = (
                0 if phase is None else zone_of(values[i], phase.centre, phase.ucl - phase.centre)
            )
            points.append(
                ChartPoint(
                    index=i,
                    period=labels[i],
                    value=fmt.finite(values[i]),
                    moving_range=mr,
                    phase=phase_index,
                    zone=zone,
                )
            )
    return tuple(points)


def _ranges(n: int, phases: Sequence[Phase]) -> list[tuple[int, int]]:
    if not phases:
        return [(0, n - 1)]
    return [(p.start, p.end) for p in phases]
