"""One broken source or metric does not take down the cycle: the others still compute, the broken
one carries error findings (what is wrong, what to do) and no values, and the CLI exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.results import ComputeResult, MetricSeries
from csi_tui.errors import CsiError

from .helpers import compute, make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
GOOD = "id,opened,resolved\n1,2026-01-05 10:00,2026-01-05 12:00\n2,2026-02-05 10:00,\n"


def metric(mid: str, source: str, kpi: str, **kw: object) -> Metric:
    return Metric(id=mid, name=mid, source=source, kpi=kpi, **kw)  # type: ignore[arg-type]


def series(result: ComputeResult, metric_id: str) -> MetricSeries:
    found = result.metric(metric_id)
    assert found is not None
    return found


def codes(findings: tuple[object, ...]) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def test_missing_file_leaves_the_other_source_working(tmp_path: Path) -> None:
    write(tmp_path, "good.csv", GOOD)
    cycle = make_cycle(
        tmp_path,
        [
            Source(id="good", path="good.csv", columns=MAP),
            Source(id="gone", path="exports/gone.csv", columns=MAP),
        ],
        [metric("v_good", "good", "volume"), metric("v_gone", "gone", "volume")],
    )
    result = compute(cycle)
    assert [p.value for p in series(result, "v_good").periods] == [1.0, 1.0, 0.0]
    gone = result.source("gone")
    assert gone is not None and gone.rows_read == 0
    assert gone.files == (str(tmp_path / "exports" / "gone.csv"),)
    [error] = [f for f in gone.findings if f.severity == "error"]
    assert "data file not found" in error.message and error.advice  # what to do
    broken = series(result, "v_gone")
    assert all(p.value is None and p.n == 0 for p in broken.periods)
    assert codes(broken.findings) == ["source_unusable"]
    assert broken.findings[0].severity == "error"
    [problem] = result.problems
    assert problem.key == "sources[1].path" and problem.file == cycle.path
    assert result.has_errors()
    good = result.source("good")
    assert good is not None and not [f for f in good.findings if f.severity == "error"]


def test_empty_source_is_reported_with_its_counts(tmp_path: Path) -> None:
    write(tmp_path, "good.csv", GOOD)
    write(tmp_path, "empty.csv", "id,opened,resolved\n1,,\n2,,\n")
    cycle = make_cycle(
        tmp_path,
        [
            Source(id="good", path="good.csv", columns=MAP),
            Source(id="empty", path="empty.csv", columns=MAP),
        ],
        [metric("v_good", "good", "volume"), metric("v_empty", "empty", "volume")],
    )
    result = compute(cycle)
    empty = result.source("empty")
    assert empty is not None
    # Rows still add up: both read, both dropped for an empty opened_at.
    assert (empty.rows_read, empty.rows_kept, sum(d.count for d in empty.dropped)) == (2, 0, 2)
    [error] = [f for f in empty.findings if f.severity == "error"]
    assert "has no rows left (2 read; opened_at empty: 2)" in error.message
    assert codes(series(result, "v_empty").findings) == ["source_unusable"]
    assert series(result, "v_good").periods[0].value == 1.0


def test_missing_column_stops_only_the_metrics_that_need_it(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "id,opened,closed\n1,2026-01-05 10:00,2026-01-05 12:00\n")
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns={"ticket_id": "id", "opened_at": "opened"})],
        [metric("volume", "s", "volume"), metric("mttr", "s", "mttr_mean")],
    )
    result = compute(cycle)
    assert series(result, "volume").periods[0].value == 1.0
    mttr = series(result, "mttr")
    assert all(p.value is None for p in mttr.periods)
    assert codes(mttr.findings) == ["missing_column"]
    assert "needs column 'resolved_at'" in mttr.findings[0].message
    report = result.sources[0]
    [error] = [f for f in report.findings if f.severity == "error"]
    assert error.code == "missing_column" and error.column == "resolved_at"
    assert "closest columns" in error.advice
    assert result.problems and all("resolved_at" in p.message for p in result.problems)


def test_bad_metric_filter_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", GOOD)
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns=MAP)],
        [metric("volume", "s", "volume"), metric("odd", "s", "volume", filter="nope = = 1")],
    )
    result = compute(cycle)
    assert series(result, "volume").periods[0].value == 1.0
    odd = series(result, "odd")
    assert (
        codes(odd.findings) == ["metric_error"] and "metrics[1].filter" in odd.findings[0].message
    )


def test_without_keep_going_the_problems_are_raised_together(tmp_path: Path) -> None:
    # What callers written before keep_going get: one CsiError naming every broken source.
    cycle = make_cycle(
        tmp_path,
        [Source(id="a", path="a.csv", columns=MAP), Source(id="b", path="b.csv", columns=MAP)],
        [metric("va", "a", "volume"), metric("vb", "b", "volume")],
    )
    with pytest.raises(CsiError) as caught:
        compute(cycle, keep_going=False)
    assert [p.key for p in caught.value.problems] == ["sources[0].path", "sources[1].path"]


def test_broken_result_is_not_cached(tmp_path: Path) -> None:
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns=MAP)],
        [metric("volume", "s", "volume")],
    )
    assert compute(cycle, cache=True).problems
    write(tmp_path, "a.csv", GOOD)  # the export arrives: the next open reads it
    fixed = compute(cycle, cache=True)
    assert not fixed.problems and series(fixed, "volume").periods[0].value == 1.0


CYCLE = """schema_version = 1

