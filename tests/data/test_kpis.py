"""Every built-in KPI on a six-ticket file whose answers are worked out by hand below."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csi_tui.cycle.model import BUILTIN_KPIS, Metric
from csi_tui.cycle.sources import Source
from csi_tui.data import periods
from csi_tui.data.kpis import KPIS
from csi_tui.data.results import ComputeResult

from .helpers import compute, make_cycle, values, write

TICKETS = """id,opened,resolved,priority,reopen,reassign,sla,esc,major
1,2026-01-02 00:00,2026-01-02 10:00,P1,0,0,true,false,true
2,2026-01-10 00:00,2026-01-11 00:00,P2,1,2,false,true,false
3,2026-01-20 00:00,2026-02-03 00:00,P3,0,1,true,false,false
4,2026-02-05 00:00,,P1,0,0,,true,false
5,2025-12-20 00:00,2026-01-05 00:00,P2,0,0,true,false,false
6,2026-02-10 00:00,,P1,0,0,,false,false
"""
# Resolution hours: #1 10, #2 24, #5 384 (resolved in January); #3 336 (February).
COLUMNS = {
    "ticket_id": "id",
    "opened_at": "opened",
    "resolved_at": "resolved",
    "reopen_count": "reopen",
    "reassignment_count": "reassign",
    "made_sla": "sla",
    "escalated": "esc",
}


def metric(mid: str, kpi: str | None = None, **kw: object) -> Metric:
    return Metric(id=mid, name=mid, source=kw.pop("source", "t"), kpi=kpi, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ComputeResult:
    folder = tmp_path_factory.mktemp("kpis")
    write(folder, "t.csv", TICKETS)
    write(
        folder,
        "o.csv",
        "start,end,component\n2026-01-01 00:00,2026-01-01 12:00,A\n"
        "2026-01-01 06:00,2026-01-01 18:00,B\n2026-01-31 23:00,2026-02-01 01:00,A\n",
    )
    write(folder, "p.csv", "month,score\n2026-01-01,4.0\n2026-02-01,3.5\n2026-02-15,4.5\n")
    sources = [
        Source(id="t", path="t.csv", columns={**COLUMNS, "major": "major"}),
        Source(id="o", path="o.csv", kind="outages"),
        Source(
            id="p", path="p.csv", kind="periodic", columns={"period": "month", "value": "score"}
        ),
    ]
    metrics = [
        metric(k, k)
        for k in (
            "volume",
            "resolved",
            "backlog",
            "mttr_mean",
            "mttr_median",
            "mttr_p90",
            "sla_compliance",
            "reopen_rate",
            "first_assignment_resolution",
            "escalation_rate",
            "major_incident_rate",
            "flow_ratio",
        )
    ]
    metrics += [
        metric("sla_hours", "sla_compliance", options={"sla_hours": 24}),
        metric("major_p1", "major_incident_rate", options={"major_priorities": "P1"}),
        metric("p1_count", formula="COUNT(*) FILTER (WHERE priority = 'P1')"),
        metric("top", "volume", breakdowns=("priority",), top_n=1),
        metric("mttr_p1", "mttr_mean", filter="priority = 'P1'"),
        metric("availability", "availability", source="o", breakdowns=("component",)),
        metric("mtbf", "mtbf", source="o"),
        metric("outage_count", "outage_count", source="o"),
        metric("value", "value", source="p"),
        metric("value_sum", "value", source="p", options={"agg": "sum"}),
    ]
    cycle = make_cycle(
        folder,
        sources,
        metrics,
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
        change_date=date(2026, 2, 1),  # a before/after test: per-ticket observations are kept
    )
    return compute(cycle)


def test_every_builtin_kpi_is_implemented() -> None:
    assert set(KPIS) == set(BUILTIN_KPIS)


@pytest.mark.parametrize(
    ("mid", "jan", "feb"),
    [
        ("volume", 3, 2),
        ("resolved", 3, 1),
        ("backlog", 1, 2),  # end of Jan: #3; end of Feb: #4, #6
        ("mttr_mean", (10 + 24 + 384) / 3, 336),
        ("mttr_median", 24, 336),
        ("mttr_p90", 24 + 0.8 * (384 - 24), 336),  # linear interpolation at rank 1.8
        ("sla_compliance", 200 / 3, 100),
        ("sla_hours", 200 / 3, 0),  # 10 h and 24 h within 24 h; 384 h and 336 h not
        ("reopen_rate", 100 / 3, 0),
        ("first_assignment_resolution", 200 / 3, 0),
        ("escalation_rate", 100 / 3, 50),
        ("major_incident_rate", 100 / 3, 0),
        ("major_p1", 100 / 3, 100),
        ("flow_ratio", 1.0, 0.5),
        ("p1_count", 1, 2),
        ("mttr_p1", 10, None),
        ("availability", 100 * (1 - 19 / 744), 100 * (1 - 1 / 672)),  # merged 18 h + 1 h in Jan
        ("mtbf", (744 - 19) / 3, None),
        ("outage_count", 3, 0),
        ("value", 4.0, 4.0),
        ("value_sum", 4.0, 8.0),
    ],
)
def test_kpi_values(result: ComputeResult, mid: str, jan: float, feb: float | None) -> None:
    got = values(result, mid)
    assert got["2026-01"] == pytest.approx(jan)
    assert got["2026-02"] == pytest.approx(feb)


def test_top_n_with_other(result: ComputeResult) -> None:
    series = result.metric("top")
    assert series is not None
    got = {(b.group, b.period): b.value for b in series.breakdowns["priority"]}
    assert got == {("P1", "2026-01"): 1, ("other", "2026-01"): 2, ("P1", "2026-02"): 2}


def test_availability_per_component(result: ComputeResult) -> None:
    series = result.metric("availability")
    assert series is not None
    got = {(b.group, b.period): b.value for b in series.breakdowns["component"]}
    assert got[("A", "2026-01")] == pytest.approx(100 * (1 - 13 / 744))
    assert got[("B", "2026-01")] == pytest.approx(100 * (1 - 12 / 744))


def test_observations_for_before_after(result: ComputeResult) -> None:
    mttr = result.metric("mttr_mean")
    assert mttr is not None and mttr.observations is not None
    assert mttr.observations.columns == ["at", "value"]
    assert sorted(mttr.observations["value"].to_list()) == [10, 24, 336, 384]
    rate = result.metric("escalation_rate")
    assert rate is not None and rate.observations is not None
    assert sorted(rate.observations["value"].to_list()) == [0, 0, 0, 1, 1]  # #5 opened before
    # Rates keep the 0/1 outcome as booleans (1 bit a ticket); durations stay Float64.
    assert rate.observations.schema["value"] == pl.Boolean
    assert mttr.observations.schema["value"] == pl.Float64
    volume = result.metric("volume")
    assert volume is not None and volume.observations is None and volume.observations_n is None


def test_observations_only_counted_without_a_change_date(tmp_path: Path) -> None:
    # No before/after test to feed: the values are not kept, but their number still is.
    write(tmp_path, "t.csv", TICKETS)
    cycle = make_cycle(
        tmp_path,
        [Source(id="t", path="t.csv", columns=COLUMNS)],
        [metric("mttr", "mttr_mean"), metric("esc", "escalation_rate"), metric("v", "volume")],
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
    )
    got = compute(cycle)
    mttr, esc, volume = (got.metric(m) for m in ("mttr", "esc", "v"))
    assert mttr is not None and mttr.observations is None
    # Resolved inside the window: #1, #2, #3, #5 (open tickets have no value but are counted).
    assert mttr.observation_count == 4 and mttr.observations_n == 4
    assert esc is not None and esc.observations is None and esc.observation_count == 5
    assert volume is not None and volume.observation_count is None


@pytest.mark.parametrize(
    ("grain", "day", "label", "start", "end"),
    [
        ("day", date(2026, 3, 4), "2026-03-04", date(2026, 3, 4), date(2026, 3, 5)),
        ("week", date(2026, 1, 1), "2026-W01", date(2025, 12, 29), date(2026, 1, 5)),
        ("week", date(2026, 12, 31), "2026-W53", date(2026, 12, 28), date(2027, 1, 4)),
        ("month", date(2026, 12, 31), "2026-12", date(2026, 12, 1), date(2027, 1, 1)),
        ("quarter", date(2026, 11, 5), "2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ],
)
def test_period_labels(grain: str, day: date, label: str, start: date, end: date) -> None:
    (p,) = periods.periods_between(day, day, grain)
    assert (p.label, p.start, p.end) == (label, start, end)


def test_weekly_grain_counts(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", TICKETS)
    cycle = make_cycle(
        tmp_path,
        [Source(id="t", path="t.csv", columns=COLUMNS)],
        [metric("volume", "volume")],
        start=date(2026, 1, 1),
        end=date(2026, 1, 18),
        grain="week",
    )
    got = values(compute(cycle), "volume")
    assert got == {"2026-W01": 1, "2026-W02": 1, "2026-W03": 0}
