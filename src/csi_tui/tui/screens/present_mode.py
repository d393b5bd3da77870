"""Presentation mode (``p``, from step 6): the scorecard and the selected metric's chart full
screen, for a projector. No footer, no step bar: one hint line. The status of the selected metric
in large bold words and its value in big digits; up/down (or left/right) move through the
metrics, escape leaves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from csi_tui.analysis.results import CycleAnalysis
from csi_tui.report.metric_spec import build_spec
from csi_tui.tui.host import CsiHost, as_host
from csi_tui.tui.screens.selection import move_metric, selected_metric
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.chart_palette import rich_colour
from csi_tui.tui.widgets.meeting_bar import MeetingBar
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.scorecard import STATUS_COLOURS, Scorecard, score_rows

HINT = "↑↓ or ←→ metric · escape or p leaves presentation mode"
DIGITS = set("0123456789+-.,:")


class PresentMode(Screen[None]):
    DEFAULT_CSS = """
    PresentMode { layout: vertical; }
    PresentMode #present-title { height: 1; text-style: bold; padding: 0 1; }
    PresentMode #present-card { height: auto; max-height: 12; }
    PresentMode #present-focus { height: 3; padding: 0 1; }
    PresentMode #present-status { width: auto; min-width: 16; content-align: left middle;
        height: 3; padding: 0 2 0 0; }
    PresentMode #present-value { width: auto; }
    PresentMode #present-detail { width: 1fr; height: 3; content-align: left middle;
        padding: 0 0 0 2; }
    PresentMode #present-chart { height: 1fr; }
    PresentMode #present-hint { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("up,k,left", "metric(-1)", "Metric", show=False, priority=True, id="present-up"),
        Binding("down,j,right", "metric(1)", "Metric", show=False, priority=True,
                id="present-down"),
        Binding("escape,p", "leave", "Leave", show=False, id="present-leave"),
    ]  # fmt: skip

    @property
    def csi_app(self) -> CsiHost:
        return as_host(self.app)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="present-title", markup=False)
            yield MeetingBar(id="meeting-bar")  # the clock stays in sight while presenting
            yield Scorecard(id="present-card")
            with Horizontal(id="present-focus"):
                yield Static(id="present-status")
                yield Digits("", id="present-value")
                yield Static(id="present-detail")
            yield MetricChart(id="present-chart")
            yield Static(HINT, id="present-hint", markup=False)

    def on_mount(self) -> None:
        card = self.query_one("#present-card", Scorecard)
        card.can_focus = False  # the keys move the shared selection, not the table's cursor
        self.watch(self.app, "state", self.show_state, init=True)

    def show_state(self, state: AppState) -> None:
        cycle = state.cycle
        if cycle is None:
            self.query_one("#present-title", Static).update("No cycle is open.")
            return
        analysis = state.analysis if isinstance(state.analysis, CycleAnalysis) else None
        rows = score_rows(cycle, state.compute, analysis)
        card = self.query_one("#present-card", Scorecard)
        card.show_rows(rows)
        metric = selected_metric(cycle, state.metric_id)
        if metric is None:
            return
        index = [m.id for m in cycle.metrics].index(metric.id)
        if card.row_count and card.cursor_row != index:
            card.move_cursor(row=index, animate=False)
        row = rows[index]
        period = f", latest period {row.period}" if row.period else ""
        self.query_one("#present-title", Static).update(
            f"{cycle.cycle.service} · {cycle.cycle.title}{period}"
        )
        colour = rich_colour(self.app.theme_variables, STATUS_COLOURS[row.status])
        status = Text(f"\n{row.badge}", style=f"bold {colour}".strip())
        self.query_one("#present-status", Static).update(status)
        number = row.narrow[1]
        self.query_one("#present-value", Digits).update(number if set(number) <= DIGITS else "")
        detail = Text()
        detail.append(f"{metric.name}", style="bold")
        detail.append(f"\nnow {row.current} · target {row.target}")
        detail.append(f"\nsince baseline {row.change}")
        self.query_one("#present-detail", Static).update(detail)
        series = state.compute.metric(metric.id) if state.compute is not None else None
        found = analysis.metric(metric.id) if analysis is not None else None
        chart = self.query_one("#present-chart", MetricChart)
        chart.set_spec(build_spec(metric, series, found, cycle.analysis.change_date))

    def action_metric(self, step: int) -> None:
        move_metric(self.csi_app, step)

    def action_leave(self) -> None:
        self.dismiss()
