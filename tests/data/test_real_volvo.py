"""KPIs on the real Volvo IT BPIC 2013 event log, rolled up per SR Number, checked against an
independent plain-Python calculation (csv module, datetime, zoneinfo; no polars). On the
committed subset (whole tickets, tests/fixtures/real) by default, on the full log with
``-m full_real_data``."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import DerivedColumn, Rollup, Source, StatusTime
from csi_tui.data.results import ComputeResult

from .helpers import compute, make_cycle, values

if TYPE_CHECKING:
    from conftest import RealData

ZONE = ZoneInfo("Europe/Brussels")
KPIS = ("volume", "resolved", "backlog", "mttr_mean", "escalation_rate", "reopen_rate")


def volvo_source(log: Path) -> Source:
    return Source(
        id="vinst",
        path=str(log),
        rollup=Rollup(
            key="SR Number",
            order_by="Change Date+Time",
            keep="last",
            first_as="opened_at",
            count_as="events",
            times=(
                StatusTime("resolved_at", "Status", ("Completed",)),
                StatusTime("escalated_at", "ST Level", ("L2", "L3")),
                StatusTime("last_active", "Status", ("Accepted", "Queued"), "last"),
            ),
        ),
        columns={"ticket_id": "SR Number", "priority": "SR Latest Impact"},
        derived=(
            DerivedColumn("escalated", "escalated_at IS NOT NULL"),
            DerivedColumn("reopen_count", "CASE WHEN last_active > resolved_at THEN 1 ELSE 0 END"),
        ),
    )


@pytest.fixture(scope="module")
def result(real_data: RealData, tmp_path_factory: pytest.TempPathFactory) -> ComputeResult:
    metrics = [Metric(id=k, name=k, source="vinst", kpi=k) for k in KPIS]
    metrics.append(
        Metric(
            id="mttr_by_impact", name="m", source="vinst", kpi="mttr_mean", breakdowns=("priority",)
        )
    )
    cycle = make_cycle(
        tmp_path_factory.mktemp("volvo"),
        [volvo_source(real_data.volvo)],
        metrics,
        start=date(2011, 10, 1),
        end=date(2012, 5, 31),
        tz="Europe/Brussels",
    )
    return compute(cycle)


@pytest.fixture(scope="module")
def event_rows(real_data: RealData) -> int:
    """Events in the file, counted by the csv module."""
    with real_data.volvo.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture(scope="module")
def tickets(real_data: RealData) -> dict[str, dict[str, object]]:
    """One dict per SR Number, computed from the raw events by hand."""
    path = real_data.volvo
    events: dict[str, list[tuple[datetime, str, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            at = datetime.fromisoformat(row["Change Date+Time"])
            events[row["SR Number"]].append(
                (at, row["Status"], row["ST Level"], row["SR Latest Impact"])
            )
    out: dict[str, dict[str, object]] = {}
    for sr, evs in events.items():
        opened = min(e[0] for e in evs)
        completed = [e[0] for e in evs if e[1] == "Completed"]
        resolved = min(completed) if completed else None
        escalated = any(e[2] in ("L2", "L3") for e in evs)
        active = [e[0] for e in evs if e[1] in ("Accepted", "Queued")]
        reopened = bool(active and resolved and max(active) > resolved)
        out[sr] = {
            "opened": opened,
            "resolved": resolved,
            "escalated": escalated,
            "reopened": reopened,
        }
    return out


def month(at: datetime) -> str:
    local = at.astimezone(ZONE)
    return f"{local.year}-{local.month:02d}"


MONTHS = [f"2011-{m:02d}" for m in (10, 11, 12)] + [f"2012-{m:02d}" for m in range(1, 6)]


def test_rows_accounted(
    result: ComputeResult,
    event_rows: int,
    tickets: dict[str, dict[str, object]],
    real_data: RealData,
) -> None:
    """Events read, tickets after the roll-up and rows dropped, each apart: the events merged
    into their ticket are not dropped (every event here has a time and every ticket a date)."""
    report = result.source("vinst")
    assert report is not None
    assert report.rows_read == event_rows
    assert report.rolled_up_from == event_rows
    assert report.rolled_up_to == len(tickets)
    assert report.rows_kept == len(tickets)
    assert report.merged == event_rows - len(tickets)
    assert report.dropped == ()
    assert report.rows_read == report.rows_kept + report.merged + report.rows_dropped
    if real_data.full:  # as published (../shared/data/real/README.md)
        assert (report.rows_read, report.rows_kept) == (65_533, 7_554)


def test_volume_and_resolved(result: ComputeResult, tickets: dict[str, dict[str, object]]) -> None:
    opened: dict[str, int] = defaultdict(int)
    resolved: dict[str, int] = defaultdict(int)
    for t in tickets.values():
        opened[month(t["opened"])] += 1  # type: ignore[arg-type]
        if t["resolved"] is not None:
            resolved[month(t["resolved"])] += 1  # type: ignore[arg-type]
    assert values(result, "volume") == {m: float(opened[m]) for m in MONTHS}
    assert values(result, "resolved") == {m: float(resolved[m]) for m in MONTHS}


def test_backlog_at_month_end(result: ComputeResult, tickets: dict[str, dict[str, object]]) -> None:
    expected = {}
    for m in MONTHS:
        year, mon = int(m[:4]), int(m[5:])
        end = datetime(year + mon // 12, mon % 12 + 1, 1, tzinfo=ZONE)
        expected[m] = float(
            sum(
                1
                for t in tickets.values()
                if t["opened"] < end and (t["resolved"] is None or t["resolved"] >= end)  # type: ignore[operator]
            )
        )
    assert values(result, "backlog") == expected


def test_mttr_mean(result: ComputeResult, tickets: dict[str, dict[str, object]]) -> None:
    hours: dict[str, list[float]] = defaultdict(list)
    for t in tickets.values():
        if t["resolved"] is not None:
            h = (t["resolved"] - t["opened"]).total_seconds() / 3600  # type: ignore[operator]
            if h >= 0:
                hours[month(t["resolved"])].append(h)  # type: ignore[arg-type]
    got = values(result, "mttr_mean")
    for m in MONTHS:
        want = sum(hours[m]) / len(hours[m]) if hours[m] else None
        assert got[m] == pytest.approx(want), m


def test_escalation_and_reopen(
    result: ComputeResult, tickets: dict[str, dict[str, object]]
) -> None:
    esc: dict[str, list[bool]] = defaultdict(list)
    reo: dict[str, list[bool]] = defaultdict(list)
    for t in tickets.values():
        esc[month(t["opened"])].append(bool(t["escalated"]))  # type: ignore[arg-type]
        if t["resolved"] is not None:
            reo[month(t["resolved"])].append(bool(t["reopened"]))  # type: ignore[arg-type]
    got_esc, got_reo = values(result, "escalation_rate"), values(result, "reopen_rate")
    for m in MONTHS:
        want_esc = 100 * sum(esc[m]) / len(esc[m]) if esc[m] else None
        assert got_esc[m] == pytest.approx(want_esc), m
        want = 100 * sum(reo[m]) / len(reo[m]) if reo[m] else None
        assert got_reo[m] == pytest.approx(want), m


def test_breakdown_by_impact_sums_to_total(result: ComputeResult) -> None:
    series = result.metric("mttr_by_impact")
    assert series is not None
    by_period: dict[str, int] = defaultdict(int)
    for b in series.breakdowns["priority"]:
        by_period[b.period] += b.n
    assert {b.group for b in series.breakdowns["priority"]} <= {"Low", "Medium", "High", "Major"}
    assert {p.period: p.n for p in series.periods if p.n} == dict(by_period)


def test_cut_off_export_flagged(
    result: ComputeResult, tickets: dict[str, dict[str, object]]
) -> None:
    """The log ends on 2012-05-22 (last opened 2012-05-06): May 2012 is not complete. A month
    wholly before the first ticket was not measured either (the subset starts in late 2011)."""
    opened = [t["opened"].astimezone(ZONE).date() for t in tickets.values()]  # type: ignore[attr-defined]
    first, last = min(opened), max(opened)
    expected = []
    for m in MONTHS:
        year, mon = int(m[:4]), int(m[5:])
        start, end = date(year, mon, 1), date(year + mon // 12, mon % 12 + 1, 1)
        if end <= first or start <= last < end - timedelta(days=1):
            expected.append(m)
    assert expected[-1] == "2012-05"
    series = result.metric("volume")
    assert series is not None
    assert [p.period for p in series.periods if not p.complete] == expected
    report = result.source("vinst")
    assert report is not None
    assert "cut_off_period" in {f.code for f in report.findings}
