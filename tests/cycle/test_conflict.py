"""A file changed on disk: the typed error, the diffs shown, the edit applied to the loaded
version, the copy of the disk's version, and the three-way merge of raw text edits."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from csi_tui.cycle import edit, versions
from csi_tui.cycle.conflict import apply_to_version, compact_diff, keep_copy, merge_texts
from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.save import ChangedOnDisk, atomic_write, content_hash
from csi_tui.errors import CsiError

from .helpers import MINIMAL, write


def test_a_file_changed_on_disk_raises_the_typed_error(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL)
    loaded = content_hash(MINIMAL.encode())
    path.write_text(MINIMAL + "# theirs\n")
    with pytest.raises(ChangedOnDisk) as caught:
        atomic_write(path, b"mine", loaded)
    error = caught.value
    assert isinstance(error, CsiError)  # callers that only report it keep working
    assert error.path == path and error.expected == loaded
    assert error.current == content_hash((MINIMAL + "# theirs\n").encode())
    assert "changed on disk" in str(error)
    assert path.read_text() == MINIMAL + "# theirs\n"


def test_a_deleted_file_is_a_plain_error_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    with pytest.raises(CsiError, match="deleted or moved") as caught:
        atomic_write(path, b"x", content_hash(b"y"))
    assert not isinstance(caught.value, ChangedOnDisk)


def test_loaded_and_written_versions_are_remembered_by_hash(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL)
    cycle = load_cycle(path)
    assert versions.recall(cycle.loaded_hash) == MINIMAL.encode()
    saved = edit.set_metric_values(cycle, "mttr", target=5.0)
    assert versions.recall(saved.loaded_hash) == path.read_bytes()
    assert versions.recall("0" * 64) is None


def test_compact_diff_shows_the_changed_lines_with_their_line_number() -> None:
    before = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n"
    after = "a = 1\nb = 2\nc = 30\nd = 4\ne = 5\n"
    assert compact_diff(before, after) == ["@@ line 2", "  b = 2", "- c = 3", "+ c = 30", "  d = 4"]
    assert compact_diff(before, before) == []


def test_an_edit_applied_to_the_loaded_version_leaves_the_file_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL)
    cycle = load_cycle(path)
    theirs = MINIMAL.replace('owner = "Dana"', 'owner = "Lee"')
    path.write_text(theirs)
    mine = apply_to_version(
        lambda c: edit.set_metric_values(c, "mttr", target=4.0), cycle, MINIMAL.encode()
    )
    assert path.read_text() == theirs  # untouched
    text = mine.decode()
    assert "target = 4.0" in text and 'owner = "Dana"' in text  # the loaded version + my edit
    assert text.replace("target = 4.0\n", "") == MINIMAL


def test_an_edit_invalid_on_that_version_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "c.toml", MINIMAL)
    cycle = load_cycle(path)
    with pytest.raises(CsiError, match="no metric with id 'nope'"):
        apply_to_version(
            lambda c: edit.set_metric_values(c, "nope", target=1.0), cycle, MINIMAL.encode()
        )


def test_keep_copy_is_not_read_as_a_cycle_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "cycles" / "c.toml"
    path.parent.mkdir()
    now = datetime(2026, 12, 3, 12, 30, 5)
    first = keep_copy(path, b"one", now)
    second = keep_copy(path, b"two", now)
    assert first.name == "c.toml.theirs-20261203-123005"
    assert second.name == "c.toml.theirs-20261203-123005-2"
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert list(path.parent.glob("*.toml")) == []


BASE = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n"


def test_merge_of_edits_on_lines_apart_keeps_both() -> None:
    mine = BASE.replace("b = 2", "b = 20")
    theirs = BASE.replace("e = 5", "e = 50") + "g = 7\n"
    assert merge_texts(BASE, mine, theirs) == "a = 1\nb = 20\nc = 3\nd = 4\ne = 50\nf = 6\ng = 7\n"


def test_merge_of_edits_on_the_same_or_next_lines_is_refused() -> None:
    mine = BASE.replace("c = 3", "c = 30")
    assert merge_texts(BASE, mine, BASE.replace("c = 3", "c = 0")) is None
    assert merge_texts(BASE, mine, BASE.replace("d = 4", "d = 0")) is None


def test_merge_of_the_same_edit_on_both_sides_makes_it_once() -> None:
    both = BASE.replace("c = 3", "c = 30")
    assert merge_texts(BASE, both, both) == both


def test_a_key_added_to_the_table_that_ends_the_file(tmp_path: Path) -> None:
    # MINIMAL ends with the metric's last key and no blank line: the new key goes after it.
    path = write(tmp_path, "c.toml", MINIMAL)
    saved = edit.set_metric_values(load_cycle(path), "mttr", target=5.0)
    assert path.read_text() == MINIMAL + "target = 5.0\n"
    assert saved.metrics[0].target == 5.0


def test_the_versions_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "MAX_VERSIONS", 3)
    digests = [versions.remember(f"version {i}".encode()) for i in range(5)]
    assert [versions.recall(d) for d in digests[:2]] == [None, None]  # the oldest went first
    assert versions.recall(digests[4]) == b"version 4"
