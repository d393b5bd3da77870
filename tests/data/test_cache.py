"""The cache: a second open reads it; changing the data or the cycle gives fresh numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from csi_tui import paths
from csi_tui.cycle.model import Cycle, Metric, Note
from csi_tui.cycle.sources import Source
from csi_tui.data.engine import compute_cycle
from csi_tui.data.source_cache import load_result

from .helpers import NOW, compute, make_cycle, values, write

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


def _from_cache(cycle: Cycle) -> bool:
    messages: list[str] = []
    compute_cycle(cycle, now=NOW, progress=lambda m, _f: messages.append(m))
    return messages == ["loaded from cache"]


def _with_metric(cycle: Cycle, **changes: object) -> Cycle:
    return replace(cycle, metrics=(replace(cycle.metrics[0], **changes),))  # type: ignore[arg-type]


EXPECTATIONS = [
    {"target": 1.5},
    {"amber": 3.0},
    {"baseline": 2.5},
    {"name": "Mean time to resolve"},
    {"direction": "higher"},
    {"target_date": date(2026, 6, 30)},
    {"description": "why we measure it"},
]


@pytest.mark.parametrize("changes", EXPECTATIONS, ids=lambda c: ",".join(c))
def test_an_expectation_edit_keeps_the_computed_data(
    tmp_path: Path, changes: dict[str, object]
) -> None:
    _, cycle = setup(tmp_path)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    assert _from_cache(_with_metric(cycle, **changes))  # type: ignore[arg-type]


def test_edits_outside_the_metrics_that_compute_nothing_keep_the_computed_data(
    tmp_path: Path,
) -> None:
    _, cycle = setup(tmp_path)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    edited = replace(
        cycle,  # type: ignore[type-var]
        cycle=replace(cycle.cycle, title="Renamed", status="review"),  # type: ignore[attr-defined]
        # another change date still keeps the observations; the tests' settings are analysis
        analysis=replace(cycle.analysis, change_date=date(2026, 3, 1), alpha=0.01),  # type: ignore[attr-defined]
        notes=(Note(date(2026, 3, 2), "talked it through"),),
    )
    assert _from_cache(edited)


def test_a_unit_or_formula_edit_computes_again(tmp_path: Path) -> None:
    _, cycle = setup(tmp_path)
    compute(cycle, cache=True)  # type: ignore[arg-type]
    assert not _from_cache(_with_metric(cycle, unit="minutes"))  # type: ignore[arg-type]
    assert not _from_cache(_with_metric(cycle, kpi="mttr_median"))  # type: ignore[arg-type]


def _cut(f: Path) -> None:
    f.write_bytes(f.read_bytes()[:20])


DAMAGE: dict[str, Callable[[Path], None]] = {
    "documents of another shape": lambda f: (
        f.write_text('{"frames": [], "value": {"id": 1}}') if f.suffix == ".json" else None
    ),
    "frames cut short": lambda f: _cut(f) if f.suffix == ".parquet" else None,
    "frames deleted": lambda f: f.unlink() if f.suffix == ".parquet" else None,
    "documents deleted": lambda f: f.unlink() if f.suffix == ".json" else None,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_a_miss_and_computed_afresh(tmp_path: Path, damage: str) -> None:
    _, cycle = setup(tmp_path)
    first = compute(cycle, cache=True)  # type: ignore[arg-type]
    for f in list((paths.cache_dir() / "engine").rglob("*.*")):
        DAMAGE[damage](f)
    assert load_result(cycle, NOW) is None  # type: ignore[arg-type]
    again = compute(cycle, cache=True)  # type: ignore[arg-type]
    assert (
        values(again, "mttr")
        == values(first, "mttr")
        == {"2026-01": 2.0, "2026-02": None, "2026-03": None}
    )
    a, b = first.metric("mttr"), again.metric("mttr")
    assert a is not None and b is not None and b.observations is not None
    assert b.observations.equals(a.observations)  # type: ignore[arg-type]


def test_the_cache_modules_import_nothing_that_reads_sources() -> None:
    """The store and the codec know files and result types, not how a source is read."""
    code = (
        "import sys\n"
        "import csi_tui.data.cache, csi_tui.data.cache_codec, csi_tui.data.jsonable\n"
        "print(sorted(m for m in sys.modules if m.startswith('csi_tui.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout
    for module in ("prepare", "readers", "engine", "source_cache", "kpis", "source_access"):
        assert f"csi_tui.data.{module}'" not in loaded
    assert "csi_tui.data.cache_codec'" in loaded  # the check itself sees what was imported
