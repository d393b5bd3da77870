"""Special-cause signals on an XmR chart: the Western Electric zone rules plus a trend run.

Rules (Western Electric "Statistical Quality Control Handbook", 1956, as listed in the
NIST/SEMATECH e-Handbook 6.3.2): 1. one point beyond a 3-sigma limit; 2. two of three successive
points beyond 2 sigma on the same side; 3. four of five successive points beyond 1 sigma on the
same side; 4. eight successive points on the same side of the centre line. Added: six successive
points each higher (or lower) than the one before (Nelson 1984 test 3; the NHS "Making Data Count"
trend rule), and a moving range above its upper limit.

Points are read within a phase (a pattern never spans a recalculation), skipping missing values.
A point exactly on the centre line is on neither side: it ends a run of rule 4. Overlapping hits of
one rule on one side are merged into one signal covering all their points.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from csi_tui.analysis._direction import label_of
from csi_tui.analysis.fmt import finite
from csi_tui.analysis.results import RULE_NAMES, ChartPoint, Label, Phase, RuleId, Side, Signal
from csi_tui.cycle.model import Direction


def find_signals(
    values: Sequence[float | None],
    labels: Sequence[str],
    points: Sequence[ChartPoint],
    phases: Sequence[Phase],
    direction: Direction,
) -> tuple[Signal, ...]:
    found: list[Signal] = []
    for phase in phases:
        pts = [p for p in points if p.phase == phase.index and p.value is not None]
        hits: list[tuple[RuleId, Side, int, int]] = []
        hits += _zone_rule(pts, "beyond_limits", need=1, of=1, min_zone=4)
        hits += _zone_rule(pts, "two_of_three", need=2, of=3, min_zone=3)
        hits += _zone_rule(pts, "four_of_five", need=4, of=5, min_zone=2)
        hits += _zone_rule(pts, "eight_in_a_row", need=8, of=8, min_zone=1)
        hits += _trend_rule(pts, 6)
        hits += [
            ("moving_range", "above", p.index, p.index)
            for p in pts
            if p.moving_range is not None and p.moving_range > phase.mr_ucl
        ]
        for rule, side, first, last in _merge(hits):
            found.append(_signal(rule, side, first, last, phase.index, labels, direction))
    found.sort(key=lambda s: (s.first, s.last, s.rule))
    return tuple(found)


def _zone_rule(
    pts: Sequence[ChartPoint], rule: RuleId, *, need: int, of: int, min_zone: int
) -> list[tuple[RuleId, Side, int, int]]:
    """``need`` of ``of`` successive points at or beyond ``min_zone`` on one side.

    The window is reported from the first to the last point that meets the condition, so the
    signal covers the points that carry it.
    """
    hits: list[tuple[RuleId, Side, int, int]] = []
    for end in range(need - 1, len(pts)):
        window = pts[max(0, end - of + 1) : end + 1]
        for side, sign in (("above", 1), ("below", -1)):
            hit = [p for p in window if sign * p.zone >= min_zone]
            # the window's last point must be one of them, so each pattern is reported once,
            # when it completes
            if len(hit) >= need and hit[-1] is window[-1]:
                hits.append((rule, side, hit[0].index, hit[-1].index))  # type: ignore[arg-type]
    return hits


def _trend_rule(pts: Sequence[ChartPoint], length: int) -> list[tuple[RuleId, Side, int, int]]:
    hits: list[tuple[RuleId, Side, int, int]] = []
    for end in range(length - 1, len(pts)):
        window = [finite(p.value) for p in pts[end - length + 1 : end + 1]]
        steps = [(b - a) for a, b in itertools.pairwise(window) if a is not None and b is not None]
        if len(steps) == length - 1 and all(s > 0 for s in steps):
            hits.append(("six_trending", "rising", pts[end - length + 1].index, pts[end].index))
        elif len(steps) == length - 1 and all(s < 0 for s in steps):
            hits.append(("six_trending", "falling", pts[end - length + 1].index, pts[end].index))
    return hits


def _merge(hits: list[tuple[RuleId, Side, int, int]]) -> list[tuple[RuleId, Side, int, int]]:
    """Merge overlapping (or touching) hits of the same rule and side."""
    merged: list[tuple[RuleId, Side, int, int]] = []
    for rule, side, first, last in sorted(hits, key=lambda h: (h[0], h[1], h[2], h[3])):
        if merged and merged[-1][0] == rule and merged[-1][1] == side and first <= merged[-1][3]:
            prev = merged[-1]
            merged[-1] = (rule, side, prev[2], max(prev[3], last))
        else:
            merged.append((rule, side, first, last))
    return merged


def _signal(
    rule: RuleId,
    side: Side,
    first: int,
    last: int,
    phase: int,
    labels: Sequence[str],
    direction: Direction,
) -> Signal:
    if rule == "moving_range":
        label: Label = "concern"  # a jump in variation is never good news by itself
    else:
        up = side in ("above", "rising")
        label = label_of(1.0 if up else -1.0, direction) or "concern"
    where = labels[first] if first == last else f"{labels[first]} to {labels[last]}"
    text = {
        "above": "above the centre line",
        "below": "below the centre line",
        "rising": "rising",
        "falling": "falling",
    }[side]
    if rule == "moving_range":
        description = f"a jump between periods larger than the moving-range limit ({where})"
    elif rule == "six_trending":
        description = f"{last - first + 1} points in a row {text} ({where})"
    else:
        description = f"{RULE_NAMES[rule]}, {text} ({where})"
    return Signal(
        rule=rule,
        first=first,
        last=last,
        side=side,
        label=label,
        phase=phase,
        description=description,
    )
