"""Breakdowns of a metric by one dimension (priority, group, category...): top N + "other".

The engine may hand over every group; the largest ``top_n`` by tickets are kept and the rest are
merged into "other" (counts are summed, other values averaged weighted by their tickets), so the
table stays readable at 80x24 while nothing is left out of the totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from csi_tui.analysis import fmt
from csi_tui.data.results import BreakdownValue
from csi_tui.report.sparkline import sparkline_text

OTHER = "other"
DEFAULT_TOP_N = 5


@dataclass(frozen=True)
class BreakdownRow:
    group: str
    values: tuple[float | None, ...]  # one per period, in ``periods`` order
    n: int  # tickets behind the group over all periods


@dataclass(frozen=True)
class BreakdownTableData:
    dimension: str
    periods: tuple[str, ...]
    rows: tuple[BreakdownRow, ...]


def _merge(items: Sequence[BreakdownValue], summed: bool) -> float | None:
    known = [b for b in items if b.value is not None]
    if not known:
        return None
    if summed:
        return sum(b.value for b in known if b.value is not None)
    weight = sum(b.n for b in known)
    if weight == 0:
        return sum(b.value for b in known if b.value is not None) / len(known)
    return sum(b.value * b.n for b in known if b.value is not None) / weight


def top_n_breakdown(
    dimension: str,
    values: Sequence[BreakdownValue],
    periods: Sequence[str],
    top_n: int | None = None,
    summed: bool = False,
) -> BreakdownTableData:
    """Rows for the ``top_n`` groups with the most tickets, then one "other" row for the rest."""
    keep_n = top_n or DEFAULT_TOP_N
    totals: dict[str, int] = defaultdict(int)
    for item in values:
        totals[item.group] += item.n
    ranked = sorted((g for g in totals if g != OTHER), key=lambda g: (-totals[g], g))
    kept = ranked[:keep_n]
    rest = set(ranked[keep_n:]) | ({OTHER} if OTHER in totals else set())
    by_cell: dict[tuple[str, str], list[BreakdownValue]] = defaultdict(list)
    for item in values:
        group = item.group if item.group in kept else OTHER
        by_cell[(group, item.period)].append(item)
    rows = [
        BreakdownRow(g, tuple(_merge(by_cell[(g, p)], summed) for p in periods), totals[g])
        for g in kept
    ]
    if rest:
        rows.append(
            BreakdownRow(
                OTHER,
                tuple(_merge(by_cell[(OTHER, p)], summed) for p in periods),
                sum(totals[g] for g in rest),
            )
        )
    return BreakdownTableData(dimension, tuple(periods), tuple(rows))


class BreakdownTable(DataTable[Text | str]):
    """Group, the latest periods' values, tickets and a sparkline over all periods."""

    DEFAULT_CSS = """
    BreakdownTable {
        height: 1fr; border: round $border-blurred;
        border-title-color: $foreground; border-title-style: bold;
    }
    BreakdownTable:focus { border: heavy $border; }  /* heavy: seen without colour too */
    """
    MAX_LATEST = 3  # period columns shown at most; the sparkline covers the rest

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(cursor_type="none", zebra_stripes=True, name=name, id=id, classes=classes)
        self.data: BreakdownTableData | None = None
        self.unit = ""
        self._latest = 0

    def _fitting_periods(self) -> int:
        """As many period columns as fit beside group, n and trend (at least the latest)."""
        return max(1, min(self.MAX_LATEST, (self.size.width - 32) // 10 + 1))

    def on_resize(self) -> None:
        if self.data is not None and self._fitting_periods() != self._latest:
            data, self.data = self.data, None
            self.show_data(data, self.unit)

    def show_data(self, data: BreakdownTableData | None, unit: str) -> None:
        if data == self.data and unit == self.unit:
            return
        self.data, self.unit = data, unit
        self._latest = self._fitting_periods()
        self.clear(columns=True)
        if data is None:
            self.border_title = "Breakdown"
            return
        self.border_title = f"by {data.dimension} (b: next)"
        shown = data.periods[-self._latest :]
        self.add_column(data.dimension, key="group")
        for period in shown:
            self.add_column(Text(period, justify="right"), key=period)
        self.add_column(Text("n", justify="right"), key="n")
        self.add_column("trend", key="trend")
        first = len(data.periods) - len(shown)
        for row in data.rows:
            self.add_row(
                Text(row.group, style="italic" if row.group == OTHER else ""),
                *(Text(fmt.value(v, unit, "compact"), justify="right") for v in row.values[first:]),
                Text(f"{row.n:,}", justify="right"),
                sparkline_text(row.values, 8),
                key=row.group,
            )
