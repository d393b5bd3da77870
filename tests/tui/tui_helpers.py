"""Helpers for the dashboard tests: a workspace built in Python, a fake engine, waiting.

The fake engine lets the screens be tested (and snapshotted) deterministically and fast, apart from
the real data engine; tests marked with the real loaders use ``csi_tui.cycle.workspace`` and
``csi_tui.data.engine`` when they are installed.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from textual.worker import WorkerFailed

from csi_tui.cycle.model import (
    Action,
    Adoption,
    Csf,
    Cycle,
    CycleInfo,
    Decision,
    Metric,
    Note,
    Opportunity,
    Register,
    Strategy,
    Workspace,
)
from csi_tui.cycle.sources import Source
from csi_tui.data.results import (
    ColumnInfo,
    ComputeResult,
    DropCount,
    Finding,
    MetricSeries,
    PeriodValue,
    SourceReport,
)
from csi_tui.errors import CsiError
from csi_tui.tui.app import CsiApp

AppFactory = Callable[..., CsiApp]


def build_workspace(root: Path) -> Workspace:
    """Two cycles of the Email service (one closed with an adoption, one live) and a register."""
    (root / "cycles").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "incidents.csv").write_text("number,opened\nINC1,2026-01-01\n")
    (root / "register.toml").write_text("schema_version = 1\n")
    sources = (
        Source(
            id="incidents",
            path="../data/incidents.csv",
            preset="servicenow",
            description="ServiceNow incident export",
        ),
    )
    metrics = (
        Metric(
            id="mttr",
            name="MTTR P1/P2",
            source="incidents",
            csf="CSF1",
            kpi="mttr_mean",
            unit="h",
            baseline=9.2,
            target=6.0,
            amber=7.0,
            filter="priority IN ('1', '2')",
            guardrails=("reopen",),
            breakdowns=("priority",),
        ),
        Metric(
            id="reopen",
            name="Reopen rate",
            source="incidents",
            type="process",
            csf="CSF2",
            kpi="reopen_rate",
            unit="%",
            target=2.0,
        ),
        Metric(
            id="csat",
            name="Satisfaction",
            source="incidents",
            csf="CSF2",
            formula="AVG(score)",
            unit="pts",
            direction="higher",
            baseline=3.9,
            target=4.3,
        ),
    )
    strategy = Strategy(
        vision="Email that people never have to think about",
        business_need="P1/P2 email outages stop sales for hours",
        objectives=("Resolve P1/P2 incidents within 6 hours", "Keep reopen rate under 2%"),
        csfs=(Csf("CSF1", "Fast restoration"), Csf("CSF2", "Fixes that stick")),
    )
    old = Cycle(
        cycle=CycleInfo(
            id="email-2026-q2",
            title="Swarming pilot",
            service="Email",
            owner="Dana",
            start=date(2026, 4, 1),
            end=date(2026, 6, 30),
            status="closed",
            register_id="CSI-001",
        ),
        strategy=strategy,
        sources=sources,
        metrics=metrics,
        decisions=(Decision(date(2026, 7, 2), "adopt", "MTTR fell 30%", "CAB"),),
        adoption=Adoption(date(2026, 7, 3), "Dana", {"mttr": 6.4}, "email-2026-q4"),
        path=root / "cycles" / "email-2026-q2.toml",
    )
    live = Cycle(
        cycle=CycleInfo(
            id="email-2026-q4",
            title="Faster P1/P2 resolution",
            service="Email",
            owner="Dana",
            start=date(2026, 10, 1),
            end=date(2026, 12, 31),
            status="review",
            previous="email-2026-q2",
            register_id="CSI-002",
        ),
        strategy=strategy,
        sources=sources,
        metrics=metrics,
        notes=(Note(date(2026, 11, 20), "Swarming works on P1s", "Dana", 5),),
        decisions=(Decision(date(2026, 11, 20), "continue", "P2s still slow", "Review board"),),
        actions=(
            Action("A1", "Train the night shift", "Lee", date(2026, 12, 1), "in_progress"),
            Action(
                "A2", "Update the runbook", "Kim", date(2026, 11, 30), "done", date(2026, 11, 25)
            ),
        ),
        path=root / "cycles" / "email-2026-q4.toml",
    )
    for cycle in (old, live):
        assert cycle.path is not None
        cycle.path.write_text(f"# {cycle.id}\n")
    register = Register(
        opportunities=(
            Opportunity(
                "CSI-001",
                date(2026, 3, 1),
                "Swarm P1 incidents",
                service="Email",
                size="M",
                priority="high",
                actioned_by="Dana",
                state="closed",
                closure_code="successful",
                due=date(2026, 6, 30),
            ),
            Opportunity(
                "CSI-002",
                date(2026, 9, 1),
                "Faster P2 resolution",
                service="Email",
                size="L",
                priority="critical",
                actioned_by="Lee",
                state="in_progress",
                due=date(2026, 12, 31),
            ),
            Opportunity(
                "CSI-003",
                date(2026, 10, 5),
                "Self-service password reset",
                service="Identity",
                size="S",
                priority="low",
                raised_by="Kim",
                state="new",
            ),
        ),
        path=root / "register.toml",
    )
    return Workspace(root=root, cycles=(old, live), register=register)


def fake_compute(cycle: Cycle, progress: Any = None, previous: Any = None) -> ComputeResult:
    """What the engine would return: one source with drops and findings, per-month values."""
    if progress is not None:
        progress("Reading incidents.csv", 1, 2)
    assert cycle.path is not None
    preview = pl.DataFrame(
        {
            "ticket_id": ["INC0001", "INC0002", "INC0003"],
            "opened_at": ["2026-10-01 08:00", "2026-10-02 09:30", "2026-10-03 11:15"],
            "priority": ["1", "2", "3"],
            "hours": [5.5, 7.25, None],
        }
    )
    source = SourceReport(
        id="incidents",
        files=(str(cycle.path.parent / "../data/incidents.csv"),),
        rows_read=1200,
        rows_kept=1150,
        dropped=(
            DropCount("opened_at unparseable", 30),
            DropCount("filter: state = 'Cancelled'", 20),
        ),
        date_column="opened_at",
        date_min=datetime(2026, 10, 1, 8, 0),
        date_max=datetime(2026, 12, 20, 17, 0),
        columns=(ColumnInfo("ticket_id", "str", 0), ColumnInfo("hours", "f64", 12)),
        findings=(
            Finding("warning", "duplicate_keys", "4 duplicate ticket ids", "keep = 'last' is used"),
            Finding("info", "incomplete_period", "December is not over yet"),
        ),
        preview=preview,
    )
    months = ((10, 8.1), (11, 6.5), (12, 6.1))
    series = MetricSeries(
        metric_id="mttr",
        unit="h",
        periods=tuple(
            PeriodValue(f"2026-{m}", date(2026, m, 1), date(2026, m, 28), v, 300) for m, v in months
        ),
    )
    empty = MetricSeries(
        metric_id="csat",
        unit="pts",
        periods=tuple(
            PeriodValue(f"2026-{m}", date(2026, m, 1), date(2026, m, 28), None, 0)
            for m, _ in months
        ),
    )
    return ComputeResult(cycle.id, "month", "UTC", (source,), (series, empty))


def failing_compute(cycle: Cycle, progress: Any = None, previous: Any = None) -> ComputeResult:
    raise CsiError.one(
        "file not found: ../data/missing.csv",
        file=cycle.path,
        key="sources[0].path",
        hint="check the path; it is relative to the cycle file",
    )


def text_of(app: CsiApp, selector: str) -> str:
    """The plain text a Static currently shows."""
    from rich.console import Console
    from rich.text import Text
    from textual.content import Content
    from textual.widgets import Static

    widget = app.screen.query_one(selector, Static)
    if isinstance(widget.content, str | Text | Content):
        return str(widget.render())
    # a Rich renderable such as a label / value grid: as a wide console would print it
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def table_rows(app: CsiApp, selector: str) -> list[list[str]]:
    from textual.widgets import DataTable

    table: DataTable[Any] = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def settle(app: CsiApp, pilot: Any) -> None:
    """Wait for the loading workers, then for the screens to show their results."""
    # A failed worker re-raises here; the app's own handler has turned it into a problem.
    with contextlib.suppress(WorkerFailed):
        await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def notified(app: CsiApp, text: str) -> bool:
    """Whether a notification containing TEXT was shown."""
    return any(text in str(n.message) for n in app._notifications)
