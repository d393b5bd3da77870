"""Property tests: rows never vanish unaccounted; period values do not depend on row order."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source

from .helpers import compute, make_cycle, write

BASE = datetime(2025, 12, 1)
row = st.tuples(
    st.one_of(st.none(), st.integers(0, 150), st.just(-1)),  # opened: day offset, empty, garbage
    st.one_of(st.none(), st.integers(-48, 2000)),  # resolved: hours after opened
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["New", "Closed", "Cancelled"]),
)
METRICS = [
    Metric(id=k, name=k, source="s", kpi=k, breakdowns=("group",))
    for k in ("volume", "backlog", "mttr_mean", "mttr_p90", "flow_ratio")
]


def to_csv(rows: list[tuple[int | None, int | None, str, str]]) -> str:
    lines = ["id,opened,resolved,group,state"]
    for i, (day, hours, group, state) in enumerate(rows):
        if day is None:
            opened, resolved = "", ""
        elif day == -1:
            opened, resolved = "soon", ""
        else:
            start = BASE + timedelta(days=day, hours=i % 24)
            opened = start.strftime("%Y-%m-%d %H:%M")
            resolved = (start + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M") if hours else ""
        lines.append(f"{i},{opened},{resolved},{group},{state}")
    return "\n".join(lines) + "\n"


def run(text: str) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        write(path, "a.csv", text)
        source = Source(
            id="s",
            path="a.csv",
            filter="state <> 'Cancelled'",
            columns={
                "ticket_id": "id",
                "opened_at": "opened",
                "resolved_at": "resolved",
                "state": "state",
            },
        )
        return compute(make_cycle(path, [source], METRICS))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=40))
def test_rows_accounted_for(rows: list[tuple[int | None, int | None, str, str]]) -> None:

    result = run(to_csv(rows))
    report = result.sources[0]  # type: ignore[attr-defined]
    errors = [f.message for f in report.findings if f.severity == "error"]
    if any("cannot read column" in e for e in errors):  # unreadable dates: nothing counted
        return
    if errors:  # nothing left: must be said, with the counts
        assert any("has no rows left" in e and f"{len(rows)} read" in e for e in errors)
    assert report.rows_read == len(rows)
    assert report.rows_kept + sum(d.count for d in report.dropped) == report.rows_read


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_order_does_not_matter(rows: list[tuple[int | None, int | None, str, str]], rnd) -> None:  # type: ignore[no-untyped-def]

    text = to_csv(rows)
    header, *lines = text.splitlines()
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    a = run(text)
    if a.problems:  # type: ignore[attr-defined]  # no rows left, or unreadable: nothing to order
        return
    b = run("\n".join([header, *shuffled]) + "\n")
    for sa, sb in zip(a.metrics, b.metrics, strict=True):  # type: ignore[attr-defined]
        assert [(p.period, p.value, p.n) for p in sa.periods] == [
            (p.period, p.value, p.n) for p in sb.periods
        ] or all(
            abs((x.value or 0) - (y.value or 0)) < 1e-9 and x.n == y.n
            for x, y in zip(sa.periods, sb.periods, strict=True)
        )
        assert sorted((v.group, v.period, v.n) for v in sa.breakdowns["group"]) == sorted(
            (v.group, v.period, v.n) for v in sb.breakdowns["group"]
        )
