"""Step 4: Process. What are the numbers per period?

Every metric's value per period (a table), the selected metric's chart over this and the earlier
cycles of the service, and a breakdown by one dimension with "top N + other". Up/down move the
shared metric selection, b steps through the breakdown dimensions, left/right (or tab) move
between panes, [ and ] scroll the periods.

Earlier cycles are computed once in a thread worker (the engine caches), the first time they are
needed, and kept per cycle file version: switching steps never recomputes anything.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.data.results import ComputeResult, MetricSeries
from csi_tui.errors import CsiError
from csi_tui.report.metric_spec import EarlierMarks, build_spec
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.selection import move_metric, selected_metric
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.breakdown import BreakdownTable, top_n_breakdown
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.period_table import PeriodTable, period_grid

HistoryKey = tuple[str, str | None]  # (cycle id, content hash of its file when loaded)


class ProcessScreen(StepScreen):
    STEP = 4

    DEFAULT_CSS = """
    ProcessScreen #process-lower { height: 1fr; min-height: 8; }
    ProcessScreen #process-chart { width: 1fr; }
    ProcessScreen #breakdown { width: 50%; display: none; }
    ProcessScreen #breakdown.-shown { display: block; }
    """
    BINDINGS = [
        Binding("up,k", "metric(-1)", "Metric", show=False, priority=True, id="metric-up"),
        Binding("down,j", "metric(1)", "Metric", key_display="↑↓", priority=True, id="metric-down"),
        Binding("b", "breakdown", "Breakdown", id="breakdown"),
        Binding("left", "pane(-1)", "Pane", show=False, priority=True),
        Binding("right", "pane(1)", "Pane", key_display="←→", priority=True, id="pane"),
        Binding("left_square_bracket", "periods(-1)", "Periods", show=False),
        Binding("right_square_bracket", "periods(1)", "Periods", key_display="[ ]"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dimension: str | None = None  # the breakdown shown, None: no breakdown pane
        self.history: dict[HistoryKey, ComputeResult | None] = {}  # None: could not compute
        self._history_wanted: tuple[HistoryKey, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield PeriodTable(id="periods")
        with Horizontal(id="process-lower"):
            yield MetricChart(id="process-chart")
            yield BreakdownTable(id="breakdown")

    def on_mount(self) -> None:
        if self.app_closed:
            return
        super().on_mount()
        self.query_one("#process-chart", MetricChart).can_focus = True
        self.query_one("#periods", PeriodTable).focus()

    # ------------------------------------------------------------ showing the state
    def show_state(self, state: AppState) -> None:
        cycle = state.cycle
        table = self.query_one("#periods", PeriodTable)
        chart = self.query_one("#process-chart", MetricChart)
        if cycle is None:
            table.border_title = state.busy or "No cycle is open: press o to choose one."
            chart.set_spec(None)
            self._show_breakdown(None, None)
            return
        metric = selected_metric(cycle, state.metric_id)
        table.show_grid(period_grid(cycle, state.compute), metric.id if metric else None)
        if state.compute is None and state.busy:
            table.border_title = f"{state.busy}…"
        if metric is None:
            chart.set_spec(None)
            self._show_breakdown(None, None)
            return
        series = state.compute.metric(metric.id) if state.compute is not None else None
        earlier = self._earlier_series(state.workspace, cycle, metric.id)
        marks = _earlier_marks(state.workspace, metric.id)
        chart.set_spec(
            build_spec(
                metric,
                series,
                None,  # limits and signals belong to step 5; here: the numbers over time
                cycle.analysis.change_date,
                earlier=earlier,
                cycle_label=cycle.id,
                earlier_marks=marks,
            )
        )
        self._show_breakdown(series, metric.top_n)

    def _show_breakdown(self, series: MetricSeries | None, top_n: int | None) -> None:
        pane = self.query_one("#breakdown", BreakdownTable)
        dims = self._dimensions(series)
        if self.dimension is not None and self.dimension not in dims:
            self.dimension = None
        pane.set_class(self.dimension is not None, "-shown")
        if series is None or self.dimension is None:
            pane.show_data(None, "")
            return
        periods = [p.period for p in series.periods]
        data = top_n_breakdown(
            self.dimension,
            series.breakdowns[self.dimension],
            periods,
            top_n,
            summed=series.kind == "count",
        )
        pane.show_data(data, series.unit)

    def _dimensions(self, series: MetricSeries | None) -> list[str]:
        if series is None:
            return []
        cycle = self.csi_app.state.cycle
        metric = cycle.metric(series.metric_id) if cycle is not None else None
        wanted = list(metric.breakdowns) if metric is not None else []
        # the metric's own order first, then whatever else the engine broke it down by
        return [d for d in wanted if d in series.breakdowns] + [
            d for d in series.breakdowns if d not in wanted
        ]

    # ------------------------------------------------------------ earlier cycles
    def _earlier_series(
        self, workspace: Workspace | None, cycle: Cycle, metric_id: str
    ) -> list[tuple[str, MetricSeries]]:
        if workspace is None:
            return []
        earlier = [
            c
            for c in workspace.history(cycle.cycle.service)
            if c.cycle.start < cycle.cycle.start and c.metric(metric_id) is not None
        ]
        keys = tuple((c.id, c.loaded_hash) for c in earlier)
        missing = [c for c, key in zip(earlier, keys, strict=True) if key not in self.history]
        if missing and keys != self._history_wanted:
            self._history_wanted = keys
            self._compute_history(missing)
        found = []
        for c, key in zip(earlier, keys, strict=True):
            result = self.history.get(key)
            series = result.metric(metric_id) if result is not None else None
            if series is not None:
                found.append((c.id, series))
        return found

    @work(thread=True, group="history", exit_on_error=False)
    def _compute_history(self, cycles: list[Cycle]) -> None:
        results: dict[HistoryKey, ComputeResult | None] = {}
        for cycle in cycles:
            try:
                results[(cycle.id, cycle.loaded_hash)] = self.csi_app.services.compute(cycle, None)
            except CsiError:
                # an earlier cycle that no longer computes only drops out of the history chart
                results[(cycle.id, cycle.loaded_hash)] = None
        self.app.call_from_thread(self._history_done, results)

    def _history_done(self, results: dict[HistoryKey, ComputeResult | None]) -> None:
        self.history.update(results)
        self.show_state(self.csi_app.state)

    # ------------------------------------------------------------ keys
    def action_metric(self, step: int) -> None:
        move_metric(self.csi_app, step)

    def action_breakdown(self) -> None:
        state = self.csi_app.state
        cycle = state.cycle
        metric = selected_metric(cycle, state.metric_id) if cycle is not None else None
        series = (
            state.compute.metric(metric.id)
            if metric is not None and state.compute is not None
            else None
        )
        dims = self._dimensions(series)
        if not dims:
            self.notify("This metric has no breakdowns (set metrics.breakdowns in step 2).")
            return
        order: list[str | None] = [*dims, None]
        self.dimension = order[(order.index(self.dimension) + 1) % len(order)]
        self.show_state(state)

    def action_pane(self, step: int) -> None:
        panes: list[Widget] = [
            w
            for w in (
                self.query_one("#periods"),
                self.query_one("#process-chart"),
                self.query_one("#breakdown"),
            )
            if w.id != "breakdown" or w.has_class("-shown")
        ]
        current = self.focused
        index = panes.index(current) if current in panes else -1
        panes[(index + step) % len(panes)].focus()

    def action_periods(self, direction: int) -> None:
        table = self.query_one("#periods", PeriodTable)
        table.scroll_periods(direction)


def _earlier_marks(workspace: Workspace | None, metric_id: str) -> EarlierMarks:
    """Each cycle's change date and the baseline it adopted for the metric (step 7)."""
    if workspace is None:
        return {}
    return {
        c.id: (
            c.analysis.change_date,
            c.adoption.baselines.get(metric_id) if c.adoption is not None else None,
        )
        for c in workspace.cycles
    }
