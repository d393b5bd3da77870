"""Problems reported to users: which file, where, what is wrong and what to do.

Every error a user can cause (bad TOML, missing file, wrong column, empty data) becomes a
``Problem``; the CLI prints them and exits 2, the TUI shows them in a panel. Never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a user's file or data."""

    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    key: str | None = None  # dotted key path, e.g. "metrics[2].target"
    hint: str | None = None  # what to do about it
    severity: Severity = "error"

    def format(self) -> str:
        """``FILE:LINE:COL: message`` when the place is known, else ``FILE: key.path: message``."""
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        where = str(self.file) if self.file is not None else "<input>"
        if self.line is not None:
            col = self.column if self.column is not None else 1
            prefix = f"{where}:{self.line}:{col}:"
            return f"{prefix} {self.key}: {text}" if self.key else f"{prefix} {text}"
        if self.key:
            return f"{where}: {self.key}: {text}"
        return f"{where}: {text}"


class CsiError(Exception):
    """An error a user can fix; carries one or more problems. The CLI exits 2 on it.

    Not a frozen dataclass: Python (and tools like hypothesis) assign ``__traceback__`` on
    exceptions, which a frozen dataclass refuses.
    """

    def __init__(self, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(problems)
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    @classmethod
    def one(cls, message: str, **where: object) -> CsiError:
        return cls((Problem(message, **where),))  # type: ignore[arg-type]
