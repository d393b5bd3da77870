"""A cycle file's data sources (``[[sources]]``, step 3), as typed immutable dataclasses: which
file, how to parse it, how its columns map onto the canonical ones the KPIs read, and how an
event log becomes one row per ticket.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

SourceFormat = Literal["csv", "tsv", "parquet", "ndjson", "json", "excel"]
# tickets: one row per ticket (after any rollup); periodic: one row per period with a value
# (monitoring exports); outages: one row per outage window (start, end) for availability / MTBF.
SourceKind = Literal["tickets", "periodic", "outages"]
Keep = Literal["first", "last"]

SOURCE_FORMATS: tuple[str, ...] = get_args(SourceFormat)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

# Canonical column names the KPIs read; presets and ``columns`` map file columns onto them.
CANONICAL_COLUMNS: Mapping[str, str] = {
    "ticket_id": "ticket number / key",
    "opened_at": "when the ticket was opened (datetime)",
    "resolved_at": "when it was resolved (datetime, null while open)",
    "closed_at": "when it was closed (datetime)",
    "priority": "priority or impact",
    "state": "current state",
    "assignment_group": "the group working on it",
    "category": "category",
    "service": "business service / product",
    "reopen_count": "times reopened (int)",
    "reassignment_count": "times reassigned (int)",
    "made_sla": "met its SLA (bool)",
    "escalated": "escalated (bool)",
    "major": "a major incident (bool)",
    "start": "outage start (datetime; outages source)",
    "end": "outage end (datetime; outages source)",
    "component": "affected component (outages source)",
    "period": "the period (date; periodic source)",
    "value": "the value (number; periodic source)",
}


@dataclass(frozen=True)
class StatusTime:
    """A time derived from an event log: when a status was first (or last) reached.

    e.g. ``resolved_at`` = the first event whose ``Sub Status`` is ``Resolved``.
    """

    name: str  # output column, e.g. "resolved_at"
    column: str  # the status column in the log
    values: tuple[str, ...]  # status values that count
    which: Keep = "first"


@dataclass(frozen=True)
class Rollup:
    """Turn an event log (many rows per ticket) into one row per ticket."""

    key: str  # ticket id column, e.g. "SR Number"
    order_by: str  # event time column
    keep: Keep = "last"  # which event row supplies the other columns
    first_as: str | None = None  # output column holding the first event time (e.g. "opened_at")
    last_as: str | None = None  # output column holding the last event time
    times: tuple[StatusTime, ...] = ()
    count_as: str | None = None  # output column with the number of events per ticket


@dataclass(frozen=True)
class DerivedColumn:
    """A column computed with a polars SQL expression (never Python)."""

    name: str
    sql: str


@dataclass(frozen=True)
class Source:
    id: str
    path: str  # file or glob, relative to the cycle file
    format: SourceFormat | None = None  # None: from the file extension
    kind: SourceKind = "tickets"
    preset: str | None = None  # column-mapping preset: "servicenow", "jira", "generic"
    description: str = ""
    # parsing
    delimiter: str | None = None
    quote: str = '"'
    encoding: str = "utf8"  # "utf8" also reads a BOM; "latin1", "cp1252", ...
    header: bool = True
    skip_rows: int = 0
    sheet: str | None = None  # Excel sheet name
    null_values: tuple[str, ...] = ()
    datetime_format: str | None = None  # strftime format, "epoch_s", "epoch_ms"; None: ISO
    datetime_columns: tuple[str, ...] = ()  # extra columns to parse as datetimes
    dayfirst: bool = False  # for formats guessed without datetime_format
    timezone: str | None = None  # zone of naive timestamps; None: the cycle's zone
    true_values: tuple[str, ...] = ()
    false_values: tuple[str, ...] = ()
    # canonical name -> column name in the file (e.g. opened_at = "Opened")
    columns: Mapping[str, str] = field(default_factory=dict)
    rollup: Rollup | None = None
    derived: tuple[DerivedColumn, ...] = ()
    filter: str | None = None  # SQL condition; rows failing it are dropped and counted
