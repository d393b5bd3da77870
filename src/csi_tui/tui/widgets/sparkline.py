"""A one-line sparkline made of block characters, for scorecard cells and short summaries.

Text rather than a widget so it fits in a DataTable cell; ``SparklineText`` wraps it as a widget.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from csi_tui.report.sparkline import sparkline_text


class SparklineText(Static):
    """A sparkline as a one-line widget."""

    DEFAULT_CSS = "SparklineText { height: 1; width: auto; }"

    def __init__(
        self,
        values: Sequence[float | None] = (),
        width: int = 12,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.values = tuple(values)
        self.spark_width = width

    def set_values(self, values: Sequence[float | None]) -> None:
        self.values = tuple(values)
        self.refresh()

    def render(self) -> Text:
        return Text(sparkline_text(self.values, self.spark_width), no_wrap=True)
