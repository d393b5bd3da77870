"""Which value becomes the new baseline, the next cycle's id and dates, the history's chain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from csi_tui.analysis.adoption import adopted_value, not_met, round_value
from csi_tui.cycle.history import chain_problems, service_history
from csi_tui.cycle.model import Analysis, Cycle, CycleInfo, Metric, Workspace
from csi_tui.cycle.next_cycle import next_dates, next_id
from csi_tui.cycle.next_cycle_text import rebase_path
from csi_tui.data.results import ComputeResult, MetricSeries, PeriodValue

METRIC = Metric(id="mttr", name="MTTR", source="s", kpi="mttr_mean", baseline=10.0, target=7.0)
# Six months: two before the change (June), three after it, the last one not over.
VALUES = ((3, 10.0), (4, 11.0), (6, 8.0), (7, 6.0), (8, 7.0), (9, 2.0))


def _cycle(**analysis: object) -> Cycle:
    info = CycleInfo("c", "t", "Email", "o", date(2026, 3, 1), date(2026, 9, 30))
    return Cycle(cycle=info, metrics=(METRIC,), analysis=Analysis(**analysis))  # type: ignore[arg-type]


def _result() -> ComputeResult:
    periods = tuple(
        PeriodValue(f"2026-{m:02}", date(2026, m, 1), date(2026, m + 1, 1), v, 10, complete=m != 9)
        for m, v in VALUES
    )
    return ComputeResult("c", "month", "UTC", (), (MetricSeries("mttr", "h", periods),))


def test_window_mean_from_the_change_date_complete_periods_only() -> None:
    value = adopted_value(_cycle(change_date=date(2026, 6, 1)), METRIC, _result(), None)
    assert value.value == 7.0  # (8 + 6 + 7) / 3; September is not over: left out
    assert value.periods == ("2026-06", "2026-07", "2026-08")
    assert value.method == "window_mean" and value.baseline == 10.0


def test_window_mean_without_a_change_date_is_the_whole_cycle() -> None:
    value = adopted_value(_cycle(), METRIC, _result(), None)
    assert value.value == pytest.approx((10 + 11 + 8 + 6 + 7) / 5)


def test_last_period_is_the_last_complete_one() -> None:
    value = adopted_value(_cycle(adopt_baseline="last_period"), METRIC, _result(), None)
    assert value.value == 7.0 and value.periods == ("2026-08",)


def test_centre_line_of_the_last_phase() -> None:
    from csi_tui.analysis.analyse import analyse_cycle

    months = ((1, 10.0), (2, 11.0), (3, 9.0), (4, 10.0), (5, 8.0), (6, 6.0), (7, 7.0), (8, 7.0))
    periods = tuple(
        PeriodValue(f"2026-{m:02}", date(2026, m, 1), date(2026, m + 1, 1), v, 10)
        for m, v in months
    )
    result = ComputeResult("c", "month", "UTC", (), (MetricSeries("mttr", "h", periods),))
    cycle = _cycle(change_date=date(2026, 5, 1), adopt_baseline="centre_line", min_points=3)
    analysis = analyse_cycle(cycle, result)
    phase = analysis.metrics[0].chart.current
    assert phase is not None and phase.index == 1  # recalculated from the change date
    value = adopted_value(cycle, METRIC, result, analysis)
    assert value.value == pytest.approx(7.0)  # the phase from May: mean of 8, 6, 7, 7
    assert value.periods == ("2026-05", "2026-06", "2026-07", "2026-08")


def test_no_value_keeps_the_baseline_and_says_why() -> None:
    value = adopted_value(_cycle(change_date=date(2027, 1, 1)), METRIC, _result(), None)
    assert value.value is None and value.next_baseline == 10.0
    assert "no complete period from the change date 2027-01-01 on" in value.note
    assert not_met([value]) == (value,)  # a target and no analysis: not known to be met


def test_rounding_to_six_significant_digits() -> None:
    assert round_value(6.635881234) == 6.63588
    assert round_value(99.824712) == 99.8247
    assert round_value(1234567.8) == 1234570.0
    assert round_value(0.000123456789) == 0.000123457


@pytest.mark.parametrize(
    ("old", "start", "expected"),
    [
        ("email-2026-q2", date(2026, 7, 1), "email-2026-q3"),
        ("email-2026-q4", date(2027, 1, 1), "email-2027-q1"),
        ("email-2026Q4", date(2027, 1, 1), "email-2027Q1"),
        ("email-2026-p1p2-mttr", date(2027, 1, 1), "email-2027-p1p2-mttr"),
        ("email-2026-h1", date(2026, 7, 1), "email-2026-h1-next"),
        ("email-first-fix", date(2026, 1, 1), "email-first-fix-next"),
    ],
)
def test_next_id(old: str, start: date, expected: str) -> None:
    assert next_id(old, start) == expected


def test_next_dates_keep_the_length() -> None:
    year = _cycle()
    year = replace(year, cycle=replace(year.cycle, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert next_dates(year) == (date(2027, 1, 1), date(2027, 12, 31))
    quarter = replace(
        year, cycle=replace(year.cycle, start=date(2026, 4, 1), end=date(2026, 6, 30))
    )
    assert next_dates(quarter) == (date(2026, 7, 1), date(2026, 9, 30))
    days = replace(year, cycle=replace(year.cycle, start=date(2026, 1, 5), end=date(2026, 2, 3)))
    assert next_dates(days) == (date(2026, 2, 4), date(2026, 3, 5))  # 29 days, in days
    assert next_dates(year, date(2027, 2, 1)) == (date(2027, 2, 1), date(2028, 1, 31))


def test_source_paths_follow_the_new_folder(tmp_path: Path) -> None:
    old, new = tmp_path / "cycles", tmp_path / "cycles" / "2027"
    assert rebase_path("../data/x.csv", old, old) == "../data/x.csv"
    assert rebase_path("../data/x.csv", old, new) == "../../data/x.csv"
    assert rebase_path("/srv/x.csv", old, new) == "/srv/x.csv"
    assert rebase_path("~/x.csv", old, new) == "~/x.csv"


def _linked(*links: tuple[str, str | None, str]) -> Workspace:
    cycles = []
    for n, (cycle_id, previous, service) in enumerate(links):
        info = CycleInfo(
            cycle_id, cycle_id, service, "o", date(2026, n + 1, 1), date(2026, n + 1, 28),
            previous=previous,
        )  # fmt: skip
        cycles.append(Cycle(cycle=info))
    return Workspace(root=Path("."), cycles=tuple(cycles))


def test_history_follows_previous_across_services_and_reports_loops() -> None:
    workspace = _linked(("a", None, "Email"), ("b", "a", "Mail"), ("c", "b", "Email"))
    history = service_history(workspace, "Email")
    assert [c.cycle_id for c in history.cycles] == ["a", "b", "c"]
    assert history.problems == ()
    broken = _linked(("a", "zz", "Email"), ("b", "c", "Email"), ("c", "b", "Email"))
    messages = [p.message for p in chain_problems(broken)]
    assert messages == [
        "cycle 'a' follows 'zz', which is not in this workspace",
        "the previous links go round in a circle: b -> c -> b",
    ]


def test_continue_testing_suggests_a_quarter_more() -> None:
    from csi_tui.cycle.next_cycle import suggested_extension

    year = _cycle()
    year = replace(year, cycle=replace(year.cycle, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    assert suggested_extension(year) == date(2027, 3, 31)
    month = replace(year, cycle=replace(year.cycle, start=date(2026, 1, 1), end=date(2026, 1, 31)))
    assert suggested_extension(month) == date(2026, 2, 28)
    days = replace(year, cycle=replace(year.cycle, start=date(2026, 1, 5), end=date(2026, 2, 3)))
    assert suggested_extension(days) == date(2026, 2, 10)
