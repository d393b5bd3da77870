"""Each data-quality finding and each drop reason, with a small hand-made file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.results import ComputeResult, Finding

from .helpers import compute, make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
VOLUME = Metric(id="volume", name="Volume", source="s", kpi="volume")
MTTR = Metric(id="mttr", name="MTTR", source="s", kpi="mttr_mean", breakdowns=("group",))


def run(tmp_path: Path, body: str, *, now: datetime | None = None, **kw: object) -> ComputeResult:
    write(tmp_path, "a.csv", "id,opened,resolved,group\n" + body)
    cycle = make_cycle(tmp_path, [Source(id="s", path="a.csv", columns=MAP)], [VOLUME, MTTR], **kw)  # type: ignore[arg-type]
    return compute(cycle, now) if now else compute(cycle)


def found(result: ComputeResult, code: str) -> Finding:
    hits = [f for f in result.sources[0].findings if f.code == code]
    assert hits, f"no {code} in {[f.code for f in result.sources[0].findings]}"
    return hits[0]


def month_rows(per_month: dict[int, int]) -> str:
    out, i = [], 0
    for month, count in per_month.items():
        for k in range(count):
            i += 1
            out.append(
                f"{i},2026-{month:02d}-{1 + k % 27:02d} 10:00,2026-{month:02d}-"
                f"{1 + k % 27:02d} 12:00,G\n"
            )
    return "".join(out)


def test_nulls_in_needed_column(tmp_path: Path) -> None:
    r = run(
        tmp_path, "1,2026-01-05 10:00,2026-01-05 11:00,\n2,2026-01-05 10:00,2026-01-05 11:00,A\n"
    )
    f = found(r, "nulls")
    assert (f.column, f.count, f.severity) == ("group", 1, "warning")


def test_duplicate_keys(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2026-01-05 10:00,,A\n1,2026-01-06 10:00,,A\n2,2026-01-06 10:00,,A\n")
    assert found(r, "duplicate_keys").count == 1


def test_resolved_before_opened_left_out_of_mttr(tmp_path: Path) -> None:
    r = run(
        tmp_path, "1,2026-01-05 10:00,2026-01-05 08:00,A\n2,2026-01-05 10:00,2026-01-05 13:00,A\n"
    )
    assert found(r, "resolved_before_opened").count == 1
    series = r.metric("mttr")
    assert series is not None
    assert series.periods[0].value == pytest.approx(3.0) and series.periods[0].n == 1


def test_absurd_duration(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2024-01-05 10:00,2026-01-05 10:00,A\n")
    assert found(r, "absurd_duration").count == 1


def test_future_timestamps(tmp_path: Path) -> None:
    now = datetime.fromisoformat("2026-02-01T00:00:00+00:00")
    r = run(tmp_path, "1,2026-01-05 10:00,2026-03-05 10:00,A\n", now=now)
    assert found(r, "future_timestamps").column == "resolved_at"


def test_outside_window(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2025-12-05 10:00,,A\n2,2026-01-05 10:00,,A\n")
    assert found(r, "outside_window").count == 1


def test_empty_periods(tmp_path: Path) -> None:
    r = run(tmp_path, month_rows({1: 3, 3: 3}))
    f = found(r, "empty_periods")
    assert f.count == 1 and "2026-02" in f.message


def test_incomplete_current_period(tmp_path: Path) -> None:
    now = datetime.fromisoformat("2026-03-15T12:00:00+00:00")
    r = run(tmp_path, month_rows({1: 3, 2: 3, 3: 1}), now=now)
    assert found(r, "incomplete_period").period == "2026-03"
    series = r.metric("volume")
    assert series is not None
    assert [p.complete for p in series.periods] == [True, True, False]


def test_period_not_started_says_so(tmp_path: Path) -> None:
    # Mid-February: March has not started (not "is not over yet"), February is not over.
    now = datetime.fromisoformat("2026-02-15T12:00:00+00:00")
    r = run(tmp_path, month_rows({1: 3, 2: 1}), now=now)
    messages = {f.period: f.message for f in r.sources[0].findings if f.code == "incomplete_period"}
    assert messages == {
        "2026-02": "2026-02 is not over yet",
        "2026-03": "2026-03 has not started yet",
    }
    series = r.metric("volume")
    assert series is not None
    assert [p.complete for p in series.periods] == [True, False, False]


def test_last_week_cut_by_the_cycle_end(tmp_path: Path) -> None:
    # A cycle ending on Wednesday 31 Dec 2025: ISO week 2026-W01 runs 29 Dec to 4 Jan.
    body = "".join(
        f"{i},2025-12-{d:02d} 10:00,2025-12-{d:02d} 12:00,G\n"
        for i, d in enumerate((1, 2, 8, 9, 15, 16, 22, 23, 29, 30, 31))
    )
    r = run(tmp_path, body, start=date(2025, 12, 1), end=date(2025, 12, 31), grain="week")
    f = found(r, "cycle_end_cuts_period")
    assert f.period == "2026-W01" and f.severity == "info"
    assert "only 3 of its 7 days" in f.message
    series = r.metric("volume")
    assert series is not None
    assert [p.period for p in series.periods if not p.complete] == ["2026-W01"]
    assert series.periods[-1].value == 3  # still computed, only marked


def test_last_quarter_cut_by_the_cycle_end(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        month_rows({1: 3, 2: 3, 3: 3, 4: 3}),
        start=date(2026, 1, 1),
        end=date(2026, 4, 30),
        grain="quarter",
    )
    assert found(r, "cycle_end_cuts_period").period == "2026-Q2"
    series = r.metric("volume")
    assert series is not None
    assert [p.complete for p in series.periods] == [True, False]


def test_period_ending_with_the_cycle_is_complete(tmp_path: Path) -> None:
    r = run(tmp_path, month_rows({1: 3, 2: 3, 3: 28}))  # the cycle ends on 31 March
    assert not [f for f in r.sources[0].findings if f.code == "cycle_end_cuts_period"]


def test_cut_off_export(tmp_path: Path) -> None:
    r = run(tmp_path, month_rows({1: 20, 2: 20, 3: 3}))
    assert found(r, "cut_off_period").period == "2026-03"


def test_volume_collapse(tmp_path: Path) -> None:
    per_month = {1: 30, 2: 30, 3: 30, 4: 30, 5: 30, 6: 3}
    body = month_rows(per_month)
    # The last month's few rows reach its last day, so it is not a cut-off but a collapse.
    body += "999,2026-06-30 10:00,,G\n"
    r = run(tmp_path, body, end=date(2026, 6, 30))
    f = found(r, "volume_collapse")
    assert f.period == "2026-06"
    series = r.metric("volume")
    assert series is not None and not series.periods[-1].complete


def test_unparseable_secondary_date_kept_and_reported(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2026-01-05 10:00,yesterday,A\n2,2026-01-05 10:00,2026-01-05 11:00,A\n")
    f = found(r, "unparseable_values")
    assert f.count == 1 and "'yesterday'" in f.message and "data row 1" in f.message
    assert r.sources[0].rows_kept == 2


def test_drops_counted_by_reason(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2026-01-05 10:00,,A\n2,,,A\n3,not a date,,A\n4,2026-01-06 10:00,,A\n")
    report = r.sources[0]
    reasons = {d.reason.split(" e.g.")[0]: d.count for d in report.dropped}
    assert reasons == {"opened_at unparseable": 1, "opened_at empty": 1}
    assert "'not a date' (data row 3)" in next(
        d.reason for d in report.dropped if "unparse" in d.reason
    )
    assert report.rows_read == 4 and report.rows_kept == 2


def test_empty_metric_is_an_error_finding(tmp_path: Path) -> None:
    r = run(tmp_path, "1,2026-01-05 10:00,,A\n")
    series = r.metric("mttr")
    assert series is not None
    assert [f.code for f in series.findings] == ["empty_metric"]
    assert series.findings[0].severity == "error"


def test_duplicate_count_matches_a_plain_count() -> None:
    # Independent count: rows minus distinct values (a null counts as one value, like an id).
    import random

    import polars as pl

    from csi_tui.data.quality import _duplicates

    rng = random.Random(3)
    for size in (1, 50, 5000):
        values = [
            rng.choice([None, *(f"INC{rng.randrange(size)}" for _ in range(3))])
            for _ in range(size)
        ]
        ids = pl.Series("id", values, dtype=pl.String)
        assert _duplicates(ids) == ids.len() - ids.n_unique()
