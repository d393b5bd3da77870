"""Opening workspaces and targets, and the default workspace made on first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from csi_tui import paths
from csi_tui.cycle.workspace import ensure_default_workspace, open_target, open_workspace
from csi_tui.errors import CsiError

from .helpers import MINIMAL, make_workspace


def test_workspace_opens_cycles_and_register(tmp_path: Path) -> None:
    second = MINIMAL.replace('id = "c1"', 'id = "c2"').replace("2026-01-01", "2026-02-01")
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "b.toml": second})
    ws = open_workspace(root)
    assert [c.id for c in ws.cycles] == ["c1", "c2"]
    assert ws.register is not None and ws.register.get("CSI-1") is not None
    assert ws.broken == {}
    assert ws.open_cycle() is not None and ws.open_cycle().id == "c2"  # type: ignore[union-attr]


def test_a_broken_cycle_does_not_stop_the_others(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path, {"good.toml": MINIMAL, "bad.toml": "schema_version = 1\n[cycle\n"}
    )
    ws = open_workspace(root)
    assert [c.id for c in ws.cycles] == ["c1"]
    assert list(ws.broken) == [root / "cycles" / "bad.toml"]
    (problem,) = ws.broken[root / "cycles" / "bad.toml"]
    assert "invalid TOML" in problem.message  # type: ignore[attr-defined]


def test_a_broken_register_is_reported_and_the_cycles_open(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL}, register="schema_version = 1\nfoo = 1\n")
    ws = open_workspace(root)
    assert ws.register is None and len(ws.cycles) == 1
    assert root / "register.toml" in ws.broken


def test_register_is_optional(tmp_path: Path) -> None:
    ws = open_workspace(make_workspace(tmp_path, {"a.toml": MINIMAL}, register=None))
    assert ws.register is None and ws.broken == {}


def test_two_files_with_one_cycle_id(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL, "b.toml": MINIMAL})
    ws = open_workspace(root)
    assert len(ws.cycles) == 1
    assert root / "cycles" / "b.toml" in ws.broken


def test_a_folder_with_no_cycles(tmp_path: Path) -> None:
    (tmp_path / "cycles").mkdir()
    with pytest.raises(CsiError) as caught:
        open_workspace(tmp_path)
    (problem,) = caught.value.problems
    assert "no cycle files" in problem.message and "cycles/*.toml" in problem.message
    assert problem.hint is not None and "csi-tui new" in problem.hint


def test_open_target_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CsiError, match="no such file or folder"):
        open_target(tmp_path / "missing")


def test_open_target_cycle_file_finds_its_workspace(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL})
    ws = open_target(root / "cycles" / "a.toml")
    assert ws.root == root and ws.register is not None
    assert [c.id for c in ws.cycles] == ["c1"]


def test_open_target_broken_cycle_file_raises_its_problems(tmp_path: Path) -> None:
    root = make_workspace(tmp_path, {"a.toml": MINIMAL + "oops = 1\n"})
    with pytest.raises(CsiError, match="unknown key 'oops'"):
        open_target(root / "cycles" / "a.toml")


def test_default_workspace_created_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = make_workspace(tmp_path / "sample", {"a.toml": MINIMAL})
    monkeypatch.setattr(paths, "bundled_sample_workspace", lambda: sample)
    target, created = ensure_default_workspace()
    assert created and target == paths.default_workspace()
    assert (target / "cycles" / "a.toml").read_text() == MINIMAL
    (target / "cycles" / "a.toml").write_text(MINIMAL + "# mine\n")
    again, created_again = ensure_default_workspace()
    assert again == target and not created_again
    assert (target / "cycles" / "a.toml").read_text().endswith("# mine\n")  # never overwritten


def test_default_workspace_without_a_bundled_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "bundled_sample_workspace", lambda: tmp_path / "none")
    with pytest.raises(CsiError, match="bundled sample workspace is missing"):
        ensure_default_workspace()
    assert not paths.default_workspace().exists()


def test_the_bundled_sample_workspace_opens_cleanly(sample_workspace: Path) -> None:
    ws = open_workspace(sample_workspace)
    assert ws.broken == {}
    assert len(ws.cycles) >= 2 and ws.register is not None


def test_the_sample_copied_on_first_run_is_the_bundled_one(sample_workspace: Path) -> None:
    target, created = ensure_default_workspace()
    assert created
    copied = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    bundled = sorted(
        p.relative_to(sample_workspace)
        for p in sample_workspace.rglob("*")
        if p.is_file() and p.name != ".keep" and "__pycache__" not in p.parts
    )
    assert copied == bundled
    assert [c.id for c in open_workspace(target).cycles] == [
        c.id for c in open_workspace(sample_workspace).cycles
    ]
