"""A time limit on polars work that runs a cycle file's SQL (derived columns, filters, formulas).

Polars cannot be interrupted: ``collect(background=True).cancel()`` returned only once the query
had finished, so the work runs in a daemon thread and the caller stops
waiting after ``[limits] query_seconds`` (settings.py) with a message. The command line then
exits 2, which ends the stray work with the process; in the TUI the problem is shown and the
stray thread finishes in the background. Constructs known to run away are refused before they
run (``cycle/sql_safety.py``); this limit is for what that cannot foresee.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from csi_tui.errors import CsiError
from csi_tui.settings import load_settings

T = TypeVar("T")


def within_limit(
    work: Callable[[], T], what: str, file: Path | None, key: str, seconds: float | None = None
) -> T:
    """``work()``'s result, or a ``CsiError`` on ``key`` once it has run ``seconds`` (default:
    the user's ``[limits] query_seconds``)."""
    settings = load_settings()
    limit = settings.query_seconds if seconds is None else seconds
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # handed to the caller's thread as it is
            box["error"] = error

    thread = threading.Thread(target=run, name=f"csi-sql {what}", daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        where = settings.file if settings.file is not None else "your config.toml"
        raise CsiError.one(
            f"stopped {what} after {limit:g} s: its SQL took too long",
            file=file,
            key=key,
            hint=f"simplify the expression, or raise [limits] query_seconds in {where}",
        )
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
