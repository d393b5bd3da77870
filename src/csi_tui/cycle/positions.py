"""Where each key of a TOML file is: ``"metrics[2].target" -> (line, column)``.

tomllib returns plain dicts without positions, yet a user wants ``FILE:LINE:COL`` for a semantic
problem too (a metric naming an undefined source, a target on the wrong side). This small scanner
walks the text once, following table headers (``[a.b]``), arrays of tables (``[[metrics]]``, the
Nth header is element N-1) and keys (bare, quoted, dotted). Values are skipped without being
interpreted, including multi-line strings and arrays, so a ``key = value`` inside a string is never
mistaken for a key. It only runs on text tomllib has already accepted; on anything it does not
understand it stops and returns what it found, so positions are a best effort, never an error.
"""

from __future__ import annotations

import bisect
import re

Position = tuple[int, int]  # 1-based line, 1-based column

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class _Stop(Exception):
    """The scanner met something it does not understand; keep what was found so far."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.positions: dict[str, Position] = {}
        self.arrays: set[tuple[str, ...]] = set()  # abstract paths declared with [[...]]
        self.counts: dict[str, int] = {}  # concrete array path -> elements seen
        self.prefix = ""  # concrete path of the current table
        # where each line starts: a position is a binary search, not a count from the top
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    # ---------------------------------------------------------------- helpers
    def where(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.i += 1
            elif ch == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                return

    def key_part(self) -> str:
        text = self.text
        if self.peek() == '"':
            return self.basic_string()
        if self.peek() == "'":
            end = text.find("'", self.i + 1)
            if end < 0:
                raise _Stop
            part = text[self.i + 1 : end]
            self.i = end + 1
            return part
        match = _BARE.match(text, self.i)
        if not match:
            raise _Stop
        self.i = match.end()
        return match.group()

    def dotted_key(self) -> list[str]:
        parts = [self.key_part()]
        while True:
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.i += 1
            self.skip_blank(newlines=False)
            parts.append(self.key_part())

    def basic_string(self) -> str:
        text = self.text
        j = self.i + 1
        out: list[str] = []
        while j < len(text):
            ch = text[j]
            if ch == "\\":
                out.append(text[j : j + 2])
                j += 2
                continue
            if ch == '"':
                self.i = j + 1
                return "".join(out)
            if ch == "\n":
                break
            out.append(ch)
            j += 1
        raise _Stop

    def skip_value(self) -> None:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, self.i):
                j = self.i + 3
                while True:
                    end = text.find(quote, j)
                    if end < 0:
                        raise _Stop
                    if quote == '"""' and _escaped(text, end):
                        j = end + 1
                        continue
                    # up to two quotes may sit right before the closing delimiter
                    while text.startswith(quote[0], end + 3) and end + 3 < len(text):
                        end += 1
                    self.i = end + 3
                    return
        ch = self.peek()
        if ch == '"':
            self.basic_string()
        elif ch == "'":
            self.key_part()
        elif ch in "[{":
            close = "]" if ch == "[" else "}"
            self.i += 1
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == close:
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                if ch == "{":
                    self.dotted_key()
                    self.skip_blank(newlines=False)
                    if self.peek() != "=":
                        raise _Stop
                    self.i += 1
                    self.skip_blank(newlines=False)
                self.skip_value()
        else:
            match = re.compile(r"[^\s,\]}#]+(?: [0-9:.+Zz-]+)?").match(text, self.i)
            if not match:
                raise _Stop
            self.i = match.end()

    # ---------------------------------------------------------------- structure
    def concrete(self, parts: list[str], new_element: bool) -> str:
        """The concrete path of a header, indexing arrays of tables by their latest element."""
        path = ""
        for n, part in enumerate(parts):
            path = f"{path}.{part}" if path else part
            abstract = tuple(parts[: n + 1])
            last = n == len(parts) - 1
            if last and new_element:
                index = self.counts.get(path, 0)
                self.counts[path] = index + 1
                self.arrays.add(abstract)
                path = f"{path}[{index}]"
            elif abstract in self.arrays and self.counts.get(path):
                path = f"{path}[{self.counts[path] - 1}]"
        return path

    def header(self) -> None:
        start = self.i
        double = self.peek(2) == "[["
        self.i += 2 if double else 1
        self.skip_blank(newlines=False)
        parts = self.dotted_key()
        self.skip_blank(newlines=False)
        closing = "]]" if double else "]"
        if not self.text.startswith(closing, self.i):
            raise _Stop
        self.i += len(closing)
        self.prefix = self.concrete(parts, new_element=double)
        self.positions.setdefault(self.prefix, self.where(start))

    def key_value(self) -> None:
        start = self.i
        parts = self.dotted_key()
        self.skip_blank(newlines=False)
        if self.peek() != "=":
            raise _Stop
        self.i += 1
        self.skip_blank(newlines=False)
        path = self.prefix
        for part in parts:
            path = f"{path}.{part}" if path else part
            self.positions.setdefault(path, self.where(start))
        self.skip_value()

    def run(self) -> dict[str, Position]:
        try:
            while True:
                self.skip_blank(newlines=True)
                if self.i >= len(self.text):
                    break
                if self.peek() == "[":
                    self.header()
                else:
                    self.key_value()
        except (_Stop, IndexError):
            pass
        return self.positions


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    j = index - 1
    while j >= 0 and text[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


def key_positions(text: str) -> dict[str, Position]:
    """Map each key path (``sources[0].columns.opened_at``) and table to its line and column."""
    return _Scanner(text).run()


def locate(positions: dict[str, Position], key: str) -> Position | None:
    """The position of ``key``, else of its nearest enclosing key or table that is known."""
    path = key
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return positions.get(path)
