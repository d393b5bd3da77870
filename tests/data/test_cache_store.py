"""The cache as a store: entries written atomically, read back whole or not at all, evicted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from csi_tui.data import cache
from csi_tui.data.cache import RESULTS, SOURCES, Stored, cache_entries, evict, read, write

DAY = 86400.0
SHELVES = pytest.mark.parametrize("shelf", [SOURCES, RESULTS])


def _stored(label: str = "x") -> Stored:
    return Stored(
        json.dumps({"label": label}).encode(),
        {"rows": pl.DataFrame({"a": [1, 2, 3]}), "preview": pl.DataFrame({"b": [label]})},
    )


def _decode(stored: Stored) -> tuple[Any, dict[str, Any]]:
    frames = {name: f.to_dict(as_series=False) for name, f in stored.frames.items()}
    return json.loads(stored.document), frames


def _set_used(entry: cache.CacheEntry, when: float) -> None:
    for f in [*entry.files, *([entry.folder] if entry.folder else [])]:
        os.utime(f, (when, when))


def _leftovers(root: Path) -> list[Path]:
    return list(root.rglob(f"{cache.TMP_PREFIX}*"))


@SHELVES
def test_what_is_written_is_read_back_whole(tmp_path: Path, shelf: str) -> None:
    write(shelf, "k1", _stored("one"), root=tmp_path)
    write(shelf, "k2", _stored("two"), root=tmp_path)
    assert read(shelf, "k1", _decode, root=tmp_path) == (
        {"label": "one"},
        {"rows": {"a": [1, 2, 3]}, "preview": {"b": ["one"]}},
    )
    assert read(shelf, "k2", _decode, root=tmp_path)[0] == {"label": "two"}  # type: ignore[index]
    assert read(shelf, "k3", _decode, root=tmp_path) is None
    assert _leftovers(tmp_path) == []
    assert {e.key for e in cache_entries(tmp_path)[0]} == {"k1", "k2"}


@SHELVES
def test_a_write_that_stops_halfway_leaves_a_miss_and_no_temporary_file(
    tmp_path: Path, shelf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pl.DataFrame.write_parquet
    calls: list[object] = []

    def stops_at_the_second_frame(self: pl.DataFrame, path: Path, **kw: Any) -> None:
        calls.append(path)
        if len(calls) == 2:
            Path(path).write_bytes(b"PAR1 and then nothing")
            raise KeyboardInterrupt  # Ctrl+C in the middle of the write
        real(self, path, **kw)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", stops_at_the_second_frame)
    with pytest.raises(KeyboardInterrupt):
        write(shelf, "k", _stored(), root=tmp_path)
    assert read(shelf, "k", _decode, root=tmp_path) is None
    assert _leftovers(tmp_path) == []
    assert not list(tmp_path.rglob("*.json"))  # the document, written last, never appeared
    monkeypatch.undo()
    write(shelf, "k", _stored(), root=tmp_path)  # the next write completes the entry
    assert read(shelf, "k", _decode, root=tmp_path) is not None


@SHELVES
def test_a_killed_write_is_a_miss_and_its_remains_are_evicted(tmp_path: Path, shelf: str) -> None:
    # A real process ends in the middle of writing a frame: no cleanup of any kind runs.
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import polars as pl\n"
        "from csi_tui.data import cache\n"
        "def dies(self, path, **kw):\n"
        "    Path(path).write_bytes(b'PAR1 and then nothing')\n"
        "    os._exit(9)\n"
        "pl.DataFrame.write_parquet = dies\n"
        "frames = {'rows': pl.DataFrame({'a': [1]})}\n"
        "cache.write(sys.argv[1], 'k', cache.Stored(b'{}', frames), root=Path(sys.argv[2]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, shelf, str(tmp_path)], check=False)
    assert done.returncode == 9
    assert _leftovers(tmp_path)  # the temporary file is still there, as after a kill -9
    assert read(shelf, "k", _decode, root=tmp_path) is None
    assert evict(root=tmp_path, now=time.time() + 10 * 60).removed == 0  # maybe still writing
    evict(root=tmp_path, now=time.time() + 4 * DAY)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@SHELVES
def test_a_write_evicts_old_entries_but_keeps_its_own(
    tmp_path: Path, shelf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(shelf, "old", _stored(), root=tmp_path)
    (entry,) = cache_entries(tmp_path)[0]
    _set_used(entry, time.time() - 5 * DAY)
    monkeypatch.setattr(cache, "MAX_BYTES", 1)  # even the new entry alone is over the cap
    write(shelf, "new", _stored(), root=tmp_path)
    assert {e.key for e in cache_entries(tmp_path)[0]} == {"new"}
    assert read(shelf, "new", _decode, root=tmp_path) is not None


@SHELVES
def test_a_hit_counts_as_a_use_a_miss_does_not(tmp_path: Path, shelf: str) -> None:
    write(shelf, "k", _stored(), root=tmp_path)
    (entry,) = cache_entries(tmp_path)[0]
    _set_used(entry, 1_000_000.0)

    def refuses(_s: Stored) -> None:
        raise ValueError("not what I expected")

    assert read(shelf, "k", refuses, root=tmp_path) is None  # unreadable: a miss, not a use
    assert cache_entries(tmp_path)[0][0].used == 1_000_000.0
    assert read(shelf, "k", _decode, root=tmp_path) is not None
    assert time.time() - cache_entries(tmp_path)[0][0].used < 3600


@SHELVES
@pytest.mark.parametrize(
    "damage",
    ["document garbage", "document missing", "frame garbage", "frame empty file"],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, shelf: str, damage: str) -> None:
    write(shelf, "k", _stored(), root=tmp_path)
    (entry,) = cache_entries(tmp_path)[0]
    document = next(f for f in entry.files if f.suffix == ".json")
    frame = next(f for f in entry.files if f.suffix == ".parquet")
    if damage == "document garbage":
        document.write_bytes(b"\xff\xfe{not json")
    elif damage == "document missing":
        document.unlink()
    elif damage == "frame garbage":
        frame.write_bytes(b"PAR1" + b"\x00" * 40 + b"PAR1")
    else:
        frame.write_bytes(b"")

    def strict(stored: Stored) -> object:
        return json.loads(stored.document), dict(stored.frames)

    assert read(shelf, "k", strict, root=tmp_path) is None


def test_keys_follow_their_parts_and_file_identities_their_bytes(tmp_path: Path) -> None:
    assert cache.make_key(("a", 1)) == cache.make_key(("a", 1)) != cache.make_key(("a", 2))
    f = tmp_path / "data.csv"
    f.write_bytes(b"x" * (3 * cache.EDGE))
    first = cache.file_identity(f)
    stat = f.stat()
    with f.open("r+b") as handle:  # the same size and time, one byte changed near the end
        handle.seek(3 * cache.EDGE - 10)
        handle.write(b"y")
    os.utime(f, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.file_identity(f) != first
