"""Resolution hours and their findings are the same whether worked out during the read or after.

``resolution_hours`` is worked out after the read when the data has none of its own and nothing
reads it during the read: the same frame, column order and findings as when it is read with the
rest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data import prepare
from csi_tui.data.engine import needed_for_source

from .helpers import make_cycle, write

NOW = datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC"))
ROWS = "\n".join(
    [
        "id,opened,resolved,state",
        "A1,2026-01-02 10:00,2026-01-02 12:30,Closed",  # 2.5 h
        "A2,2026-01-03 10:00,2026-01-01 10:00,Closed",  # resolved first: -48 h
        "A3,2026-01-04 10:00,,Open",  # open: no hours
        "A1,2026-01-05 10:00,2028-02-05 10:00,Closed",  # a repeated id, absurd duration
        ",2026-01-06 10:00,2026-01-06 10:30,Closed",
        "A5,,2026-01-06 10:30,Closed",  # no opened date: dropped
        "A6,2026-01-07 10:00,2027-01-07 10:00,Closed",  # 8760 h: a year, not over it
        "A7,2026-01-07 10:00,2027-01-07 10:01,Closed",  # just over a year
    ]
)
METRICS = [
    Metric(id="m", name="m", source="s", kpi="mttr_mean"),
    Metric(id="v", name="v", source="s", kpi="volume"),
]


def prepared(tmp_path: Path, source_filter: str | None, compact: bool):  # type: ignore[no-untyped-def]
    tmp_path.mkdir()
    write(tmp_path, "t.csv", ROWS + "\n")
    source = Source(
        id="s",
        path="t.csv",
        filter=source_filter,
        columns={"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"},
    )
    cycle = make_cycle(tmp_path, [source], METRICS)
    return prepare.prepare_source(cycle, source, needed_for_source(cycle, source), NOW, compact)


@pytest.mark.parametrize("compact", [False, True])
def test_hours_after_the_read_are_the_hours_read_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    calls: list[bool] = []
    real = prepare.source_findings

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(bool(args[5] if len(args) > 5 else kwargs.get("hours_later")))
        return real(*args, **kwargs)

    monkeypatch.setattr(prepare, "source_findings", spy)
    later = prepared(tmp_path / "a", None, compact)  # nothing reads the hours during the read
    with_read = prepared(tmp_path / "b", "1 = 1", compact)  # a filter might: read with the rest
    assert calls == [True, False]  # each path was taken
    assert later.frame.columns == with_read.frame.columns
    assert later.frame.equals(with_read.frame)
    hours = later.frame["resolution_hours"].to_list()
    assert hours == [2.5, -48.0, None, 18264.0, 0.5, 8760.0, 8760 + 1 / 60]

    def found(p):  # type: ignore[no-untyped-def]
        return sorted((f.code, f.column, f.count) for f in p.report.findings)

    assert found(later) == found(with_read)
    counts = {f.code: f.count for f in later.report.findings}
    assert counts["resolved_before_opened"] == 1
    assert counts["absurd_duration"] == 2  # A1's two years and A7; not A6's 8760 h
    assert counts["duplicate_keys"] == 1
    assert [c.name for c in later.report.columns] == [c.name for c in with_read.report.columns]
