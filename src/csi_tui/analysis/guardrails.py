"""Step 5, part 5: counter-metrics (Metric.guardrails) that worsened while the primary improved.

A guardrail counts as worse only when the movement is more than noise: with a change date, a
before/after comparison of the guardrail (on its ticket values when present) that is significant
in its bad direction; without one, a significant Mann-Kendall trend in its bad direction. So a
reopen rate going from 2.0% to 2.1% reads "unchanged", not "worse".
"""

from __future__ import annotations

from csi_tui.analysis import fmt
from csi_tui.analysis.results import Comparison, GuardrailFlag, Trend
from csi_tui.cycle.model import Metric


def check_guardrail(
    guard: Metric,
    *,
    primary_name: str,
    primary_improved: bool,
    comparison: Comparison | None,
    trend: Trend | None,
    first: float | None,
    latest: float | None,
) -> GuardrailFlag:
    """Judge one guardrail from its own comparison (preferred) or trend."""
    if comparison is not None and comparison.n_before and comparison.n_after:
        before, after = comparison.mean_before, comparison.mean_after
        worsened = comparison.significant and comparison.label == "concern"
        improved = comparison.significant and comparison.label == "improvement"
        evidence = fmt.p_value(comparison.p)
    else:
        before, after = first, latest
        worsened = trend is not None and trend.significant and trend.label == "concern"
        improved = trend is not None and trend.significant and trend.label == "improvement"
        evidence = f"trend {fmt.p_value(trend.p)}" if trend is not None else ""
    moved = f"{fmt.value(before, guard.unit)} -> {fmt.value(after, guard.unit)}"
    flagged = worsened and primary_improved
    if before is None or after is None:
        sentence = f"{guard.name}: not enough data to check it"
    elif flagged:
        sentence = (
            f"{guard.name} got worse ({moved}, {evidence}) while {primary_name} improved:"
            " a trade-off to discuss before adopting the change"
        )
    elif worsened:
        sentence = f"{guard.name} got worse ({moved}, {evidence})"
    elif improved:
        sentence = f"{guard.name} improved as well ({moved})"
    else:
        sentence = f"{guard.name} unchanged ({moved})"
    return GuardrailFlag(
        metric_id=guard.id,
        name=guard.name,
        unit=guard.unit,
        before=before,
        after=after,
        worsened=worsened,
        primary_improved=primary_improved,
        flagged=flagged,
        sentence=sentence,
    )


def missing_guardrail(metric_id: str, why: str) -> GuardrailFlag:
    return GuardrailFlag(
        metric_id=metric_id,
        name=metric_id,
        unit="",
        before=None,
        after=None,
        worsened=False,
        primary_improved=False,
        flagged=False,
        sentence=f"guardrail {metric_id!r}: {why}",
    )
