"""The cache: a second open reads it; changing the data or the cycle gives fresh numbers."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from csi_tui import paths
from csi_tui.cycle.model import Metric, Source

from .helpers import compute, make_cycle, values, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}


def setup(tmp_path: Path) -> tuple[Path, object]:
    data = write(tmp_path, "a.csv", "id,opened,resolved\n1,2026-01-05 10:00,2026-01-05 12:00\n")
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns=MAP)],
        [Metric(id="mttr", name="m", source="s", kpi="mttr_mean")],
        change_date=date(2026, 2, 1),  # observations are kept, so the cache must serve them
    )
    return data, cycle


def test_second_open_comes_from_cache(tmp_path: Path) -> None:
    _, cycle = setup(tmp_path)
    first = compute(cycle, cache=True)  # type: ignore[arg-type]
    assert list((paths.cache_dir() / "engine" / "results").iterdir())
    messages: list[str] = []
    from csi_tui.data.engine import compute_cycle

    from .helpers import NOW

    second = compute_cycle(cycle, now=NOW, progress=lambda m, _f: messages.append(m))  # type: ignore[arg-type]
    assert messages == ["loaded from cache"]
    assert values(second, "mttr") == values(first, "mttr")
    a, b = first.metric("mttr"), second.metric("mttr")
    assert a is not None and b is not None and b.observations is not None
    assert b.observations.equals(a.observations)  # type: ignore[arg-type]
    assert second.sources[0].rows_read == 1 and second.sources[0].preview is not None


def test_changed_file_invalidates(tmp_path: Path) -> None:
    data, cycle = setup(tmp_path)
    assert values(compute(cycle, cache=True), "mttr")["2026-01"] == 2.0  # type: ignore[arg-type]
    stat = data.stat()
    data.write_text("id,opened,resolved\n1,2026-01-05 10:00,2026-01-05 14:00\n")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: content still counts
    assert values(compute(cycle, cache=True), "mttr")["2026-01"] == 4.0  # type: ignore[arg-type]


def test_changed_cycle_invalidates(tmp_path: Path) -> None:
    _, cycle = setup(tmp_path)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    changed = replace(cycle, metrics=(Metric(id="mttr", name="m", source="s", kpi="volume"),))  # type: ignore[type-var]
    assert values(compute(changed, cache=True), "mttr")["2026-01"] == 1.0


def test_corrupt_cache_is_a_miss(tmp_path: Path) -> None:
    _, cycle = setup(tmp_path)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    for f in (paths.cache_dir() / "engine").rglob("*.json"):
        f.write_text("{not json")
    assert values(compute(cycle, cache=True), "mttr")["2026-01"] == 2.0  # type: ignore[arg-type]
