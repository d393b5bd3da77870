"""A source's file paths print normalised (``..`` folded, ``~`` expanded), symlinks as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source

from .helpers import compute, make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
ROW = "id,opened,resolved,prio\n1,2026-01-05 10:00,2026-01-05 12:00,1\n"


def _workspace_cycle(tmp_path: Path, path: str) -> object:
    (tmp_path / "ws" / "data").mkdir(parents=True)
    write(tmp_path / "ws" / "data", "inc.csv", ROW)
    write(tmp_path / "ws" / "data", "inc-2.csv", ROW.replace("1,2026", "2,2026"))
    cycles = tmp_path / "ws" / "cycles"
    cycles.mkdir(parents=True)
    return make_cycle(
        cycles,
        [Source(id="s", path=path, columns=MAP)],
        [Metric(id="v", name="v", source="s", kpi="volume")],
    )


def test_parent_folder_in_path_is_normalised(tmp_path: Path) -> None:
    result = compute(_workspace_cycle(tmp_path, "../data/inc.csv"))  # type: ignore[arg-type]
    assert result.sources[0].files == (str(tmp_path / "ws" / "data" / "inc.csv"),)


def test_glob_with_parent_folder_is_normalised(tmp_path: Path) -> None:
    result = compute(_workspace_cycle(tmp_path, "../data/inc*.csv"))  # type: ignore[arg-type]
    data = tmp_path / "ws" / "data"
    assert result.sources[0].files == (str(data / "inc-2.csv"), str(data / "inc.csv"))
    assert result.sources[0].rows_read == 2


def test_relative_cycle_folder_is_normalised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workspace_cycle(tmp_path, "unused")
    monkeypatch.chdir(tmp_path)
    cycle = make_cycle(
        Path("ws/cycles"),
        [Source(id="s", path="../data/inc.csv", columns=MAP)],
        [Metric(id="v", name="v", source="s", kpi="volume")],
    )
    assert compute(cycle).sources[0].files == ("ws/data/inc.csv",)


def test_home_folder_still_expands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "ws"))
    result = compute(_workspace_cycle(tmp_path, "~/cycles/../data/inc.csv"))  # type: ignore[arg-type]
    assert result.sources[0].files == (str(tmp_path / "ws" / "data" / "inc.csv"),)


def test_symlinks_are_not_resolved(tmp_path: Path) -> None:
    cycle = _workspace_cycle(tmp_path, "../linked/inc.csv")
    (tmp_path / "ws" / "linked").symlink_to(tmp_path / "ws" / "data")
    result = compute(cycle)  # type: ignore[arg-type]
    assert result.sources[0].files == (str(tmp_path / "ws" / "linked" / "inc.csv"),)
