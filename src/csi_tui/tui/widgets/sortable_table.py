"""A DataTable whose rows can be filtered by text and sorted by the column under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.widgets import DataTable

Row = tuple[str, ...]


def clip(text: str, width: int) -> str:
    """Cut long text to WIDTH cells with an ellipsis, so a table still fits 80 columns."""
    return text if len(text) <= width else text[: width - 1] + "…"


class SortableTable(DataTable[str]):
    BINDINGS = [
        Binding("s", "sort_column", "Sort", id="sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="reverse-sort"),
    ]

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, name=name, id=id, classes=classes)
        self.headers: tuple[str, ...] = ()
        self.all_rows: list[tuple[str, Row]] = []  # (key, cells)
        self.filter_text = ""
        self.sort_index: int | None = None
        self.sort_reverse = False

    def set_rows(self, headers: Sequence[str], rows: Sequence[tuple[str, Row]]) -> None:
        if tuple(headers) != self.headers:
            self.clear(columns=True)
            self.headers = tuple(headers)
            self.add_columns(*self.headers)
        self.all_rows = list(rows)
        self._refill()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().lower()
        self._refill()

    def visible_keys(self) -> list[str]:
        return [str(key.value) for key in self.rows]

    def action_sort_column(self) -> None:
        """Sort by the next column (ascending); the first press sorts by the first column."""
        if not self.headers:
            return
        self.sort_index = (
            0 if self.sort_index is None else (self.sort_index + 1) % len(self.headers)
        )
        self.sort_reverse = False
        self._refill()
        self.notify(f"Sorted by {self.headers[self.sort_index]}, ascending", timeout=2)

    def action_reverse_sort(self) -> None:
        if self.sort_index is None:
            self.sort_index = 0
        self.sort_reverse = not self.sort_reverse
        self._refill()
        order = "descending" if self.sort_reverse else "ascending"
        self.notify(f"Sorted by {self.headers[self.sort_index]}, {order}", timeout=2)

    def _refill(self) -> None:
        rows = [
            (key, cells)
            for key, cells in self.all_rows
            if not self.filter_text or any(self.filter_text in c.lower() for c in cells)
        ]
        if self.sort_index is not None and self.headers:
            index = self.sort_index
            rows.sort(key=lambda r: _sort_key(r[1][index]), reverse=self.sort_reverse)
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)


_PRIORITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
_SIZE_ORDER = {"XS": 0, "S": 1, "M": 2, "L": 3, "XL": 4}


def _sort_key(cell: str) -> tuple[int, float | str]:
    """Priorities and sizes in their natural order, numbers as numbers, empty cells last."""
    if not cell or cell == "—":
        return (3, "")
    if cell in _PRIORITY_ORDER:
        return (0, float(_PRIORITY_ORDER[cell]))
    if cell in _SIZE_ORDER:
        return (0, float(_SIZE_ORDER[cell]))
    try:
        return (1, float(cell))
    except ValueError:
        return (2, cell.lower())
