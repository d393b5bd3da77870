"""The scorecard of step 6: one row per metric for business readers.

Status as glyph AND word (never colour alone), the current value, the target, the change since
the baseline and a sparkline of the periods. ``score_rows`` builds the rows from the results, so
the report and tests can use the same words as the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from csi_tui.analysis.results import STATUS_GLYPHS, STATUS_WORDS, CycleAnalysis, Status
from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult
from csi_tui.tui.widgets.chart_palette import rich_colour
from csi_tui.tui.widgets.formatting import fmt_change, fmt_value, name_with_unit
from csi_tui.tui.widgets.sparkline import sparkline_text

SPARK_WIDTH = 12
NARROW_NAME = 21  # the metric column at 80 columns, unit included
# status -> theme variable of its colour (the glyph and the word carry the meaning as well)
STATUS_COLOURS: dict[str, str] = {
    "met": "csi-improvement",
    "at_risk": "csi-amber",
    "missed": "csi-concern",
    "unknown": "foreground-muted",
}


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

    @property
    def badge(self) -> str:
        return f"{STATUS_GLYPHS[self.status]} {STATUS_WORDS[self.status]}"


def _change_words(change: float | None, unit: str, base: float | None, direction: str) -> str:
    """ "-4.7 h (-44%) better": the sign alone would leave readers to remember the direction."""
    text = fmt_change(change, unit, base)
    if change is None or change == 0 or text == "-":
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
                current=fmt_value(actual, metric.unit),
                period=period,
                target=fmt_value(metric.target, metric.unit),
                change=_change_words(change, metric.unit, metric.baseline, metric.direction),
                spark=sparkline_text(values, SPARK_WIDTH),
                values=tuple(values),
                narrow=(
                    name_with_unit(metric.name, metric.unit, NARROW_NAME),
                    fmt_value(actual, ""),
                    fmt_value(metric.target, ""),
                    _change_words(change, "", None, metric.direction),
                ),
            )
        )
    return rows


class Scorecard(DataTable[Text | str]):
    """A read-only table of ScoreRows; the cursor picks a metric (shared with steps 4 and 5)."""

    DEFAULT_CSS = "Scorecard { height: auto; max-height: 100%; }"
    COLUMNS = ("Status", "Metric", "Now", "Target", "Since baseline", "Trend")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.rows_shown: list[ScoreRow] = []
        self._wide = False

    def on_mount(self) -> None:
        # status colours come from the theme: repaint the rows when it changes
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())

    def on_resize(self) -> None:
        if self.rows_shown and (self.size.width >= 90) != self._wide:
            self._repaint()

    def _repaint(self) -> None:
        rows, self.rows_shown = self.rows_shown, []
        self.show_rows(rows)

    def show_rows(self, rows: Sequence[ScoreRow]) -> None:
        if list(rows) == self.rows_shown:
            return
        self.rows_shown = list(rows)
        variables = self.app.theme_variables
        # At 80 columns units move into the name column, long names and the sparkline give
        # way, so every column fits without scrolling (the conclusions carry the full names).
        self._wide = self.size.width >= 90
        spark_width = SPARK_WIDTH if self._wide else 8
        # columns too: their widths follow the content, which changes with the layout
        self.clear(columns=True)
        for label in self.COLUMNS:
            self.add_column(label, key=label)
        for row in rows:
            colour = rich_colour(variables, STATUS_COLOURS[row.status])
            self.add_row(
                Text(row.badge, style=f"bold {colour}".strip()),
                row.name if self._wide else row.narrow[0],
                Text(row.current if self._wide else row.narrow[1], justify="right"),
                Text(row.target if self._wide else row.narrow[2], justify="right"),
                Text(row.change if self._wide else row.narrow[3], justify="right"),
                sparkline_text(row.values, spark_width),
                key=row.metric_id,
            )
