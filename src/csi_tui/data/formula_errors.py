"""A polars error raised by a user's SQL formula, retold in the user's terms.

Polars lists every column of the frame it evaluated, including the engine's own working
columns (``__p``, ``__p_opened_at``, ...), and may give a position ("Column: 44") inside text
the user never wrote. The message keeps what polars found wrong, names only the source's own
columns and says it is about the formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from csi_tui.data import columns as cols
from csi_tui.data import zones

INTERNAL_PREFIX = "__"
_MISSING = re.compile(r'unable to find column "([^"]*)"')
_VALID_LIST = re.compile(r";?\s*valid columns:\s*\[[^\]]*\]")
_POSITION = re.compile(r",?\s*(?:at\s+)?(?:Line:\s*\d+,\s*)?Column:\s*\d+")
_INTERNAL_NAME = re.compile(r'"?\b__\w*"?')


def user_columns(columns: Iterable[str]) -> list[str]:
    """The columns a user can name: the engine's ``__``-prefixed working columns left out."""
    return [c for c in columns if not c.startswith(INTERNAL_PREFIX)]


def formula_problem(
    error: Exception, columns: Iterable[str], source: str | None = None
) -> tuple[str, str]:
    """``(message, hint)`` for a formula that polars could not evaluate over ``columns``."""
    names = user_columns(columns)
    mixed = zones.clash(error)
    if mixed is not None:
        return f"in the formula: {mixed}", zones.ZONE_HINT
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    missing = _MISSING.search(first)
    if missing is not None:
        name = missing.group(1)
        return (
            f"in the formula: column {name!r} is not in "
            + (f"source {source!r}" if source else "the source"),
            cols.closest_hint(name, names),
        )
    first = _VALID_LIST.sub("", first)
    first = _POSITION.sub("", first)
    first = _INTERNAL_NAME.sub("", first).strip(" ;,")
    hint = (
        "a polars SQL aggregate over the source's columns, e.g. AVG(resolution_hours) or "
        "COUNT(*) FILTER (WHERE priority = '1'); " + cols.closest_hint("", names)
    )
    return f"in the formula: {first or type(error).__name__}", hint
