"""Step 2: Measures. The metrics table; gaps stand out; the selected metric in full."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.tui import editing
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.label_grid import Row, label_grid
from csi_tui.tui.widgets.sortable_table import clip

# The numbers first so they fit 80 columns; the rest scrolls sideways and the panel has it all.
METRIC_HEADERS = (
    "gap",
    "metric",
    "unit",
    "better",
    "baseline",
    "target",
    "amber",
    "type",
    "CSF",
    "kpi / formula",
    "source",
)


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def metric_gap(metric: Metric, compute: Any | None) -> str:
    """Glyph and word: no data (once computed), no baseline, or OK."""
    if compute is not None:
        series = compute.metric(metric.id)
        if series is None or all(p.value is None for p in series.periods):
            return "✖ NO DATA"
    if metric.baseline is None:
        return "○ NO BASELINE"
    return "✔ OK" if compute is not None else "… pending"


def metric_row(metric: Metric, compute: Any | None) -> tuple[str, ...]:
    return (
        metric_gap(metric, compute),
        clip(metric.name, 22),
        metric.unit or "—",
        "▼ lower" if metric.direction == "lower" else "▲ higher",
        number(metric.baseline),
        number(metric.target),
        number(metric.amber),
        metric.type,
        metric.csf or "—",
        clip(metric.kpi or (metric.formula or "—"), 24),
        metric.source,
    )


def metric_definition(cycle: Cycle, metric: Metric, compute: Any | None) -> Group:
    """The metric in full: a heading, its description, then label / value columns (a long filter
    or formula wraps under its own text)."""
    text = Text()
    text.append(f"{metric.name}", style="bold")
    text.append(f"  ({metric.id}, {metric.type} metric)")
    if metric.description:
        text.append("\n" + " ".join(metric.description.split()))
    csf = next((c for c in cycle.strategy.csfs if c.id == metric.csf), None)
    rows: list[Row] = [
        ("serves", f"{csf.id} {csf.name}" if csf else (metric.csf or "no CSF")),
        ("computes", f"kpi = {metric.kpi}" if metric.kpi else f"formula = {metric.formula}"),
        ("filter", metric.filter or "none"),
        ("direction", f"{metric.direction} is better"),
        (
            "baseline",
            f"{number(metric.baseline)} {metric.unit}".strip()
            + ("" if metric.baseline is not None else "  ○ NO BASELINE: set `baseline`"),
        ),
        ("target", f"{number(metric.target)} {metric.unit}".strip()),
        ("amber", f"{number(metric.amber)} {metric.unit}".strip()),
        ("by", str(metric.target_date) if metric.target_date else "end of cycle"),
        ("source", metric.source),
        ("guardrails", ", ".join(metric.guardrails) or "none"),
        ("breakdowns", ", ".join(metric.breakdowns) or "none"),
    ]
    if metric.options:
        rows.append(("options", ", ".join(f"{k}={v}" for k, v in metric.options.items())))
    gap = metric_gap(metric, compute)
    if gap.startswith("✖"):
        no_data = "✖ NO DATA: no period has a value; check the source on step 3."
        rows.append(("", Text(no_data, style="bold")))
    return Group(text, label_grid(rows, label_width=10))


class MeasuresScreen(StepScreen):
    STEP = 2
    DEFAULT_CSS = """
    MeasuresScreen #metrics { height: 1fr; min-height: 5; }
    MeasuresScreen #definition {
        height: 1fr; max-height: 12; border-top: solid $primary; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("e", "edit_metric", "Edit metric", id="edit-metric"),
        Binding("plus,insert", "add_metric", "Add", key_display="+", show=False, id="add-metric"),
        Binding(
            "delete", "remove_metric", "Remove", key_display="del", show=False, id="remove-metric"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="metrics", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="definition"):
            yield Static(id="definition-text")

    def on_mount(self) -> None:
        if self.app_closed:
            return
        self.query_one("#metrics", DataTable).add_columns(*METRIC_HEADERS)
        super().on_mount()
        self.query_one("#metrics", DataTable).focus()

    def show_state(self, state: AppState) -> None:
        table: DataTable[str] = self.query_one("#metrics", DataTable)
        cycle = state.cycle
        metrics = cycle.metrics if cycle else ()
        if self._shown.changed(cycle, state.compute):  # rebuild only when the data changed
            table.clear()
            for metric in metrics:
                table.add_row(*metric_row(metric, state.compute), key=metric.id)
        if state.metric_id and cycle and cycle.metric(state.metric_id):
            index = table.get_row_index(state.metric_id)
            if table.cursor_row != index:
                table.move_cursor(row=index)
        self._show_definition(state)

    def _show_definition(self, state: AppState) -> None:
        cycle = state.cycle
        metric = cycle.metric(state.metric_id) if cycle and state.metric_id else None
        text = (
            metric_definition(cycle, metric, state.compute)
            if cycle and metric
            else Text("No metric selected.", style="italic")
        )
        self.query_one("#definition-text", Static).update(text)

    def action_edit_metric(self) -> None:
        editing.edit_metric(self.csi_app)

    def action_add_metric(self) -> None:
        editing.add_metric(self.csi_app)

    def action_remove_metric(self) -> None:
        editing.remove_metric(self.csi_app)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.csi_app.select_metric(str(event.row_key.value))
