"""Step 3: Gather. Per source: files, rows read / kept / dropped and why, coverage, findings,
columns, and a preview of the data. ``r`` reads everything again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.services import relative_to_root
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.label_grid import Row, label_grid

SOURCE_HEADERS = ("source", "read", "kept", "dropped", "from", "to", "findings")
SEVERITY_WORDS = {"error": "✖ ERROR", "warning": "⚠ WARNING", "info": "ℹ INFO"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PREVIEW_ROWS = 50
CELL_WIDTH = 24


def _date(value: Any) -> str:
    return value.date().isoformat() if hasattr(value, "date") else (str(value) if value else "—")


def findings_summary(report: Any) -> str:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    if not counts:
        return "✔ none"
    parts = [
        f"{SEVERITY_WORDS[s].split()[0]}{counts[s]}"
        for s in sorted(counts, key=lambda s: SEVERITY_ORDER.get(s, 9))
    ]
    return " ".join(parts)


def source_row(source: Source, report: Any | None) -> tuple[str, ...]:
    if report is None:
        return (source.id, "…", "…", "…", "…", "…", "not read yet")
    dropped = sum(d.count for d in report.dropped)
    return (
        source.id,
        f"{report.rows_read:,}",
        f"{report.rows_kept:,}",
        f"{dropped:,}",
        _date(report.date_min),
        _date(report.date_max),
        findings_summary(report),
    )


def source_details(source: Source, report: Any | None, root: Any) -> Table:
    """What was read, kept and found, as label / value columns: a long filter or finding wraps
    under its own text, not under the labels."""
    head = Text()
    head.append(source.id, style="bold")
    head.append(f"  {source.kind} · {source.format or 'format from extension'}")
    if source.preset:
        head.append(f" · preset {source.preset}")
    rows: list[Row] = [("source", head)]
    if source.description:
        rows.append(("", " ".join(source.description.split())))
    if report is None:
        rows.append(
            ("", Text("Not read yet (or reading failed: see the problems above).", "italic"))
        )
        return label_grid(rows, label_width=8)
    rows += [
        ("file" if i == 0 else "", str(relative_to_root(file, root)))
        for i, file in enumerate(report.files)
    ]
    if report.rolled_up_to is not None:
        # Merged events are not dropped: events read, tickets made, then the drops.
        read = (
            f"{report.rows_read:,} events read, rolled up to {report.rolled_up_to:,} tickets"
            f" ({report.merged:,} events merged)"
        )
    else:
        read = f"{report.rows_read:,} read"
    rows.append(("rows", f"{read}; {report.rows_kept:,} kept"))
    rows += [("", f"− {drop.count:,} dropped: {drop.reason}") for drop in report.dropped]
    if report.date_column:
        rows.append(
            ("dates", f"{report.date_column}: {_date(report.date_min)} to {_date(report.date_max)}")
        )
    findings = sorted(report.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    if not findings:
        rows.append(("findings", "✔ none"))
    for index, finding in enumerate(findings):
        line = Text()
        line.append(SEVERITY_WORDS.get(finding.severity, finding.severity), style="bold")
        line.append(f" {finding.message}")
        if finding.advice:
            line.append(f" → {finding.advice}", style="italic")
        rows.append(("findings" if index == 0 else "", line))
    if report.columns:
        rows.append(
            (
                "columns",
                ", ".join(
                    f"{c.name}:{c.dtype}" + (f" ({c.nulls:,} empty)" if c.nulls else "")
                    for c in report.columns
                ),
            )
        )
    return label_grid(rows, label_width=8)


def _cell(value: Any) -> str:
    if isinstance(value, datetime):  # minutes are enough to recognise a row; offsets waste room
        return value.strftime("%Y-%m-%d %H:%M")
    text = "—" if value is None else str(value)
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"


class GatherScreen(StepScreen):
    STEP = 3
    DEFAULT_CSS = """
    GatherScreen #sources { height: auto; max-height: 6; }
    GatherScreen #source-details {
        height: 1fr; min-height: 4; border-top: solid $primary; padding: 0 1;
    }
    GatherScreen #preview { height: 1fr; min-height: 4; border-top: solid $primary; }
    """
    BINDINGS = [Binding("r", "app.reload", "Reload", id="gather-reload")]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="source-details"):
            yield Static(id="details-text")
        yield DataTable(id="preview", zebra_stripes=True)

    def on_mount(self) -> None:
        if self.app_closed:
            return
        self.query_one("#sources", DataTable).add_columns(*SOURCE_HEADERS)
        self.selected: str | None = None
        super().on_mount()
        self.query_one("#sources", DataTable).focus()

    def show_state(self, state: AppState) -> None:
        cycle = state.cycle
        if not self._shown.changed(state.workspace, cycle, state.compute):
            return  # e.g. a progress update: nothing this screen shows has changed
        table: DataTable[str] = self.query_one("#sources", DataTable)
        table.clear()
        sources = cycle.sources if cycle else ()
        for source in sources:
            report = state.compute.source(source.id) if state.compute else None
            table.add_row(*source_row(source, report), key=source.id)
        if self.selected is None or (cycle and cycle.source(self.selected) is None):
            self.selected = sources[0].id if sources else None
        if self.selected is not None and any(k.value == self.selected for k in table.rows):
            table.move_cursor(row=table.get_row_index(self.selected))
        self._show_source(state)

    def _show_source(self, state: AppState) -> None:
        cycle: Cycle | None = state.cycle
        source = cycle.source(self.selected) if cycle and self.selected else None
        details = self.query_one("#details-text", Static)
        preview: DataTable[str] = self.query_one("#preview", DataTable)
        preview.clear(columns=True)
        if source is None:
            details.update(Text("This cycle has no sources.", style="italic"))
            return
        report = state.compute.source(source.id) if state.compute else None
        root = state.workspace.root if state.workspace else None
        details.update(source_details(source, report, root))
        frame = report.preview if report is not None else None
        preview.border_title = f"Preview of {source.id}"
        if frame is None or frame.width == 0:
            return
        preview.add_columns(*frame.columns)
        for row in frame.head(PREVIEW_ROWS).iter_rows():
            preview.add_row(*(_cell(v) for v in row))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "sources" or event.row_key.value is None:
            return
        key = str(event.row_key.value)
        if key != self.selected:
            self.selected = key
            self._show_source(self.csi_app.state)
