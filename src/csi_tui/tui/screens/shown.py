"""Skip a screen's rebuild when the parts of the state it shows are the same objects as last time.

The state is replaced whole on every progress update; comparing by identity (not by value,
which walks whole cycles and results) keeps those updates cheap.
"""

from __future__ import annotations


class ShownCache:
    def __init__(self) -> None:
        self._parts: tuple[object, ...] | None = None

    def changed(self, *parts: object) -> bool:
        """True (and remembers PARTS) unless every part is the very object seen last time."""
        last = self._parts
        if (
            last is not None
            and len(last) == len(parts)
            and all(a is b for a, b in zip(last, parts, strict=True))
        ):
            return False
        self._parts = parts
        return True