[cycle]
id = "c1"
title = "Two sources"
service = "Email"
owner = "me"
start = 2026-01-01
end = 2026-02-28

[[sources]]
id = "good"
path = "good.csv"
[sources.columns]
ticket_id = "id"
opened_at = "opened"
resolved_at = "resolved"

[[sources]]
id = "gone"
path = "gone.csv"

[[metrics]]
id = "volume"
name = "Volume"
source = "good"
kpi = "volume"

[[metrics]]
id = "lost"
name = "Lost"
source = "gone"
kpi = "volume"
"""


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_prints_what_it_could_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write(tmp_path, "good.csv", GOOD)
    cycle = write(tmp_path, "c1.toml", CYCLE)
    code = main(["compute", str(cycle), "--no-cache", "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 2
    assert "data file not found" in err and "sources[1].path" in err and "Traceback" not in err
    if fmt == "json":
        doc = json.loads(out)
        volume, lost = doc["metrics"]
        assert volume["periods"][0]["value"] == 1.0
        assert lost["periods"][0]["value"] is None
        assert doc["sources"][1]["findings"][0]["severity"] == "error"
    elif fmt == "csv":
        assert "volume,2026-01,2026-01-01,2026-02-01,1.0,1,true,," in out
    else:
        assert "✖ ERROR" in out and "data file not found" in out


def test_cli_empty_metric_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Everything reads, but a metric has no rows in any period: numbers nobody should believe.
    write(tmp_path, "good.csv", GOOD)
    write(tmp_path, "gone.csv", "opened_at\n2026-01-05 10:00\n")
    text = CYCLE + 'filter = "opened_at IS NULL"\n'
    cycle = write(tmp_path, "c1.toml", text)
    code = main(["compute", str(cycle), "--no-cache"])
    out, err = capsys.readouterr()
    assert code == 2 and json.loads(out)["metrics"][0]["periods"][0]["value"] == 1.0
    assert "metric lost: lost: no rows fall in any period" in err


def test_cli_all_good_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "good.csv", GOOD)
    write(tmp_path, "gone.csv", "opened_at\n2026-01-05 10:00\n")
    code = main(["compute", str(write(tmp_path, "c1.toml", CYCLE)), "--no-cache"])
    _, err = capsys.readouterr()
    assert code == 0 and err == ""
