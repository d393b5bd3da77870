"""What the data engine hands to the analysis, the report, the JSON output and the TUI.

Frozen dataclasses; polars frames only where the values are per ticket (analysis needs them for
before/after tests) or for previews. ``csi_tui.report.compute_json`` turns these into the
documented JSON (``docs/compute-json.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import polars as pl

from csi_tui.data.kpi_registry import Kind
from csi_tui.errors import Problem

FindingSeverity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Finding:
    """A data-quality finding: shown before any number is believed."""

    severity: FindingSeverity
    code: str  # stable id, e.g. "duplicate_keys", "resolved_before_opened", "incomplete_period"
    message: str  # what was found, with counts
    advice: str = ""  # what to do about it
    source: str | None = None
    metric: str | None = None
    column: str | None = None
    period: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class DropCount:
    reason: str  # e.g. "filter: state = 'Cancelled'", "opened_at unparseable"
    count: int


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    dtype: str
    nulls: int


@dataclass(frozen=True)
class SourceReport:
    """Step 3: how trustworthy one source is."""

    id: str
    files: tuple[str, ...]
    rows_read: int  # rows in the files (events, for an event log)
    rows_kept: int  # rows the metrics use (tickets, after any rollup)
    # Rows left out, with reasons: events without an order time, rows without a date or failing
    # the filter. Events a roll-up merged into their ticket are not among them (``merged``).
    dropped: tuple[DropCount, ...] = ()
    rolled_up_from: int | None = None  # events before rollup, when it is an event log
    rolled_up_to: int | None = None  # tickets the rollup made (before the ticket-level drops)
    date_column: str | None = None
    date_min: datetime | None = None
    date_max: datetime | None = None
    columns: tuple[ColumnInfo, ...] = ()
    findings: tuple[Finding, ...] = ()
    preview: pl.DataFrame | None = field(default=None, compare=False)  # first rows, for the TUI

    @property
    def merged(self) -> int:
        """Events a roll-up merged into their tickets: rows_read = rows_kept + merged + dropped."""
        if self.rolled_up_from is None or self.rolled_up_to is None:
            return 0
        return self.rolled_up_from - self.rolled_up_to

    @property
    def rows_dropped(self) -> int:
        return sum(d.count for d in self.dropped)


@dataclass(frozen=True)
class PeriodValue:
    period: str  # label: "2026-03-04" (day), "2026-W10" (week), "2026-03" (month), "2026-Q1"
    start: date
    end: date  # exclusive
    value: float | None  # None: no data in the period
    n: int  # rows (tickets, outages, or source rows) behind the value
    complete: bool = True  # False for a period not over yet or cut off


@dataclass(frozen=True)
class BreakdownValue:
    group: str  # the breakdown value, or "other"
    period: str
    value: float | None
    n: int


@dataclass(frozen=True)
class MetricSeries:
    """Step 4: a metric's value per period."""

    metric_id: str
    unit: str
    periods: tuple[PeriodValue, ...]
    # breakdown column -> values per group and period
    breakdowns: Mapping[str, tuple[BreakdownValue, ...]] = field(default_factory=dict)
    # Per-ticket values behind the metric, for before/after tests: columns ``at`` (Datetime, the
    # time the value belongs to, e.g. resolved_at) and ``value`` (Float64; for rate KPIs Boolean,
    # the 0/1 outcome: cast it to Float64 to test it).
    # Only kept when the cycle has a change date (the before/after test is their one reader, and
    # on a large source they are much of the memory); None otherwise, and for metrics without
    # ticket-level values (volume, pre-aggregated sources).
    observations: pl.DataFrame | None = field(default=None, compare=False)
    kind: Kind = "custom"
    findings: tuple[Finding, ...] = ()
    # How many per-ticket values there are (rows inside the cycle's window), kept or not; None
    # when the metric has none.
    observation_count: int | None = None

    @property
    def observations_n(self) -> int | None:
        """The number of per-ticket values, whether or not they were kept."""
        if self.observations is not None:
            return self.observations.height
        return self.observation_count


@dataclass(frozen=True)
class ComputeResult:
    cycle_id: str
    grain: str
    timezone: str
    sources: tuple[SourceReport, ...]
    metrics: tuple[MetricSeries, ...]
    findings: tuple[Finding, ...] = ()  # cycle-level findings
    computed_at: datetime | None = None
    # What stopped a source or a metric (file, key, what is wrong, what to do), for the CLI's
    # stderr; each also appears as an error finding. Empty when everything could be computed.
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def has_errors(self) -> bool:
        """Any error-severity finding: something could not be computed or is not believable."""
        return any(
            f.severity == "error"
            for f in (
                *self.findings,
                *(f for s in self.sources for f in s.findings),
                *(f for m in self.metrics for f in m.findings),
            )
        )

    def metric(self, metric_id: str) -> MetricSeries | None:
        return next((m for m in self.metrics if m.metric_id == metric_id), None)

    def source(self, source_id: str) -> SourceReport | None:
        return next((s for s in self.sources if s.id == source_id), None)
