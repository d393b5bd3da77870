"""Step 4's table of every metric per period: metrics as rows, periods as columns.

Rows are metrics so up/down moves the shared metric selection; the latest periods are scrolled
into view. An incomplete period (not over yet, or cut off by the end of the data) is marked ○
in its header (and explained in the title).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from csi_tui.analysis import fmt
from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult
from csi_tui.report.formatting import name_with_unit

INCOMPLETE_MARK = "○"
NAME_WIDTH = 26
ALIGN_TRIES = 4  # layouts to wait for the padding to settle
PAD = "pad"  # the key of the empty column that lines the periods up (see below)


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
        decimals = fmt.row_decimals(values.values(), metric.unit)
        cells = tuple(
            fmt.fixed(values[p], decimals) if p in values else "" if series is None else fmt.MISSING
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
    PeriodTable:focus { border: heavy $border; }  /* heavy: seen without colour too */
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, name=name, id=id, classes=classes)
        self.grid: PeriodGrid | None = None
        self.fixed_columns = 1  # the metric names stay while the periods scroll
        self._latest_pending = False  # scroll to the latest periods once laid out
        self._width = 0
        self._align_tries = 0

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
            # "not over yet" would be wrong for a past period the export ends in the middle of
            note = f"  {INCOMPLETE_MARK} incomplete (not over, or past the data's end)"
            note = note if grid.incomplete else ""
            self.border_title = f"Values per period{note}"
            # the latest periods matter most: show them first
            self.call_after_refresh(self._scroll_to_latest)
        self.select(selected)

    def _scroll_to_latest(self) -> None:
        # A table filled before it is laid out at its height (a step built ahead of its visit)
        # cannot scroll yet: do it again when it gets its size.
        self._latest_pending = not self.allow_horizontal_scroll
        self._align_tries = ALIGN_TRIES
        self._align_latest()

    def _align_latest(self) -> None:
        """Pad, then scroll to the end. The padding depends on the width the periods get, which
        moves while the table settles (a vertical scrollbar comes and goes): pad again after the
        next layout until the padding stays the same."""
        changed = self._pad_to_whole_columns()
        self.scroll_to(x=self.max_scroll_x, animate=False)
        if changed and self._align_tries > 0:
            self._align_tries -= 1
            self.call_after_refresh(self._align_latest)

    def _pad_to_whole_columns(self) -> bool:
        """Scrolled to the end, the first period beside the names would show cut ("6-06" for
        2026-06): an empty column after the latest period makes the periods that fit start on a
        column boundary, so every period shown is shown whole. True when the padding changed."""
        before = self.columns[ColumnKey(PAD)].width if PAD in self.columns else None
        pad = self._padding_needed()
        if pad == before:
            return False
        if PAD in self.columns:
            self.remove_column(PAD)
        if pad is not None:
            self.add_column("", width=pad, key=PAD, default="")
        return True

    def _padding_needed(self) -> int | None:
        """The content width of the padding column, or None when no padding is needed."""
        keys = [k for k in self.columns if k != PAD]
        if len(keys) < 2 or self.scrollable_content_region.width <= 0:
            return None
        widths = [self.columns[k].get_render_width(self) for k in keys]
        room = self.scrollable_content_region.width - widths[0]
        if sum(widths[1:]) <= room:
            return None  # every period fits: nothing scrolls
        used, fitting = 0, []
        for width in reversed(widths[1:]):
            if used + width > room:
                break
            used += width
            fitting.append(width)
        pad = room - used
        if pad == 1 and fitting:  # a column is at least 2 cells (its padding): show one less
            pad += fitting[-1]
        return pad - 2 * self.cell_padding if pad >= 2 else None

    def period_widths(self) -> list[int]:
        """The width of each period column (the scrolled part, after the names)."""
        keys = list(self.columns)[self.fixed_columns :]
        return [self.columns[k].get_render_width(self) for k in keys if k != PAD]

    def scroll_periods(self, direction: int) -> None:
        """Scroll back (-1) or forward (1) by whole periods, about half the view at a time, so
        the period beside the names is never shown cut; at either end, to that end."""
        widths = self.period_widths()
        if not widths:
            return
        starts = list(accumulate(widths[:-1], initial=0))
        names = sum(
            self.columns[k].get_render_width(self) for k in list(self.columns)[: self.fixed_columns]
        )
        room = self.scrollable_content_region.width - names
        step = max(1, (room // 2) // max(widths))
        here = max(i for i, start in enumerate(starts) if start <= self.scroll_x)
        index = max(0, min(len(starts) - 1, here + direction * step))
        self.scroll_to(x=min(starts[index], self.max_scroll_x), animate=False)

    def on_resize(self, _event: events.Resize) -> None:
        if self._latest_pending or (self.grid is not None and self.size.width != self._width):
            self._scroll_to_latest()
        self._width = self.size.width

    def select(self, metric_id: str | None) -> None:
        if self.grid is None:
            return
        ids: Sequence[str] = [row[0] for row in self.grid.rows]
        if metric_id in ids and self.cursor_row != ids.index(metric_id):
            self.move_cursor(row=ids.index(metric_id), animate=False)
