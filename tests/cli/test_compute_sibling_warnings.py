"""``csi-tui compute`` warns about the broken cycle files beside the one it computes, and still
computes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from data.helpers import CYCLE, DATA, write


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compute", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "cycles").mkdir()
    write(tmp_path, "inc.csv", DATA)
    good = CYCLE.format(path="../inc.csv", source_extra="", resolved_map='resolved_at = "resolved"')
    write(tmp_path, "cycles/c1.toml", good)
    write(tmp_path, "cycles/broken.toml", "schema_version = 1\n[cycle\nid = 'x'\n")
    write(
        tmp_path,
        "cycles/wrong.toml",
        good.replace('id = "c1"', 'id = "c2"', 1).replace('kpi = "volume"', 'kpi = "no_such_kpi"'),
    )
    return tmp_path


def test_broken_sibling_is_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _workspace(tmp_path)
    code, out, err = run(capsys, str(folder), "--cycle", "c1", "--no-cache")
    assert code == 0  # the cycle asked for computed fine
    assert json.loads(out)["cycle"]["id"] == "c1"
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2, err
    broken, wrong = warnings
    assert str(folder / "cycles" / "broken.toml") in broken
    assert str(folder / "cycles" / "wrong.toml") in wrong and "no_such_kpi" in wrong
    assert all(f"run csi-tui validate {folder} for all" in w for w in warnings)


def test_broken_sibling_warned_for_cycle_file_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _workspace(tmp_path)
    target = folder / "cycles" / "c1.toml"
    code, out, err = run(capsys, str(target), "--format", "table", "--no-cache")
    assert code == 0 and "MTTR (mttr, h)" in out
    assert "broken.toml" in err and "wrong.toml" in err and "c1.toml" not in err
    assert f"run csi-tui validate {folder} for all" in err


def test_no_warning_without_broken_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _workspace(tmp_path)
    (folder / "cycles" / "broken.toml").unlink()
    (folder / "cycles" / "wrong.toml").unlink()
    code, _, err = run(capsys, str(folder), "--no-cache")
    assert code == 0 and err == ""
