"""Step 5, part 6: the verdict in sentences a service owner would repeat, and one-line summaries
for the step 5 panel (status, shift, trend, assure, guard)."""

from __future__ import annotations

from collections.abc import Sequence

from csi_tui.analysis import fmt
from csi_tui.analysis.results import (
    Assurance,
    Comparison,
    ControlChart,
    Expectation,
    GuardrailFlag,
    Trend,
)
from csi_tui.analysis.trend import ALREADY_MET, BEYOND, NOT_AT_THIS_RATE, reach_is_a_period
from csi_tui.cycle.model import Metric
from csi_tui.data.periods import MAX_YEAR, grain_noun

# Beyond twice the planned gain a percentage stops meaning anything a chair would repeat.
MAX_GAIN_SHOWN = 2.0


def gain_words(attainment: float) -> str:
    """How much of the planned gain (baseline -> target) was achieved, in words that stay
    sensible far from the plan: "97% of the planned gain", "moved away from the target"."""
    if attainment < 0:
        return "moved away from the target (worse than the baseline)"
    if attainment > MAX_GAIN_SHOWN:
        return "more than twice the planned gain"
    return f"{fmt.percent(attainment)} of the planned gain"


def points_beyond_centre(
    chart: ControlChart, values: Sequence[float | None], change_index: int | None, below: bool
) -> tuple[int, int]:
    """(points since the change on the given side of the first phase's centre line, points since
    the change): how the shift looks against the limits from before it."""
    if change_index is None or not chart.phases:
        return 0, 0
    centre = chart.phases[0].centre
    after = [v for v in (fmt.finite(v) for v in values[change_index:]) if v is not None]
    side = sum(1 for v in after if (v < centre if below else v > centre))
    return side, len(after)


def build_verdict(
    metric: Metric,
    *,
    values: Sequence[float | None],
    change_index: int | None,
    expectation: Expectation,
    trend: Trend,
    chart: ControlChart,
    assurance: Assurance,
    comparison: Comparison | None,
    guardrails: Sequence[GuardrailFlag],
    grain: str,
) -> tuple[tuple[str, ...], dict[str, str]]:
    unit = metric.unit
    name = metric.name
    word = grain_noun(grain)
    lines: dict[str, str] = {}
    sentences: list[str] = []

    # --- the movement, the shift, the assurance: the sentence people repeat
    first = next((v for v in (fmt.finite(v) for v in values) if v is not None), None)
    start = expectation.baseline if expectation.baseline is not None else first
    actual = expectation.actual
    if actual is None:
        sentences.append(f"{name} has no values yet, so nothing can be said about it.")
        return tuple(sentences), {"status": f"{expectation.badge}   no data"}
    target = (
        f" (target {fmt.value(expectation.target, unit)})" if expectation.target is not None else ""
    )
    if start is None or fmt.value(start, unit) == fmt.value(actual, unit):
        # no movement worth words at the precision shown
        since = "" if start is None else " (unchanged)"
        movement = f"{name} is at {fmt.value(actual, unit)}{since}{target}"
    else:
        verb = "fell" if actual < start else "rose"
        movement = (
            f"{name} {verb} from {fmt.value(start, unit)} to {fmt.value(actual, unit)}{target}"
        )
    parts = [movement]
    shift_line = _shift(comparison, chart, values, change_index, unit)
    if shift_line is not None:
        parts.append(shift_line[0])
        lines["shift"] = shift_line[1]
    parts.append(assurance.sentence)
    sentences.append("; ".join(parts) + ".")

    # --- status against the expectation
    status = f"{expectation.badge}   {fmt.value(actual, unit)}"
    if expectation.target is not None:
        status += f" against target {fmt.value(expectation.target, unit)}"
        if expectation.amber is not None:
            status += f" (amber {fmt.value(expectation.amber, unit)})"
    if expectation.attainment is not None:
        status += f": {gain_words(expectation.attainment)}"
    lines["status"] = status
    if expectation.status != "unknown":
        sentences.append(f"Status {expectation.word}: {status.split('   ', 1)[1]}.")

    # --- trend
    if trend.direction == "too_few":
        lines["trend"] = f"too few periods for a trend ({trend.n})"
    else:
        per = f"{fmt.value(abs(trend.slope or 0.0), unit)} a {word}"
        test = f"Mann-Kendall {fmt.p_value(trend.p)}"
        if trend.direction == "none":
            lines["trend"] = f"no clear trend ({test})"
        else:
            lines["trend"] = f"{trend.direction} {per} ({test}, {trend.label})"
            reach = trend.target_reach
            if reach == NOT_AT_THIS_RATE:
                sentences.append(f"At the current trend the target will not be reached ({test}).")
            elif reach == BEYOND:
                sentences.append(
                    f"At the current trend ({trend.direction} {per}) the target would not be"
                    f" reached before the year {MAX_YEAR}."
                )
            elif reach and reach != ALREADY_MET:
                # a period label reads "in 2027-03"; a count of periods already says when
                when = f"in {reach}" if reach_is_a_period(reach) else reach
                sentences.append(
                    f"At the current trend ({trend.direction} {per}) the target would be"
                    f" reached {when}."
                )
    lines["assure"] = assurance.sentence

    # --- latest signals of the current phase
    current = chart.current
    if current is not None:
        recent = [s for s in chart.signals if s.phase == current.index]
        if recent:
            last = recent[-1]
            sentences.append(f"Latest signal ({last.label}): {last.description}.")

    # --- guardrails
    if guardrails:
        lines["guard"] = "; ".join(g.sentence for g in guardrails)
        sentences.extend(
            g.sentence[0].upper() + g.sentence[1:] + "." for g in guardrails if g.flagged
        )
    return tuple(sentences), lines


def _shift(
    comparison: Comparison | None,
    chart: ControlChart,
    values: Sequence[float | None],
    change_index: int | None,
    unit: str,
) -> tuple[str, str] | None:
    if comparison is None:
        return None
    c = comparison
    if not c.enough:
        n = min(c.n_before, c.n_after)
        side = "after" if c.n_after <= c.n_before else "before"
        what = "tickets" if c.basis == "observations" else "periods"
        return (
            f"too few {what} {side} the change ({n}) to tell whether it is a real shift",
            f"too few to say: {c.n_before} before, {c.n_after} after the change",
        )
    # the same effect compare() labelled the shift by: a zero median shift (ties) falls back
    # to the difference of means, so the words agree with the label
    if c.shift is not None and c.shift.estimate != 0:
        effect = c.shift.estimate
    else:
        effect = c.diff_mean or 0.0
    ci = ""
    if c.shift is not None and c.shift.low is not None and c.shift.high is not None:
        ci = f" [{fmt.signed(c.shift.low, unit)}, {fmt.signed(c.shift.high, unit)}]"
    p = fmt.p_value(c.p)
    if not c.significant:
        return (
            f"the change is within normal variation ({p}): not a demonstrated shift",
            f"not shown: {p}, {fmt.signed(effect, unit)}{ci}",
        )
    noun = "drop" if effect < 0 else "rise"
    beyond, total = points_beyond_centre(chart, values, change_index, below=effect < 0)
    where = "below" if effect < 0 else "above"
    if total:
        count = f"{total}" if beyond == total else f"{beyond} of {total}"
        evidence = f"{p}, {count} points {where} the earlier centre line since the change"
    else:
        evidence = p
    return (
        f"the {noun} is a real shift ({evidence})",
        f"real ({c.label}): {p}, {fmt.signed(effect, unit)}{ci}",
    )
