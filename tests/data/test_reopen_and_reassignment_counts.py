"""Reopen and first-assignment rates equal a plain count; the report shows the real counts.

Counts are read as their signs when only built-in KPIs read a source: the same KPI values, the
real types and values in the report and the preview, and a cache entry that never serves a cycle
that reads the real counts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.engine import needed_for_source
from csi_tui.data.prepare import prepare_source

from .helpers import NOW, compute, make_cycle, values, write

MAP = {
    "ticket_id": "id",
    "opened_at": "opened",
    "resolved_at": "resolved",
    "reopen_count": "reopens",
    "reassignment_count": "hops",
}
REOPEN = Metric(id="reopen", name="Reopen", source="s", kpi="reopen_rate")
FIRST = Metric(id="first", name="First", source="s", kpi="first_assignment_resolution")
# (reopens, reassignments) per ticket, all resolved in January 2026; one of each count is empty.
COUNTS = [(0, 0), (1, 2), (3, 0), (None, 1), (2, None), (0, 5), (7, 0), (0, 0)]


def _file(tmp_path: Path) -> None:
    lines = ["id,opened,resolved,reopens,hops\n"]
    for i, (reopens, hops) in enumerate(COUNTS, start=1):
        r = "" if reopens is None else reopens
        h = "" if hops is None else hops
        lines.append(f"INC{i:03d},2026-01-{i + 1:02d} 08:00,2026-01-{i + 1:02d} 12:00,{r},{h}\n")
    write(tmp_path, "a.csv", "".join(lines))


def test_kpis_from_signs_equal_a_plain_count(tmp_path: Path) -> None:
    _file(tmp_path)
    cycle = make_cycle(tmp_path, [Source(id="s", path="a.csv", columns=MAP)], [REOPEN, FIRST])
    result = compute(cycle)
    known_reopens = [r for r, _ in COUNTS if r is not None]
    known_hops = [h for _, h in COUNTS if h is not None]
    expected_reopen = 100 * sum(r > 0 for r in known_reopens) / len(known_reopens)
    expected_first = 100 * sum(h == 0 for h in known_hops) / len(known_hops)
    assert values(result, "reopen")["2026-01"] == pytest.approx(expected_reopen, rel=1e-12)
    assert values(result, "first")["2026-01"] == pytest.approx(expected_first, rel=1e-12)


def test_report_and_preview_show_the_real_counts(tmp_path: Path) -> None:
    _file(tmp_path)
    source = Source(id="s", path="a.csv", columns=MAP)
    cycle = make_cycle(tmp_path, [source], [REOPEN, FIRST])
    needed = needed_for_source(cycle, source)
    prep = prepare_source(cycle, source, needed, NOW, compact=True)
    assert prep.frame.schema["reopen_count"] == pl.Int8
    assert prep.frame["reopen_count"].to_list() == [
        None if r is None else min(r, 1) for r, _ in COUNTS
    ]
    types = {c.name: c.dtype for c in prep.report.columns}
    assert types["reopen_count"] == types["reassignment_count"] == "Int64"
    nulls = {c.name: c.nulls for c in prep.report.columns}
    assert nulls["reopen_count"] == 1 and nulls["reassignment_count"] == 1
    preview = prep.report.preview
    assert preview is not None
    assert preview["reopen_count"].to_list() == [r for r, _ in COUNTS]
    assert preview["reassignment_count"].to_list() == [h for _, h in COUNTS]
    assert preview["ticket_id"].to_list() == [f"INC{i:03d}" for i in range(1, 9)]
    plain = prepare_source(cycle, source, needed, NOW)
    assert plain.frame.schema["reopen_count"] == pl.Int64
    assert plain.report.preview is not None
    assert plain.report.preview.select(preview.columns).equals(preview)


def test_a_cached_compact_source_never_serves_real_counts(tmp_path: Path) -> None:
    # Same source, same columns needed; the second cycle filters on the real count.
    _file(tmp_path)
    source = Source(id="s", path="a.csv", columns=MAP)
    plain = make_cycle(tmp_path, [source], [REOPEN])
    filtered = Metric(
        id="reopen", name="Reopen", source="s", kpi="reopen_rate", filter="reopen_count >= 2"
    )
    reading = make_cycle(tmp_path, [source], [filtered])
    assert needed_for_source(plain, source).keys() == needed_for_source(reading, source).keys()  # type: ignore[union-attr]
    compute(plain, cache=True)  # leaves a compact entry
    warm = compute(reading, cache=True)
    cold = compute(reading, cache=False)
    assert values(warm, "reopen") == values(cold, "reopen")
    assert values(cold, "reopen")["2026-01"] == 100.0  # 3, 2 and 7 reopens: all reopened
    assert warm.metric("reopen").periods[0].n == 3  # type: ignore[union-attr]


def test_the_cached_preview_is_the_one_made(tmp_path: Path) -> None:
    _file(tmp_path)
    cycle = make_cycle(tmp_path, [Source(id="s", path="a.csv", columns=MAP)], [REOPEN])
    first = compute(cycle, cache=True)
    # The result cache would answer a second compute whole; a new metric needs the source again.
    more = make_cycle(tmp_path, [Source(id="s", path="a.csv", columns=MAP)], [REOPEN, FIRST])
    second = compute(more, cache=True)
    a, b = first.sources[0].preview, second.sources[0].preview
    assert a is not None and b is not None
    assert b["ticket_id"].to_list()[:3] == ["INC001", "INC002", "INC003"]
    assert b["reopen_count"].to_list() == [r for r, _ in COUNTS]
