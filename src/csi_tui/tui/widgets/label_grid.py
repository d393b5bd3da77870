"""Label / value blocks as two columns: a long value wraps under its own text (a hanging indent),
never back under the labels."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

Row = tuple[str, Text | str]


def label_grid(rows: Sequence[Row], label_width: int | None = None) -> Table:
    """A borderless grid: bold labels in a fixed column, values wrapping in the rest.

    An empty label continues the block above (a second line of the same item)."""
    width = label_width if label_width is not None else max((len(r[0]) for r in rows), default=0)
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=width, no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(Text(label, style="bold"), value)
    return table
