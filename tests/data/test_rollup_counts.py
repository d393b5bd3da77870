"""An event log's report: events read, tickets after the roll-up and rows dropped with their
reasons, each apart. Events merged into their ticket are not dropped rows (issue 10: a Volvo log
showed 57,979 merged events as "dropped")."""

from __future__ import annotations

import csv
from pathlib import Path

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Rollup, Source
from csi_tui.report.compute_json import source_to_json
from csi_tui.report.compute_table import compute_to_table

from .helpers import compute, make_cycle, write

# A has 3 events, B 2, C one without a time (dropped: no ticket C), D 2 of which one has no
# time, E 2 ending Cancelled (dropped by the filter, as a ticket).
LOG = """key,at,status
A,2026-01-05 10:00,New
A,2026-01-05 11:00,Work
A,2026-01-05 12:00,Resolved
B,2026-01-06 10:00,New
B,2026-01-07 10:00,Resolved
C,,New
D,2026-02-01 09:00,New
D,,Work
E,2026-02-02 10:00,New
E,2026-02-02 11:00,Cancelled
"""


def test_events_tickets_and_drops_apart(tmp_path: Path) -> None:
    write(tmp_path, "log.csv", LOG)
    rows = list(csv.DictReader(LOG.splitlines()))
    timed = [r for r in rows if r["at"]]
    keys = {r["key"] for r in timed}
    cancelled = {r["key"] for r in timed if r["status"] == "Cancelled"}
    source = Source(
        id="log",
        path="log.csv",
        columns={"ticket_id": "key"},
        filter="status <> 'Cancelled'",
        datetime_format="%Y-%m-%d %H:%M",
        rollup=Rollup(key="key", order_by="at", keep="last", first_as="opened_at"),
    )
    metric = Metric(id="volume", name="v", source="log", kpi="volume")
    cycle = make_cycle(tmp_path, [source], [metric])
    result = compute(cycle)
    report = result.source("log")
    assert report is not None
    assert report.rows_read == len(rows) == 10
    assert report.rolled_up_from == len(timed) == 8
    assert report.rolled_up_to == len(keys) == 4
    assert report.merged == len(timed) - len(keys) == 4
    assert report.rows_kept == len(keys - cancelled) == 3
    assert [(d.reason, d.count) for d in report.dropped] == [
        ("at empty", len(rows) - len(timed)),
        ("filter: status <> 'Cancelled'", len(cancelled)),
    ]
    assert report.rows_read == report.rows_kept + report.merged + report.rows_dropped

    out = source_to_json(report)
    assert (out["rolled_up_from"], out["rolled_up_to"], out["rows_merged"]) == (8, 4, 4)
    assert out["rows_dropped"] == 3
    text = compute_to_table(cycle, result)
    assert "log: 10 read (rolled up to 4 tickets), 3 kept, 3 dropped" in text


def test_no_rollup_has_nothing_merged(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", "id,opened\n1,2026-01-05 10:00\n2,\n")
    source = Source(id="t", path="t.csv", columns={"ticket_id": "id", "opened_at": "opened"})
    result = compute(
        make_cycle(tmp_path, [source], [Metric(id="v", name="v", source="t", kpi="volume")])
    )
    report = result.source("t")
    assert report is not None
    assert (report.rolled_up_from, report.rolled_up_to, report.merged) == (None, None, 0)
    assert report.rows_read == report.rows_kept + report.rows_dropped == 2
