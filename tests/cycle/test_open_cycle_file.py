"""A cycle file given by name opens its whole workspace, with that cycle selected."""

from __future__ import annotations

from pathlib import Path

import pytest

from csi_tui.cycle.workspace import open_target
from csi_tui.errors import CsiError

from .helpers import MINIMAL, make_workspace, write

LATER = MINIMAL.replace('id = "c1"', 'id = "c2"').replace("2026-01-01", "2026-02-01")


def test_an_older_cycle_file_opens_the_workspace_with_it_selected(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "b.toml": LATER})
    ws = open_target(root / "cycles" / "a.toml")
    assert [c.id for c in ws.cycles] == ["c1", "c2"]  # the sibling comes along for the history
    assert ws.selected == "c1"
    chosen = ws.open_cycle()
    assert chosen is not None and chosen.id == "c1"  # not the newer c2 a folder would open
    assert [c.id for c in ws.history("Email")] == ["c1", "c2"]
    assert ws.register is not None and ws.register.get("CSI-1") is not None


def test_the_folder_still_opens_the_newest_cycle(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "b.toml": LATER})
    ws = open_target(root)
    chosen = ws.open_cycle()
    assert ws.selected is None and chosen is not None and chosen.id == "c2"


def test_a_broken_sibling_is_reported_and_the_file_opens(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "bad.toml": "schema_version = 1\n[cycle\n"})
    ws = open_target(root / "cycles" / "a.toml")
    assert ws.selected == "c1" and [c.id for c in ws.cycles] == ["c1"]
    assert list(ws.broken) == [root / "cycles" / "bad.toml"]


def test_the_file_asked_for_being_broken_raises_its_own_problem(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "bad.toml": "schema_version = 1\n[cycle\n"})
    with pytest.raises(CsiError, match="invalid TOML") as caught:
        open_target(root / "cycles" / "bad.toml")
    assert all(p.file == root / "cycles" / "bad.toml" for p in caught.value.problems)


def test_a_duplicate_id_set_aside_is_said_when_that_file_is_asked_for(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "b.toml": MINIMAL})
    with pytest.raises(CsiError, match=r"already used by a\.toml"):
        open_target(root / "cycles" / "b.toml")


def test_a_cycle_file_outside_a_cycles_folder_opens_alone(tmp_path: Path) -> None:
    write(tmp_path, "loose/one.toml", MINIMAL)
    write(tmp_path, "loose/two.toml", LATER)
    ws = open_target(tmp_path / "loose" / "one.toml")
    assert [c.id for c in ws.cycles] == ["c1"] and ws.selected == "c1"
    assert ws.root == tmp_path / "loose"
