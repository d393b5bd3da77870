"""Periods outside the export's dates are not measured: they are marked incomplete and never read
as "fell to 0" (issue 10: a Volvo cycle running past the end of its export said "Incidents
opened fell from 87 to 0")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csi_tui.analysis import analyse_cycle
from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source

from .helpers import compute, make_cycle, write
from .test_quality import MAP, found, month_rows

VOLUME = Metric(id="volume", name="Volume", source="s", kpi="volume", baseline=40, target=20)


def _run(tmp_path: Path, per_month: dict[int, int], **kw: object):  # type: ignore[no-untyped-def]
    write(tmp_path, "a.csv", "id,opened,resolved,group\n" + month_rows(per_month))
    source = Source(id="s", path="a.csv", columns=MAP)
    cycle = make_cycle(tmp_path, [source], [VOLUME], **kw)  # type: ignore[arg-type]
    return cycle, compute(cycle)


def test_periods_after_the_data_ends_are_incomplete(tmp_path: Path) -> None:
    # Data for January to April (the last rows on 1 to 27 April), a cycle to the end of July.
    cycle, result = _run(tmp_path, {1: 30, 2: 30, 3: 30, 4: 27}, end=date(2026, 7, 31))
    f = found(result, "after_data_end")
    assert f.count == 3 and f.severity == "warning"
    assert "3 periods start after the data ends on 2026-04-27: 2026-05, 2026-06, 2026-07" in (
        f.message
    )
    series = result.metric("volume")
    assert series is not None
    assert {p.period: p.complete for p in series.periods} == {
        "2026-01": True,
        "2026-02": True,
        "2026-03": True,
        "2026-04": False,  # the data stops on the 27th: cut off
        "2026-05": False,
        "2026-06": False,
        "2026-07": False,
    }
    # Counted as 0 (the KPI's value for no rows), but never taken as the latest value.
    assert [p.value for p in series.periods][4:] == [0.0, 0.0, 0.0]
    analysis = analyse_cycle(cycle, result).metric("volume")
    assert analysis is not None
    assert analysis.expectation.actual == 30.0
    assert analysis.expectation.actual_period == "2026-03"
    assert not any("to 0 " in s or s.endswith("to 0.") for s in analysis.verdict)
    # the empty-periods warning no longer counts periods that were simply not exported
    assert not [x for x in result.sources[0].findings if x.code == "empty_periods"]


def test_periods_before_the_data_starts_are_incomplete(tmp_path: Path) -> None:
    _cycle, result = _run(
        tmp_path, {3: 30, 4: 30, 5: 30}, start=date(2026, 1, 1), end=date(2026, 5, 31)
    )
    f = found(result, "before_data_start")
    assert f.count == 2 and "2026-01, 2026-02" in f.message
    series = result.metric("volume")
    assert series is not None
    # (May is cut off too: its last rows are on the 27th)
    assert [p.complete for p in series.periods] == [False, False, True, True, False]


def test_one_period_after_the_data_is_named(tmp_path: Path) -> None:
    _cycle, result = _run(tmp_path, {1: 30, 2: 28}, end=date(2026, 3, 31))
    f = found(result, "after_data_end")
    assert f.period == "2026-03" and f.count == 1
    assert f.message == "2026-03 starts after the data ends on 2026-02-27"
