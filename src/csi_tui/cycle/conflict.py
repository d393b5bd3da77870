"""A file changed on disk since it was loaded: what changed, and ways out that lose nothing.

The app shows ``compact_diff(loaded, disk)`` beside ``compact_diff(loaded, mine)``, then either
writes "mine" (the edit applied to the version that was loaded, ``apply_to_version``) over the
disk's version after keeping a copy of it (``keep_copy``), or takes the disk's version, or runs
the edit again on the disk's version. ``merge_texts`` does the last for a raw text edit.
"""

from __future__ import annotations

import dataclasses
import difflib
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from csi_tui.cycle import model
from csi_tui.cycle.save import atomic_write, content_hash
from csi_tui.errors import CsiError

T = TypeVar("T", model.Cycle, model.Register)


def decode(data: bytes) -> str:
    """File bytes as the text the loader reads (UTF-8, a BOM dropped)."""
    return data.decode("utf-8-sig", errors="replace")


def compact_diff(before: str, after: str, context: int = 1) -> list[str]:
    """A unified diff without file headers: ``@@ line N`` then ``- old`` / ``+ new`` / context."""
    lines: list[str] = []
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first = group[0]
        lines.append(f"@@ line {first[3] + 1}")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(f"  {text}" for text in old[i1:i2])
                continue
            lines.extend(f"- {text}" for text in old[i1:i2])
            lines.extend(f"+ {text}" for text in new[j1:j2])
    return lines


def apply_to_version(change: Callable[[T], T], record: T, data: bytes) -> bytes:
    """The bytes ``change`` makes of the version ``data`` of ``record``'s file.

    The edit functions read and write the file itself, so they run on a copy of that version
    in a private folder (same file name); the real file is not touched. Raises what ``change``
    raises (a ``CsiError`` when the edit is not valid on that version).
    """
    if record.path is None:
        raise CsiError.one("was not loaded from a file, so it cannot be edited in place")
    with tempfile.TemporaryDirectory(prefix="csi-tui-") as folder:
        scratch = Path(folder) / Path(record.path).name
        scratch.write_bytes(data)
        changed = change(dataclasses.replace(record, path=scratch, loaded_hash=content_hash(data)))
        if changed.path is None or Path(changed.path) != scratch:
            raise CsiError.one("the edit did not save to the cycle's own file", file=record.path)
        return scratch.read_bytes()


def keep_copy(path: Path, data: bytes, now: datetime | None = None) -> Path:
    """Save ``data`` beside ``path`` as ``NAME.theirs-YYYYMMDD-HHMMSS`` (never over a file).

    Not ``.toml`` at the end: the workspace reads every ``cycles/*.toml`` as a cycle, and the
    copy would be a second cycle with the same id.
    """
    path = Path(path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}.theirs-{stamp}")
    number = 1
    while copy.exists():
        number += 1
        copy = path.with_name(f"{path.name}.theirs-{stamp}-{number}")
    atomic_write(copy, data, expected_hash=None)
    return copy


def merge_texts(base: str, mine: str, theirs: str) -> str | None:
    """Both edits of ``base`` in one text, or None when they touch the same lines.

    A line-based three-way merge: each side's changed blocks (in ``base`` lines) must be apart
    from the other's; touching or overlapping blocks are a real conflict for the person to solve.
    """
    base_lines = base.splitlines(keepends=True)
    ours = _changes(base_lines, mine.splitlines(keepends=True))
    their = _changes(base_lines, theirs.splitlines(keepends=True))
    their = [c for c in their if c not in ours]  # the same change made on both sides: once
    for a1, a2, _ in ours:
        for b1, b2, _ in their:
            if a1 <= b2 and b1 <= a2:  # overlapping or adjacent (an insert at a block's edge)
                return None
    out: list[str] = []
    at = 0
    for start, end, lines in sorted(ours + their, key=lambda c: (c[0], c[1])):
        out.extend(base_lines[at:start])
        out.extend(lines)
        at = end
    out.extend(base_lines[at:])
    return "".join(out)


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(a=base, b=other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]
