"""Step 6: Present. What do we tell decision makers?

For business readers, on a projector: the scorecard (status glyph AND word, now, target, change
since the baseline, a sparkline), the conclusions (each metric's verdict), the latest decision and
the meeting notes, then the key charts. One scrolling page: at 80x24 the scorecard and the
conclusions come first; page up/down (or space) scroll, up/down move the metric selection and
enter opens the selected metric in step 5.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from csi_tui.analysis.results import CycleAnalysis
from csi_tui.cycle.model import Cycle
from csi_tui.report import decision_words
from csi_tui.report.metric_spec import build_spec
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.selection import move_metric, selected_metric
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.chart_palette import rich_colour
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.scorecard import STATUS_COLOURS, Scorecard, score_rows

MAX_CHARTS = 4  # the key charts: metrics with a target first, in the cycle's order


def conclusions(cycle: Cycle, analysis: CycleAnalysis | None, colours: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for metric in cycle.metrics:
        found = analysis.metric(metric.id) if analysis is not None else None
        if found is None:
            continue
        exp = found.expectation
        badge = Text(exp.badge, style=f"bold {colours.get(exp.status, '')}".strip())
        sentence = found.verdict[0] if found.verdict else found.lines.get("status", "")
        table.add_row(badge, Text(sentence))
    return table


def meeting_text(cycle: Cycle, notes_shown: int = 3) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=8, no_wrap=True, style="bold")
    table.add_column(ratio=1)
    decision = cycle.decision
    if decision is None:
        table.add_row("Decision", Text("none recorded yet (record it in step 7)", style="italic"))
    else:
        line = Text(decision_words.summary(decision.decision), style="bold")
        who = f" by {decision.decided_by}" if decision.decided_by else ""
        line.append(f" ({decision.date.isoformat()}{who})", style="not bold")
        if decision.rationale:
            line.append(f"\n{decision.rationale}", style="not bold")
        table.add_row("Decision", line)
    notes = sorted(cycle.notes, key=lambda n: n.date, reverse=True)[:notes_shown]
    for index, note in enumerate(notes):
        author = f" ({note.author})" if note.author else ""
        table.add_row(
            "Notes" if index == 0 else "", f"{note.date.isoformat()}{author}: {note.text}"
        )
    if len(cycle.notes) > notes_shown:
        table.add_row("", f"and {len(cycle.notes) - notes_shown} earlier notes")
    if not cycle.notes:
        table.add_row("Notes", Text("none yet", style="italic"))
    return table


class PresentScreen(StepScreen):
    STEP = 6

    DEFAULT_CSS = """
    PresentScreen #present { height: 1fr; padding: 0 1; }
    PresentScreen .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    PresentScreen #scorecard { margin: 0; }
    PresentScreen #key-charts { grid-size: 2; grid-gutter: 0 1; height: auto; grid-rows: 14; }
    PresentScreen #key-charts.-narrow { grid-size: 1; }
    PresentScreen #key-charts MetricChart { height: 14; }
    """
    BINDINGS = [
        Binding("up,k", "metric(-1)", "Metric", show=False, priority=True, id="metric-up"),
        Binding("down,j", "metric(1)", "Metric", key_display="↑↓", priority=True, id="metric-down"),
        Binding("enter", "analyse", "Analyse it", priority=True, id="analyse"),
        # priority: the focused scorecard would otherwise page its own (short) rows
        Binding("pageup", "page(-1)", "Page", show=False, priority=True),
        Binding("pagedown,space", "page(1)", "Page", key_display="PgDn", priority=True, id="page"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._key_charts: list[MetricChart] = []  # named after their metrics, in grid order

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="present", can_focus=False):
            yield Static("Scorecard", classes="heading", id="scorecard-heading")
            yield Scorecard(id="scorecard")
            yield Static("Conclusions", classes="heading")
            yield Static(id="conclusions")
            yield Static("Decision and notes", classes="heading")
            yield Static(id="meeting")
            yield Static("Key charts", classes="heading")
            yield Grid(id="key-charts")

    def on_mount(self) -> None:
        if self.app_closed:
            return
        super().on_mount()
        self.query_one("#scorecard", Scorecard).focus()

    def on_resize(self) -> None:
        if self.app_closed:
            return
        self.query_one("#key-charts", Grid).set_class(self.size.width < 110, "-narrow")

    def show_state(self, state: AppState) -> None:
        cycle = state.cycle
        card = self.query_one("#scorecard", Scorecard)
        if cycle is None:
            card.show_rows([])
            self.query_one("#conclusions", Static).update(
                state.busy or "No cycle is open: press o to choose one."
            )
            self.query_one("#meeting", Static).update("")
            self._show_charts(None, state)
            return
        analysis = state.analysis if isinstance(state.analysis, CycleAnalysis) else None
        variables = self.app.theme_variables
        colours = {s: rich_colour(variables, v) for s, v in STATUS_COLOURS.items()}
        card.show_rows(score_rows(cycle, state.compute, analysis))
        metric = selected_metric(cycle, state.metric_id)
        if metric is not None and card.row_count:
            index = [m.id for m in cycle.metrics].index(metric.id)
            if card.cursor_row != index:
                card.move_cursor(row=index, animate=False)
        period = next((r.period for r in card.rows_shown if r.period), "")
        self.query_one("#scorecard-heading", Static).update(
            f"Scorecard: {cycle.cycle.title}" + (f", latest period {period}" if period else "")
        )
        if analysis is None:
            text: Text | Table = Text(
                f"{state.busy}…" if state.busy else "No analysis yet: see steps 3 and 5.",
                style="italic",
            )
        else:
            text = conclusions(cycle, analysis, colours)
        self.query_one("#conclusions", Static).update(text)
        self.query_one("#meeting", Static).update(meeting_text(cycle))
        self._show_charts(cycle, state)

    def _show_charts(self, cycle: Cycle | None, state: AppState) -> None:
        grid = self.query_one("#key-charts", Grid)
        if cycle is None:
            grid.remove_children()
            self._key_charts = []
            return
        analysis = state.analysis if isinstance(state.analysis, CycleAnalysis) else None
        keyed = [m for m in cycle.metrics if m.target is not None] + [
            m for m in cycle.metrics if m.target is None
        ]
        chosen = keyed[:MAX_CHARTS]
        # The charts are remembered here, not found in the grid by id: removed charts stay in
        # the grid until Textual prunes them, so new charts with their ids would clash.
        if [chart.name for chart in self._key_charts] != [m.id for m in chosen]:
            grid.remove_children()
            self._key_charts = [MetricChart(name=m.id) for m in chosen]
            grid.mount_all(self._key_charts)
        for chart, metric in zip(self._key_charts, chosen, strict=True):
            series = state.compute.metric(metric.id) if state.compute is not None else None
            found = analysis.metric(metric.id) if analysis is not None else None
            chart.set_spec(build_spec(metric, series, found, cycle.analysis.change_date))

    def action_metric(self, step: int) -> None:
        move_metric(self.csi_app, step)

    def action_analyse(self) -> None:
        self.csi_app.action_step(5)

    def action_page(self, direction: int) -> None:
        page = self.query_one("#present", VerticalScroll)
        page.scroll_relative(y=direction * max(1, page.size.height - 2), animate=False)
