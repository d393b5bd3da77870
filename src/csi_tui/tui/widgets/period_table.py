"""Step 4's table of every metric per period: metrics as rows, periods as columns.

Rows are metrics so up/down moves the shared metric selection; the latest periods are scrolled
into view. A period that is not over yet is marked ○ in its header (and explained in the title).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult
from csi_tui.tui.widgets.formatting import fmt_fixed, name_with_unit, row_decimals

INCOMPLETE_MARK = "○"
NAME_WIDTH = 26


@dataclass(frozen=True)
class PeriodGrid:
    periods: tuple[str, ...]
    incomplete: frozenset[str]
    rows: tuple[tuple[str, str, tuple[str, ...]], ...]  # (metric id, "name (unit)", cells)


def period_grid(cycle: Cycle, compute: ComputeResult | None) -> PeriodGrid:
    """Every metric's value per period, the union of all periods in time order."""
    starts: dict[str, date] = {}
    incomplete: set[str] = set()
    if compute is not None:
        for each in compute.metrics:
            for p in each.periods:
                starts.setdefault(p.period, p.start)
                if not p.complete:
                    incomplete.add(p.period)
    periods = tuple(sorted(starts, key=lambda label: (starts[label], label)))
    rows = []
    for metric in cycle.metrics:
        series = compute.metric(metric.id) if compute is not None else None
        values = {p.period: p.value for p in series.periods} if series is not None else {}
        # the names column stays fixed while periods scroll: keep it narrow
        name = name_with_unit(metric.name, metric.unit, NAME_WIDTH)
        decimals = row_decimals([v for v in values.values() if v is not None])
        cells = tuple(
            fmt_fixed(values[p], decimals) if p in values else "" if series is None else "-"
            for p in periods
        )
        rows.append((metric.id, name, cells))
    return PeriodGrid(periods, frozenset(incomplete), tuple(rows))


class PeriodTable(DataTable[Text | str]):
    DEFAULT_CSS = """
    PeriodTable {
        height: auto; max-height: 40%; border: round $border-blurred;
        border-title-color: $foreground; border-title-style: bold;
    }
    PeriodTable:focus { border: round $border; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.grid: PeriodGrid | None = None
        self.fixed_columns = 1  # the metric names stay while the periods scroll

    def show_grid(self, grid: PeriodGrid, selected: str | None) -> None:
        if grid != self.grid:
            self.grid = grid
            self.clear(columns=True)
            self.add_column("Metric", key="metric")
            for period in grid.periods:
                mark = f" {INCOMPLETE_MARK}" if period in grid.incomplete else ""
                self.add_column(Text(f"{period}{mark}", justify="right"), key=period)
            for metric_id, name, cells in grid.rows:
                self.add_row(name, *(Text(c, justify="right") for c in cells), key=metric_id)
            note = f"  {INCOMPLETE_MARK} period not over yet" if grid.incomplete else ""
            self.border_title = f"Values per period{note}"
            # the latest periods matter most: show them first
            self.call_after_refresh(self._scroll_to_latest)
        self.select(selected)

    def _scroll_to_latest(self) -> None:
        self.scroll_to(x=self.max_scroll_x, animate=False)

    def select(self, metric_id: str | None) -> None:
        if self.grid is None:
            return
        ids: Sequence[str] = [row[0] for row in self.grid.rows]
        if metric_id in ids and self.cursor_row != ids.index(metric_id):
            self.move_cursor(row=ids.index(metric_id), animate=False)
