"""Step 5: Analyse. Did the results meet the expectation?

A metrics list (value and status glyph), the chart of the selected metric (actual against
target and baseline, control limits, the change date, signals) and the numbers in sentences:
Status, Shift, Trend, Assure, Guard and the verdict. Up/down move through the metrics; the
selection is the app's shared ``metric_id``.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from csi_tui.analysis import fmt
from csi_tui.analysis.results import (
    LABEL_GLYPHS,
    STATUS_GLYPHS,
    CycleAnalysis,
    MetricAnalysis,
)
from csi_tui.cycle.model import Cycle
from csi_tui.report.metric_spec import build_spec
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.selection import move_metric, selected_metric
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.chart_palette import rich_colour
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.metric_list import NARROW_LIST, WIDE_LIST, MetricItem, MetricList
from csi_tui.tui.widgets.scorecard import STATUS_COLOURS

# The rows of the numbers panel after the verdict, in the order a reviewer reads them.
WIDE_SCREEN = 110
ROWS = (("status", "Status"), ("shift", "Shift"), ("trend", "Trend"), ("assure", "Assure"))


def verdict_extra(found: MetricAnalysis) -> list[str]:
    """The verdict's sentences that no row below says already: the movement (the first sentence
    before its shift and assurance parts, which have rows of their own), the trend's reach, the
    latest signal. The status and the flagged guardrails have their rows."""
    if not found.verdict:
        return []
    status = f"Status {found.expectation.word}:"
    guards = {f.sentence[:1].upper() + f.sentence[1:] + "." for f in found.flagged_guardrails}
    first = found.verdict[0].split("; ", 1)[0].removesuffix(".") + "."
    rest = [s for s in found.verdict[1:] if not s.startswith(status) and s not in guards]
    return [first, *rest]


def numbers_text(found: MetricAnalysis, colours: dict[str, str]) -> Table:
    """The numbers in sentences, one row per topic; every glyph has its word beside it.

    Status, Shift, Trend, Assure and Guard first, as the DESIGN sketch of step 5 has them: at
    80x24 those five are what must be visible without scrolling. The verdict's sentences that say
    something else (the movement, when the target is reached, the latest signal) come next, each
    thing said once."""
    rows: list[tuple[str, Text]] = []
    lines = dict(found.lines)
    exp = found.expectation
    for key, title in ROWS:
        body = lines.get(key)
        if key == "status":
            text = Text()
            text.append(exp.badge, style=f"bold {colours.get(exp.status, '')}".strip())
            # the analysis' status line may start with the badge itself: say it once
            rest = (body or "").removeprefix(exp.badge).strip()
            if rest:
                text.append(f"  {rest}")
            rows.append((title, text))
        elif body:
            rows.append((title, Text(body)))
    flagged = found.flagged_guardrails
    for flag in flagged:
        text = Text()
        text.append(f"{LABEL_GLYPHS['concern']} concern ", style=f"bold {colours['concern']}")
        rows.append(("Guard", text.append(flag.sentence)))
    if not flagged and lines.get("guard"):
        rows.append(("Guard", Text(lines["guard"])))
    for index, sentence in enumerate(verdict_extra(found)):
        rows.append(("Verdict" if index == 0 else "", Text(sentence, style="bold")))
    for warning in found.warnings:
        rows.append(("Note", Text(warning, style="italic")))
    # A grid, so a long sentence wraps under its own column instead of under the titles.
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=7, no_wrap=True)
    table.add_column(ratio=1)
    for title, text in rows:
        table.add_row(Text(title, style="bold"), text)
    return table


def short_unit(unit: str) -> str:
    """Units of up to three characters stay in the narrow list; longer ones ("tickets") are left
    to the chart title and the sentences, so the metric names keep their room."""
    return unit if len(unit) <= 3 else ""


def metric_items(
    cycle: Cycle, analysis: CycleAnalysis | None, colours: dict[str, str], compute: object
) -> list[MetricItem]:
    from csi_tui.data.results import ComputeResult

    items = []
    for metric in cycle.metrics:
        found = analysis.metric(metric.id) if analysis is not None else None
        if found is not None:
            exp = found.expectation
            value, glyph, colour = exp.actual, exp.glyph, colours.get(exp.status, "")
            word = exp.word
        else:
            series = compute.metric(metric.id) if isinstance(compute, ComputeResult) else None
            latest = (
                next((p.value for p in reversed(series.periods) if p.value is not None), None)
                if series is not None
                else None
            )
            value, glyph, colour = latest, STATUS_GLYPHS["unknown"], ""
            word = "UNKNOWN"  # not analysed (yet)
        items.append(
            MetricItem(
                metric.id,
                metric.name,
                fmt.value(value, short_unit(metric.unit), "compact"),
                glyph,
                colour,
                word,
            )
        )
    return items


class AnalyseScreen(StepScreen):
    STEP = 5

    DEFAULT_CSS = """
    AnalyseScreen #analyse-top { height: 1fr; min-height: 8; }
    AnalyseScreen #analyse-chart { width: 1fr; }
    AnalyseScreen #numbers {
        height: auto; max-height: 9; padding: 0 1; scrollbar-size-vertical: 1;
    }
    """
    BINDINGS = [
        Binding("up,k", "metric(-1)", "Metric", show=False, priority=True, id="metric-up"),
        Binding("down,j", "metric(1)", "Metric", key_display="↑↓", priority=True, id="metric-down"),
        Binding("pageup", "scroll_numbers(-1)", "Scroll", show=False, priority=True),
        Binding("pagedown", "scroll_numbers(1)", "More", key_display="PgDn", priority=True),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="analyse-top"):
            yield MetricList(id="metric-list")
            yield MetricChart(id="analyse-chart")
        with VerticalScroll(id="numbers", can_focus=False):
            yield Static(id="numbers-text")

    def _colours(self) -> dict[str, str]:
        variables = self.app.theme_variables
        colours = {status: rich_colour(variables, var) for status, var in STATUS_COLOURS.items()}
        colours["concern"] = rich_colour(variables, "csi-concern", "error")
        return colours

    def on_resize(self) -> None:
        if self.app_closed:
            return
        # At 110 columns and more the list has room for each status word beside its glyph.
        wide = self.app.size.width >= WIDE_SCREEN
        self.query_one("#metric-list", MetricList).styles.width = WIDE_LIST if wide else NARROW_LIST

    def show_state(self, state: AppState) -> None:
        cycle = state.cycle
        chart = self.query_one("#analyse-chart", MetricChart)
        numbers = self.query_one("#numbers-text", Static)
        metric_list = self.query_one("#metric-list", MetricList)
        if cycle is None:
            metric_list.show_items([], None)
            chart.set_spec(None)
            numbers.update(state.busy or "No cycle is open: press o to choose one.")
            return
        colours = self._colours()
        analysis = state.analysis if isinstance(state.analysis, CycleAnalysis) else None
        metric = selected_metric(cycle, state.metric_id)
        metric_list.show_items(
            metric_items(cycle, analysis, colours, state.compute),
            metric.id if metric else None,
        )
        if metric is None:
            chart.set_spec(None)
            numbers.update("This cycle has no metrics yet: define them in step 2.")
            return
        series = state.compute.metric(metric.id) if state.compute is not None else None
        found = analysis.metric(metric.id) if analysis is not None else None
        chart.set_spec(build_spec(metric, series, found, cycle.analysis.change_date))
        if found is not None:
            numbers.update(numbers_text(found, colours))
        elif state.busy:
            numbers.update(f"{state.busy}…")
        else:
            numbers.update(
                f"No analysis for {metric.name}: see the problems above, or step 3 for its data."
            )

    def action_metric(self, step: int) -> None:
        move_metric(self.csi_app, step)

    def action_scroll_numbers(self, direction: int) -> None:
        panel = self.query_one("#numbers", VerticalScroll)
        panel.scroll_relative(y=direction * max(1, panel.size.height - 1), animate=False)
