"""Temp files left by a save that was killed: the next save removes them, a live one stays."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from csi_tui.cycle.save import atomic_write, content_hash, remove_stale_temps, temp_files


def test_a_dead_writers_temp_is_removed_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"old")
    stale = tmp_path / ".c.toml.abc123xy.tmp"  # as mkstemp names them, nobody holds it
    stale.write_bytes(b"half a fi")
    other = tmp_path / ".other.toml.abc123xy.tmp"  # another file's: not ours to touch
    other.write_bytes(b"x")
    assert temp_files(path) == [stale]
    atomic_write(path, b"new", content_hash(b"old"))
    assert path.read_bytes() == b"new"
    assert not stale.exists() and other.exists()
    assert temp_files(path) == []


def test_a_temp_still_being_written_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    live = tmp_path / ".c.toml.live0000.tmp"
    live.write_bytes(b"being written")
    with live.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as atomic_write holds its own temp
        assert remove_stale_temps(path) == []
        assert live.exists()
    assert remove_stale_temps(path) == [live]
    assert not live.exists()


def test_a_save_leaves_no_temp_and_keeps_none_locked(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    atomic_write(path, b"one", None)
    atomic_write(path, b"two", content_hash(b"one"))
    assert sorted(os.listdir(tmp_path)) == ["c.toml"]
