"""Ticket ids: duplicates counted exactly, shown in the preview, kept only when a metric reads them.

Ids are read as 64-bit hashes when only the duplicate check reads them: the duplicate count is
that of the ids, the preview still shows the ids of the first kept rows, and no id (nor hash) is
left in the frame the metrics use."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.engine import needed_for_source
from csi_tui.data.prepare import prepare_source
from csi_tui.data.quality import ID_HASH, duplicate_hashes, id_hash_expr

from .helpers import make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
VOLUME = Metric(id="volume", name="Volume", source="s", kpi="volume")
NOW = datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC"))


def test_hash_duplicates_match_a_plain_count_of_the_ids() -> None:
    rng = random.Random(11)
    for size in (1, 40, 3000, 70_000):  # the last spans more than one sort of the low 32 bits
        values = [
            rng.choice([None, *(f"INC{rng.randrange(size)}" for _ in range(3))])
            for _ in range(size)
        ]
        ids = pl.Series("ticket_id", values, dtype=pl.String)
        hashes = ids.to_frame().select(id_hash_expr())[ID_HASH]
        assert hashes.dtype == pl.UInt64
        assert duplicate_hashes(hashes) == ids.len() - ids.n_unique()


def _prepared(tmp_path: Path, body: str, source_filter: str | None = None):  # type: ignore[no-untyped-def]
    write(tmp_path, "a.csv", "id,opened,resolved,state\n" + body)
    source = Source(id="s", path="a.csv", columns=MAP, filter=source_filter)
    cycle = make_cycle(tmp_path, [source], [VOLUME])
    return prepare_source(cycle, source, needed_for_source(cycle, source), NOW)


def test_ids_only_for_the_duplicate_check_are_not_kept(tmp_path: Path) -> None:
    rows = "".join(f"INC{i % 40},2026-01-{1 + i % 27:02d} 10:00,,Open\n" for i in range(50))
    prep = _prepared(tmp_path, rows)
    assert "ticket_id" not in prep.frame.columns and ID_HASH not in prep.frame.columns
    dupes = [f for f in prep.report.findings if f.code == "duplicate_keys"]
    assert [f.count for f in dupes] == [10]  # 50 rows, 40 distinct ids
    assert "ticket_id" not in [c.name for c in prep.report.columns]


def test_the_preview_shows_the_ids_of_the_first_kept_rows(tmp_path: Path) -> None:
    # Rows 1-3 have no opened date and rows 5 and 7 fail the filter: the preview starts at the
    # fourth row and skips those, exactly as the kept frame does.
    lines = []
    for i in range(1, 61):
        opened = "" if i <= 3 else f"2026-02-{1 + i % 27:02d} 09:00"
        state = "Cancelled" if i in (5, 7) else "Open"
        lines.append(f"INC{i:03d},{opened},,{state}\n")
    prep = _prepared(tmp_path, "".join(lines), source_filter="state <> 'Cancelled'")
    expected = [f"INC{i:03d}" for i in range(4, 61) if i not in (5, 7)][:20]
    preview = prep.report.preview
    assert preview is not None
    assert preview["ticket_id"].to_list() == expected
    assert ID_HASH not in preview.columns
    # Each id sits beside its own row's values.
    days = [int(v.day) for v in preview["opened_at"].to_list()]
    assert days == [1 + int(i[3:]) % 27 for i in expected]
    assert prep.report.rows_kept == 60 - 3 - 2


def test_ids_a_metric_reads_are_kept_as_they_are(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,resolved,state\nA1,2026-01-05 10:00,,Open\n")
    breakdown = Metric(id="v", name="V", source="s", kpi="volume", breakdowns=("ticket_id",))
    source = Source(id="s", path="a.csv", columns=MAP)
    cycle = make_cycle(tmp_path, [source], [breakdown])
    prep = prepare_source(cycle, source, needed_for_source(cycle, source), NOW)
    assert prep.frame["ticket_id"].to_list() == ["A1"]
    assert ID_HASH not in prep.frame.columns
