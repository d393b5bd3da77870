"""``csi-tui compute``: output formats, and exit 2 with a clear message for each user error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from data.helpers import CYCLE, DATA, write


def setup(
    tmp_path: Path,
    data: str = DATA,
    path: str = "inc.csv",
    source_extra: str = "",
    resolved_map: str = 'resolved_at = "resolved"',
) -> Path:
    write(tmp_path, "inc.csv", data)
    return write(
        tmp_path,
        "c1.toml",
        CYCLE.format(path=path, source_extra=source_extra, resolved_map=resolved_map),
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compute", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(setup(tmp_path)), "--no-cache")
    assert code == 0
    doc = json.loads(out)
    assert (doc["format"], doc["version"], doc["cycle"]["id"]) == ("csi-tui/compute", 1, "c1")
    mttr = doc["metrics"][0]
    assert mttr["periods"][0] == {
        "period": "2026-01",
        "start": "2026-01-01",
        "end": "2026-02-01",
        "value": 2.0,
        "n": 1,
        "complete": True,
    }
    assert mttr["breakdowns"]["group"][0]["group"] == "A"
    assert doc["sources"][0]["rows_read"] == 2


def test_metric_option_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(setup(tmp_path)), "--format", "csv", "--metric", "volume")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "metric,period,start,end,value,n,complete,breakdown,group"
    assert lines[1:] == [
        "volume,2026-01,2026-01-01,2026-02-01,1.0,1,true,,",
        "volume,2026-02,2026-02-01,2026-03-01,1.0,1,false,,",
    ]  # cut off


def test_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(setup(tmp_path)), "--format", "table")
    assert code == 0
    assert "MTTR (mttr, h)" in out and "2 read, 2 kept, 0 dropped" in out
    # February is cut off: a warning, with the glyph the TUI's step 3 uses. ▲ means improvement.
    assert "⚠ WARNING [2026-02]" in out and "▲" not in out


def test_workspace_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cycles").mkdir()
    write(tmp_path, "inc.csv", DATA)
    write(
        tmp_path,
        "cycles/c1.toml",
        CYCLE.format(path="../inc.csv", source_extra="", resolved_map='resolved_at = "resolved"'),
    )
    code, out, _ = run(capsys, str(tmp_path), "--cycle", "c1")
    assert code == 0 and json.loads(out)["cycle"]["id"] == "c1"
    code, _, err = run(capsys, str(tmp_path), "--cycle", "nope")
    assert code == 2 and "no cycle 'nope'" in err and "c1" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(setup(tmp_path, path="missing.csv")))
    assert code == 2
    assert "data file not found" in err and "sources[0].path" in err and "Traceback" not in err


def test_missing_column_names_closest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(setup(tmp_path, resolved_map="")))
    assert code == 2
    assert "needs column 'resolved_at'" in err and "closest columns: 'resolved'" in err


def test_unparseable_shows_value_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "id,opened,resolved,group\n1,last tuesday,,A\n"
    code, _, err = run(capsys, str(setup(tmp_path, data=data)))
    assert code == 2
    assert "'last tuesday' (data row 1)" in err and "datetime_format" in err


def test_empty_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(setup(tmp_path, source_extra='filter = "\\"group\\" = \'Z\'"')))
    assert code == 2
    assert "has no rows left" in err and "2 read" in err


def test_unknown_metric(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(setup(tmp_path)), "--metric", "nope")
    assert code == 2 and "no metric 'nope'" in err and "mttr, volume" in err


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nothing.toml"))
    assert code == 2 and "no such file" in err
