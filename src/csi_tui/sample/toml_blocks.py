"""TOML tables of the sample files written from data, the way a person lays them out by hand.

One key per line in the order given, strings in double quotes, dates bare, lists inline, floats
as Python writes them (no trailing noise), an optional trailing comment per key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

Value = str | int | float | date | Sequence[str] | None


def toml_value(value: Value) -> str:
    if isinstance(value, str):
        if '"' in value or "\\" in value:
            # the sample's texts never need escaping: one that did would be written wrong
            raise ValueError(f"needs escaping, not supported here: {value!r}")
        return f'"{value}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return toml_float(value)
    if value is None:
        raise ValueError("None is not a TOML value")
    return "[" + ", ".join(toml_value(v) for v in value) + "]"


def toml_float(value: float) -> str:
    """A TOML float, written the way a person would (no trailing noise)."""
    return repr(float(value))  # float() first: a numpy float's repr would name its type


def table(
    header: str, fields: Mapping[str, Value], comments: Mapping[str, str] | None = None
) -> str:
    """``[[header]]`` (or ``[header]`` when given with its brackets) and one ``key = value``
    line per field that is not None, each followed by its comment from ``comments``."""
    head = header if header.startswith("[") else f"[[{header}]]"
    lines = [head]
    for key, value in fields.items():
        if value is None:
            continue
        line = f"{key} = {toml_value(value)}"
        if comments and key in comments:
            line += f"  # {comments[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def tables(header: str, rows: Iterable[Mapping[str, Value]]) -> str:
    """Several tables of one array, a blank line between them."""
    return "\n".join(table(header, row) for row in rows)
