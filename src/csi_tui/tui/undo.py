"""The session's undo history: every save through ``saving.py`` can be taken back, newest first.

Plain Python (no Textual): an entry holds the file's bytes before and after the save, so an undo
writes the "before" bytes back exactly, and only while the file on disk is still the "after"
version (``atomic_write``'s conflict check); anything else refuses and writes nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from csi_tui.cycle.save import atomic_write, content_hash

Kind = Literal["cycle", "register"]
Recompute = Literal["none", "analysis", "data"]

MAX_UNDO = 100  # saves kept per session; the oldest go first


@dataclass(frozen=True, slots=True)
class UndoEntry:
    path: Path
    before: bytes
    after: bytes
    label: str  # what the save did, e.g. "target of MTTR"
    kind: Kind = "cycle"
    recompute: Recompute = "data"  # what undoing it makes stale (as the save did)


class UndoStack:
    def __init__(self, limit: int = MAX_UNDO) -> None:
        self._entries: deque[UndoEntry] = deque(maxlen=limit)

    def push(self, entry: UndoEntry) -> None:
        if entry.before != entry.after:  # a save that changed nothing has nothing to undo
            self._entries.append(entry)

    def peek(self) -> UndoEntry | None:
        return self._entries[-1] if self._entries else None

    def pop(self) -> UndoEntry | None:
        return self._entries.pop() if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)


def write_back(entry: UndoEntry) -> str:
    """Write the entry's "before" bytes over its "after" version; returns the new hash.

    Raises ``ChangedOnDisk`` (a ``CsiError``) when the file is no longer the "after" version.
    """
    return atomic_write(entry.path, entry.before, content_hash(entry.after))
