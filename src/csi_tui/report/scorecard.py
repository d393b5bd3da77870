"""The scorecard for business readers: one row per metric, the same words on screen and on paper.

Status as glyph AND word (never colour alone), the current value, the target, the change since
the baseline and a sparkline of the periods. The step 6 screen, the minutes and the report all
build their tables from ``score_rows``.
"""

from __future__ import annotations

from dataclasses import dataclass

from csi_tui.analysis import fmt
from csi_tui.analysis.results import STATUS_GLYPHS, CycleAnalysis, Status, status_word
from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult
from csi_tui.report.formatting import name_with_unit
from csi_tui.report.sparkline import sparkline_text

SPARK_WIDTH = 12
NARROW_NAME = 21  # the metric column at 80 columns, unit included


@dataclass(frozen=True)
class ScoreRow:
    metric_id: str
    name: str
    status: Status
    current: str  # "6.1 h"
    period: str  # the period of the current value, "2026-11"
    target: str
    change: str  # since the baseline, "-4.7 h (-44%)"
    spark: str
    values: tuple[float | None, ...] = ()  # the period values behind the sparkline
    # the same, narrow (80 columns): the unit moves to the name, numbers stand alone
    narrow: tuple[str, str, str, str] = ("", "", "", "")  # name (unit), now, target, change
    no_data: bool = False  # a target, but no value yet

    @property
    def badge(self) -> str:
        return f"{STATUS_GLYPHS[self.status]} {status_word(self.status, no_data=self.no_data)}"


def _change_words(text: str, change: float | None, direction: str) -> str:
    """ "-4.7 h (-44%) better": the sign alone would leave readers to remember the direction.
    A change that reads as zero, or is missing, has no sign and no word."""
    if change is None or not text.startswith(("+", "-")):
        return text
    better = (change < 0) == (direction == "lower")
    return f"{text} {'better' if better else 'worse'}"


def score_rows(
    cycle: Cycle, compute: ComputeResult | None, analysis: CycleAnalysis | None
) -> list[ScoreRow]:
    rows = []
    for metric in cycle.metrics:
        series = compute.metric(metric.id) if compute is not None else None
        found = analysis.metric(metric.id) if analysis is not None else None
        values = [p.value for p in series.periods] if series is not None else []
        exp = found.expectation if found is not None else None
        if exp is not None:
            actual, period, change = exp.actual, exp.actual_period or "", exp.change
        else:
            latest = (
                next((p for p in reversed(series.periods) if p.value is not None), None)
                if series is not None
                else None
            )
            actual = latest.value if latest else None
            period = latest.period if latest else ""
            change = (
                actual - metric.baseline
                if actual is not None and metric.baseline is not None
                else None
            )
        rows.append(
            ScoreRow(
                metric_id=metric.id,
                name=metric.name,
                status=exp.status if exp is not None else "unknown",
                current=fmt.value(actual, metric.unit),
                period=period,
                target=fmt.value(metric.target, metric.unit),
                change=_change_words(
                    fmt.change(change, metric.unit, metric.baseline), change, metric.direction
                ),
                spark=sparkline_text(values, SPARK_WIDTH),
                values=tuple(values),
                narrow=(
                    name_with_unit(metric.name, metric.unit, NARROW_NAME),
                    fmt.number(actual, metric.unit, "compact"),
                    fmt.number(metric.target, metric.unit, "compact"),
                    _change_words(
                        fmt.signed(change, metric.unit, "compact", with_unit=False),
                        change,
                        metric.direction,
                    ),
                ),
                no_data=metric.target is not None and actual is None,
            )
        )
    return rows
