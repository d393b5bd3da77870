"""Atomic saves: nothing half-written, nothing overwritten that changed on disk, no temp left."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from csi_tui.cycle import save
from csi_tui.cycle.load import load_cycle, parse_cycle
from csi_tui.cycle.save import (
    atomic_write,
    content_hash,
    cycle_to_dict,
    cycle_to_toml,
    save_cycle,
)
from csi_tui.errors import CsiError

from .helpers import COMMENTED, MINIMAL, write

ORIGINAL = b"schema_version = 1\n# the original\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_content_hash_is_sha256_of_the_bytes() -> None:
    # sha256("abc"), FIPS 180-2 appendix B.1
    assert content_hash(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_write_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    digest = atomic_write(path, b"x = 1\n", expected_hash=None)
    assert path.read_bytes() == b"x = 1\n" and digest == content_hash(b"x = 1\n")
    assert leftovers(tmp_path) == []


def test_a_new_file_must_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)
    with pytest.raises(CsiError, match="already exists"):
        atomic_write(path, b"other", expected_hash=None)
    assert path.read_bytes() == ORIGINAL


def test_replace_when_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)
    os.chmod(path, 0o640)
    atomic_write(path, b"new", expected_hash=content_hash(ORIGINAL))
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640  # permissions kept
    assert leftovers(tmp_path) == []


def test_refuses_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)
    loaded = content_hash(ORIGINAL)
    path.write_bytes(b"someone else's edit\n")
    with pytest.raises(CsiError) as caught:
        atomic_write(path, b"mine", expected_hash=loaded)
    (problem,) = caught.value.problems
    assert "changed on disk since it was loaded" in problem.message
    assert problem.file == path and problem.hint is not None and "reload" in problem.hint
    assert path.read_bytes() == b"someone else's edit\n"  # nothing lost
    assert leftovers(tmp_path) == []


def test_refuses_a_file_deleted_since_loading(tmp_path: Path) -> None:
    with pytest.raises(CsiError, match="deleted or moved"):
        atomic_write(tmp_path / "gone.toml", b"x", expected_hash=content_hash(ORIGINAL))
    assert not (tmp_path / "gone.toml").exists()


def test_refuses_when_changed_between_write_and_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)
    real_fsync = os.fsync

    def editor_saves_meanwhile(fd: int) -> None:
        real_fsync(fd)
        path.write_bytes(b"editor\n")

    monkeypatch.setattr(save.os, "fsync", editor_saves_meanwhile)
    with pytest.raises(CsiError, match="changed on disk"):
        atomic_write(path, b"mine", expected_hash=content_hash(ORIGINAL))
    assert path.read_bytes() == b"editor\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_before_the_rename_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)

    def fail(*_args: object) -> None:
        raise failure

    monkeypatch.setattr(save.os, "replace", fail)
    expected = CsiError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as caught:
        atomic_write(path, b"half", expected_hash=content_hash(ORIGINAL))
    if isinstance(caught.value, CsiError):
        assert "No space left on device" in str(caught.value)
        assert "was not changed" in str(caught.value)
    assert path.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


def test_write_failure_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(ORIGINAL)

    def fail(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(save.os, "fsync", fail)
    with pytest.raises(CsiError, match="Input/output error"):
        atomic_write(path, b"x" * 100_000, expected_hash=content_hash(ORIGINAL))
    assert path.read_bytes() == ORIGINAL
    assert leftovers(tmp_path) == []


def test_cycle_to_dict_leaves_out_defaults_and_keeps_step_order() -> None:
    cycle = load_cycle(COMMENTED)
    data = cycle_to_dict(cycle)
    assert list(data) == [
        "schema_version",
        "cycle",
        "strategy",
        "sources",
        "metrics",
        "analysis",
        "notes",
        "actions",
    ]
    assert "status" not in data["actions"][0]  # "open" is the default
    assert "grain" not in data["cycle"]  # "month" is the default
    assert data["metrics"][1] == {
        "id": "reopen",
        "name": "Reopen rate",
        "source": "tickets",
        "csf": "quality",
        "kpi": "reopen_rate",
        "unit": "%",
        "target": 3.0,
    }


def test_save_and_load_again_gives_an_equal_cycle(tmp_path: Path) -> None:
    cycle = load_cycle(COMMENTED)
    saved = save_cycle(cycle, tmp_path / "copy.toml")
    assert saved == cycle
    assert load_cycle(tmp_path / "copy.toml") == cycle
    assert saved.loaded_hash == content_hash((tmp_path / "copy.toml").read_bytes())


def test_save_over_the_loaded_file_checks_it_is_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL)
    cycle = load_cycle(path)
    changed = replace(cycle, cycle=replace(cycle.cycle, title="New title"))
    saved = save_cycle(changed)
    assert load_cycle(path).cycle.title == "New title"
    path.write_text(MINIMAL + "# edited by hand\n")
    with pytest.raises(CsiError, match="changed on disk"):
        save_cycle(replace(saved, cycle=replace(saved.cycle, title="Lost?")))
    assert path.read_text().endswith("# edited by hand\n")


def test_save_refuses_an_invalid_cycle(tmp_path: Path) -> None:
    cycle = parse_cycle(MINIMAL, tmp_path / "c.toml")
    broken = replace(cycle, metrics=(replace(cycle.metrics[0], source="nowhere"),))
    with pytest.raises(CsiError, match="source 'nowhere' is not defined"):
        save_cycle(broken, tmp_path / "out.toml")
    assert not (tmp_path / "out.toml").exists()


def test_toml_text_is_valid_and_dates_are_toml_dates() -> None:
    text = cycle_to_toml(load_cycle(COMMENTED))
    assert text.startswith("schema_version = 1\n")
    assert "start = 2026-01-01\n" in text
