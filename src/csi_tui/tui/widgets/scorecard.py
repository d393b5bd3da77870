"""The scorecard of step 6: the rows of ``csi_tui.report.scorecard`` as a table, coloured by status
from the theme (the glyph and the word carry the meaning as well)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from csi_tui.report.scorecard import SPARK_WIDTH, ScoreRow, score_rows
from csi_tui.report.sparkline import sparkline_text
from csi_tui.tui.widgets.chart_palette import rich_colour

__all__ = ["STATUS_COLOURS", "ScoreRow", "Scorecard", "score_rows"]

STATUS_COLOURS: dict[str, str] = {
    "met": "csi-improvement",
    "at_risk": "csi-amber",
    "missed": "csi-concern",
    "unknown": "foreground-muted",
}


class Scorecard(DataTable[Text | str]):
    """A read-only table of ScoreRows; the cursor picks a metric (shared with steps 4 and 5)."""

    DEFAULT_CSS = "Scorecard { height: auto; max-height: 100%; }"
    COLUMNS = ("Status", "Metric", "Now", "Target", "Since baseline", "Trend")

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, name=name, id=id, classes=classes)
        self.rows_shown: list[ScoreRow] = []
        self._wide = False

    def on_mount(self) -> None:
        # status colours come from the theme: repaint the rows when it changes
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())

    def on_resize(self) -> None:
        if self.rows_shown and (self.size.width >= 90) != self._wide:
            self._repaint()

    def _repaint(self) -> None:
        rows, self.rows_shown = self.rows_shown, []
        self.show_rows(rows)

    def show_rows(self, rows: Sequence[ScoreRow]) -> None:
        if list(rows) == self.rows_shown:
            return
        self.rows_shown = list(rows)
        variables = self.app.theme_variables
        # At 80 columns units move into the name column, long names and the sparkline give
        # way, so every column fits without scrolling (the conclusions carry the full names).
        self._wide = self.size.width >= 90
        spark_width = SPARK_WIDTH if self._wide else 8
        # columns too: their widths follow the content, which changes with the layout
        self.clear(columns=True)
        for label in self.COLUMNS:
            self.add_column(label, key=label)
        for row in rows:
            colour = rich_colour(variables, STATUS_COLOURS[row.status])
            self.add_row(
                Text(row.badge, style=f"bold {colour}".strip()),
                row.name if self._wide else row.narrow[0],
                Text(row.current if self._wide else row.narrow[1], justify="right"),
                Text(row.target if self._wide else row.narrow[2], justify="right"),
                Text(row.change if self._wide else row.narrow[3], justify="right"),
                sparkline_text(row.values, spark_width),
                key=row.metric_id,
            )
