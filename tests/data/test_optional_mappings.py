"""A typo in an optional mapping or a breakdown disables only what uses it (issue 10: a
breakdown column's typo in [sources.columns] took down every metric of the source)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.errors import CsiError

from .helpers import compute, make_cycle, values, write

ROWS = "id,opened,resolved,prio\n" + "".join(
    f"{i},2026-0{1 + i % 3}-0{1 + i % 9} 10:00,2026-0{1 + i % 3}-0{1 + i % 9} 14:00,P{i % 2}\n"
    for i in range(30)
)
BASE = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}


def _cycle(tmp_path: Path, columns: dict[str, str], breakdowns: tuple[str, ...]):  # type: ignore[no-untyped-def]
    write(tmp_path, "a.csv", ROWS)
    metrics = [
        Metric(id="volume", name="Volume", source="s", kpi="volume", breakdowns=breakdowns),
        Metric(id="mttr", name="MTTR", source="s", kpi="mttr_mean"),
    ]
    return make_cycle(tmp_path, [Source(id="s", path="a.csv", columns=columns)], metrics)


def _expected_volume() -> dict[str, float]:
    # independent count: rows per opened month, straight from the file's text
    counts: dict[str, float] = {}
    for line in ROWS.splitlines()[1:]:
        month = line.split(",")[1][:7]
        counts[month] = counts.get(month, 0) + 1
    return counts


def test_a_breakdown_typo_leaves_the_metric_values(tmp_path: Path) -> None:
    result = compute(_cycle(tmp_path, {**BASE, "priority": "prio"}, ("priorty",)))
    assert values(result, "volume") == _expected_volume()
    series = result.metric("volume")
    assert series is not None and "priorty" not in series.breakdowns
    (finding,) = [f for f in series.findings if f.code == "breakdown_unusable"]
    assert "'priorty'" in finding.message and "values are not affected" in finding.message
    assert values(result, "mttr") == {"2026-01": 4.0, "2026-02": 4.0, "2026-03": 4.0}


def test_a_mapping_typo_takes_down_only_its_readers(tmp_path: Path) -> None:
    result = compute(_cycle(tmp_path, {**BASE, "priority": "prioo"}, ("priority",)))
    report = result.sources[0]
    assert report.rows_kept == 30  # the source still serves its metrics
    messages = [f.message for f in report.findings if f.severity == "error"]
    assert any("'prioo' (mapped to priority) is not in the data" in m for m in messages)
    assert values(result, "volume") == _expected_volume()
    assert values(result, "mttr") == {"2026-01": 4.0, "2026-02": 4.0, "2026-03": 4.0}
    volume = result.metric("volume")
    assert volume is not None and volume.breakdowns == {}
    # and the command line still says which key to fix
    assert any(p.key == "sources[0].columns.priority" for p in result.problems)


def test_a_mapping_typo_of_the_date_column_stops_the_source(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path, {**BASE, "opened_at": "opend"}, ())
    with pytest.raises(CsiError, match="'opend' \\(mapped to opened_at\\) is not in the data"):
        compute(cycle, keep_going=False)
