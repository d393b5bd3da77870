"""MTTR and availability per component on GitHub's real status-page incidents (maintenance
excluded), checked against an independent plain-Python calculation (json module, interval merge
written by hand). On the committed subset (tests/fixtures/real: every incident, fewer fields) by
default, on the full file with ``-m full_real_data``."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.results import ComputeResult

from .helpers import compute, make_cycle, values

if TYPE_CHECKING:
    from conftest import RealData

QUARTERS = [(2024, q) for q in (1, 2, 3, 4)] + [(2025, q) for q in (1, 2, 3, 4)]


def q_bounds(year: int, q: int) -> tuple[datetime, datetime]:
    start = datetime(year, 3 * q - 2, 1, tzinfo=UTC)
    end = datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=UTC)
    return start, end


def label(year: int, q: int) -> str:
    return f"{year}-Q{q}"


@pytest.fixture(scope="module")
def published(real_data: RealData) -> int:
    """Incidents in the file (one JSON object a line)."""
    return sum(1 for line in real_data.github_incidents.read_text("utf8").splitlines() if line)


@pytest.fixture(scope="module")
def incidents(real_data: RealData) -> list[dict[str, object]]:
    rows = []
    path = real_data.github_incidents
    for line in path.read_text(encoding="utf8").splitlines():
        rec = json.loads(line)
        if rec["impact"] == "maintenance" or not rec["downtime_start"] or not rec["downtime_end"]:
            continue
        parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
        rows.append(
            {
                "start": parse(rec["downtime_start"]),
                "end": parse(rec["downtime_end"]),
                "components": rec.get("components") or [],
            }
        )
    return rows


@pytest.fixture(scope="module")
def result(real_data: RealData, tmp_path_factory: pytest.TempPathFactory) -> ComputeResult:
    source = Source(
        id="gh",
        path=str(real_data.github_incidents),
        kind="outages",
        columns={"start": "downtime_start", "end": "downtime_end", "component": "components"},
        filter="impact <> 'maintenance'",
    )
    metrics = [
        Metric(id=k, name=k, source="gh", kpi=k, breakdowns=("component",))
        for k in ("mttr_mean", "availability", "outage_count")
    ]
    cycle = make_cycle(
        tmp_path_factory.mktemp("gh"),
        [source],
        metrics,
        start=date(2024, 1, 1),
        end=date(2025, 12, 31),
        grain="quarter",
    )
    return compute(cycle)


def availability(windows: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    merged: list[list[datetime]] = []
    for s, e in sorted(windows):
        e = max(s, e)
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    down = sum(max(0.0, (min(e, end) - max(s, start)).total_seconds()) for s, e in merged)
    return 100.0 * (1 - down / (end - start).total_seconds())


def test_maintenance_dropped_and_counted(result: ComputeResult, published: int) -> None:
    report = result.source("gh")
    assert report is not None
    assert report.rows_read == published == 819
    reasons = {d.reason: d.count for d in report.dropped}
    assert reasons["filter: impact <> 'maintenance'"] > 0
    assert report.rows_read == report.rows_kept + sum(reasons.values())


def test_availability_overall(result: ComputeResult, incidents: list[dict[str, object]]) -> None:
    windows = [(i["start"], i["end"]) for i in incidents]
    got = values(result, "availability")
    for year, q in QUARTERS:
        start, end = q_bounds(year, q)
        assert got[label(year, q)] == pytest.approx(availability(windows, start, end))  # type: ignore[arg-type]


def test_availability_and_mttr_per_component(
    result: ComputeResult, incidents: list[dict[str, object]]
) -> None:
    by_comp: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for i in incidents:
        for c in i["components"]:  # type: ignore[attr-defined]
            by_comp[c].append((i["start"], i["end"]))  # type: ignore[arg-type]
    avail = result.metric("availability")
    mttr = result.metric("mttr_mean")
    assert avail is not None and mttr is not None
    got_a = {(b.group, b.period): b.value for b in avail.breakdowns["component"]}
    got_m = {(b.group, b.period): b.value for b in mttr.breakdowns["component"]}
    checked = 0
    for comp in ("Actions", "Git Operations", "Copilot", "API Requests"):
        for year, q in QUARTERS:
            start, end = q_bounds(year, q)
            want_a = availability(by_comp[comp], start, end)
            assert got_a.get((comp, label(year, q)), 100.0) == pytest.approx(want_a)
            hours = [
                (e - s).total_seconds() / 3600
                for s, e in by_comp[comp]
                if start <= e < end and e >= s
            ]
            want_m = sum(hours) / len(hours) if hours else None
            assert got_m.get((comp, label(year, q))) == pytest.approx(want_m)
            checked += bool(hours)
    assert checked >= 20  # the comparison really covered data


def test_outage_count(result: ComputeResult, incidents: list[dict[str, object]]) -> None:
    got = values(result, "outage_count")
    for year, q in QUARTERS:
        start, end = q_bounds(year, q)
        want = sum(1 for i in incidents if start <= i["start"] < end)  # type: ignore[operator]
        assert got[label(year, q)] == want
