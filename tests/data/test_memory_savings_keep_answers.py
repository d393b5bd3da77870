"""What the engine does to save memory must not change a single answer.

Without a change date the engine lets a source's datetimes go once only their period keys are
read (``compaction.drop_times_after_keys``); the duplicate check hashes ids a million at a time.
The expected values are the hand-worked ones of ``test_kpis`` (same six tickets).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.data import compaction, kpis
from csi_tui.data.plan import SourcePlan, plan_cycle
from csi_tui.data.quality import _duplicates

from .helpers import compute, make_cycle, values, write
from .test_kpis import COLUMNS, TICKETS, metric

ROW_WISE = (
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
)
# (January, February), worked out by hand in test_kpis.
EXPECTED = {
    "volume": (3, 2),
    "resolved": (3, 1),
    "backlog": (1, 2),
    "mttr_mean": ((10 + 24 + 384) / 3, 336),
    "mttr_median": (24, 336),
    "mttr_p90": (24 + 0.8 * (384 - 24), 336),
    "sla_compliance": (200 / 3, 100),
    "reopen_rate": (100 / 3, 0),
    "first_assignment_resolution": (200 / 3, 0),
    "escalation_rate": (100 / 3, 50),
}


def _plan(cycle: Cycle, source_id: str) -> SourcePlan:
    return next(p for p in plan_cycle(cycle) if p.id == source_id)


def _slim(
    cycle: Cycle, source_id: str, frame: pl.DataFrame, shared: dict[str, pl.DataFrame | int]
) -> pl.DataFrame:
    plan = _plan(cycle, source_id)
    return compaction.drop_times_after_keys(plan, plan.metrics, frame, shared)


def _compact(cycle: Cycle, source_id: str, frame: pl.DataFrame) -> pl.DataFrame:
    return compaction.compact_counts(_plan(cycle, source_id), frame)


def _cycle(folder: Path, change_date: date | None, extra: tuple[str, ...] = ()) -> Cycle:
    write(folder, "t.csv", TICKETS)
    metrics = [metric(k, k) for k in ROW_WISE]
    if "filtered" in extra:
        metrics.append(metric("mttr_p1", "mttr_mean", filter="priority = 'P1'"))
    return make_cycle(
        folder,
        [Source(id="t", path="t.csv", columns=COLUMNS)],
        metrics,
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
        change_date=change_date,
    )


@pytest.mark.parametrize("change_date", [None, date(2026, 2, 1)])
def test_row_wise_kpis_with_and_without_the_datetimes(
    tmp_path: Path, change_date: date | None
) -> None:
    # Without a change date the datetimes are let go (backlog then reads the resolved key);
    # with one they stay. Both give the hand-worked values.
    got = compute(_cycle(tmp_path, change_date))
    assert not got.problems
    for mid, (jan, feb) in EXPECTED.items():
        per = values(got, mid)
        assert per["2026-01"] == pytest.approx(jan), mid
        assert per["2026-02"] == pytest.approx(feb), mid
    mttr = got.metric("mttr_mean")
    assert mttr is not None and mttr.observation_count == 4  # counted before the times went


def test_slim_drops_datetimes_only_when_nothing_reads_them(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "opened_at": [None],
            "resolved_at": [None],
            kpis.pkey("opened_at"): [None],
            kpis.pkey("resolved_at"): [None],
            "reopen_count": [0],
        }
    )
    plain = _cycle(tmp_path, None)
    shared: dict[str, pl.DataFrame | int] = {m.id: 0 for m in plain.metrics}
    slim = _slim(plain, "t", frame, shared)
    assert "opened_at" not in slim.columns and "resolved_at" not in slim.columns
    assert kpis.pkey("resolved_at") in slim.columns and "reopen_count" in slim.columns
    # A filter may name any column: everything stays.
    filtered = _cycle(tmp_path, None, ("filtered",))
    assert _slim(filtered, "t", frame, shared).columns == frame.columns
    # An observed KPI whose observations were not taken yet still needs its time column.
    assert _slim(plain, "t", frame, {}).columns == frame.columns


def test_missing_column_still_named_after_the_datetimes_went(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", TICKETS)
    mapping = {k: v for k, v in COLUMNS.items() if k != "reopen_count"}
    cycle = make_cycle(
        tmp_path,
        [Source(id="t", path="t.csv", columns=mapping)],
        [metric("v", "volume"), metric("mttr", "mttr_mean"), metric("r", "reopen_rate")],
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
    )
    got = compute(cycle)
    assert values(got, "v")["2026-01"] == 3
    assert values(got, "mttr")["2026-01"] == pytest.approx((10 + 24 + 384) / 3)
    assert any("reopen_count" in p.message for p in got.problems)
    assert not any("opened_at" in p.message for p in got.problems)


def test_duplicates_counted_exactly_across_hash_batches() -> None:
    # 1.1M distinct ids (more than one batch of 2**20), then 5 repeats of ids from the first
    # batch and 2 of the second: the repeats are in another batch than their first sighting.
    n = 1_100_000
    ids = pl.int_range(0, n, eager=True).cast(pl.String).rename("ticket_id")
    repeats = pl.Series("ticket_id", ["0", "1", "2", "3", "0", "1050000", "1099999"])
    both = pl.concat([ids, repeats])
    assert _duplicates(both) == both.len() - both.n_unique() == 7
    assert _duplicates(ids) == 0


# Counts that an Int8 (or Int32) cast would wrap, negatives, nulls and zeros: the sign keeps
# every ``> 0`` / ``== 0`` answer. January tickets #1-#3, #5 are resolved in January.
EXTREME_TICKETS = """id,opened,resolved,priority,reopen,reassign,sla,esc,major
1,2026-01-02 00:00,2026-01-02 10:00,P1,256,4294967296,true,false,true
2,2026-01-10 00:00,2026-01-11 00:00,P2,-3,0,false,true,false
3,2026-01-20 00:00,2026-01-25 00:00,P3,,-128,true,false,false
5,2025-12-20 00:00,2026-01-05 00:00,P2,0,,true,false,false
6,2026-01-12 00:00,2026-01-11 00:00,P1,0,0,true,false,false
"""


def _extreme(folder: Path, change_date: date | None, filtered: bool) -> Cycle:
    write(folder, "t.csv", EXTREME_TICKETS)
    kw = {"filter": "priority IS NOT NULL"} if filtered else {}  # true for every row
    metrics = [
        metric("reopen", "reopen_rate", **kw),
        metric("fa", "first_assignment_resolution", **kw),
        metric("vol", "volume"),
        metric("mttr", "mttr_mean", **kw),
        metric("mttr_med", "mttr_median", **kw),
        metric("sla48", "sla_compliance", options={"sla_hours": 48}, **kw),
    ]
    return make_cycle(
        folder,
        [Source(id="t", path="t.csv", columns=COLUMNS)],
        metrics,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        change_date=change_date,
    )


@pytest.mark.parametrize("change_date", [None, date(2026, 1, 15)])
def test_compacted_counts_give_the_same_rates(tmp_path: Path, change_date: date | None) -> None:
    compacted = compute(_extreme(tmp_path, change_date, filtered=False))
    # A filter turns compaction off: the same rates from the real Int64 counts.
    real = compute(_extreme(tmp_path, change_date, filtered=True))
    assert not compacted.problems and not real.problems
    # Independently, over the tickets resolved in January (#1, #2, #3, #5, #6): reopened (> 0)
    # is #1 only among #1, #2, #5, #6 (#3 has no count): 1 of 4; first assignment (== 0) is #2
    # and #6 among #1, #2, #3, #6 (#5 has none): 2 of 4. Hours: 10, 24, 120, 384 and #6
    # resolved before opened (left out): mean 134.5, median 72; within 48 h: #1, #2 of 4.
    for got in (compacted, real):
        assert values(got, "reopen")["2026-01"] == pytest.approx(25)
        assert values(got, "fa")["2026-01"] == pytest.approx(50)
        assert values(got, "mttr")["2026-01"] == pytest.approx(134.5)
        assert values(got, "mttr_med")["2026-01"] == pytest.approx(72)
        assert values(got, "sla48")["2026-01"] == pytest.approx(50)
    for mid in ("reopen", "fa", "mttr", "mttr_med", "sla48"):
        a, b = compacted.metric(mid), real.metric(mid)
        assert a is not None and b is not None
        assert a.periods == b.periods
        if change_date is not None:
            assert a.observations is not None and b.observations is not None
            assert a.observations.equals(b.observations)
    # The report still shows the source's own column types.
    types = {c.name: c.dtype for c in compacted.sources[0].columns}
    assert types["reopen_count"] == types["reassignment_count"] == "Int64"
    negative = [f for f in compacted.sources[0].findings if f.code == "resolved_before_opened"]
    assert negative and negative[0].count == 1  # counted before the hours were guarded


def test_compact_only_when_only_builtin_kpis_read_the_counts(tmp_path: Path) -> None:
    frame = pl.DataFrame({"reopen_count": [300, -2, None, 0], "x": [1, 2, 3, 4]})
    plain = _extreme(tmp_path, None, filtered=False)
    got = _compact(plain, "t", frame)
    assert got["reopen_count"].dtype == pl.Int8
    assert got["reopen_count"].to_list() == [1, -1, None, 0]
    assert got["x"].dtype == pl.Int64  # not a count column: untouched
    hours = pl.DataFrame({"resolution_hours": [-1.0, 0.0, 2.5, None]})
    assert kpis.guard_hours(hours)["resolution_hours"].to_list() == [None, 0.0, 2.5, None]
    filtered = _extreme(tmp_path, None, filtered=True)
    assert _compact(filtered, "t", frame).equals(frame)


@pytest.mark.parametrize("numpy_from", [0, 10**12])
@pytest.mark.parametrize("slice_rows", [1 << 20, 4096])
def test_duplicates_exact_with_either_sort(
    monkeypatch: pytest.MonkeyPatch, numpy_from: int, slice_rows: int
) -> None:
    # numpy sorts the hashes of large sources, polars those of small ones (without numpy
    # loaded): the same exact count, whether the ids are checked in one slice or in many (a
    # repeat then lies in another slice than its first sighting). 300k ids give a few 32-bit
    # hash collisions by chance (about 10 expected), which must not count as repeats.
    from csi_tui.data import quality

    monkeypatch.setattr(quality, "NUMPY_SORT_FROM", numpy_from)
    monkeypatch.setattr(quality, "SLICE", slice_rows)
    if numpy_from:
        monkeypatch.delitem(sys.modules, "numpy", raising=False)
    ids = pl.int_range(0, 300_000, eager=True).cast(pl.String).rename("ticket_id")
    both = pl.concat([ids, pl.Series("ticket_id", ["7", "7", "299999", None, None])])
    assert _duplicates(both) == both.len() - both.n_unique() == 4
    assert _duplicates(ids) == 0
