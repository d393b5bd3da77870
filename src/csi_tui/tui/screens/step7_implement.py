"""Step 7: Implement. The decision and its consequences, actions, the register entry, history.

``A`` adopts the results as the new baseline (the next cycle's file, the adoption and outcome in
this one, the register entry closed: ``cycle/closing.py``), ``c`` continues testing (a later
end), ``x`` rejects the change. The history shows every cycle of the service with, for the
selected metric (``]`` / ``[``), baseline -> result -> adopted baseline; results of the other
cycles are computed once in a thread worker (the engine caches), as step 4 does for its chart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from csi_tui.cycle.history import Results, service_cycles, service_history
from csi_tui.cycle.model import Cycle, Decision, DecisionKind
from csi_tui.errors import CsiError
from csi_tui.report.action_status import count_overdue, days_overdue, status_words
from csi_tui.tui.screens.base import StepScreen
from csi_tui.tui.screens.selection import move_metric, selected_metric
from csi_tui.tui.screens.shown import ShownCache
from csi_tui.tui.screens.step7_decision import decision_text
from csi_tui.tui.screens.step7_history import NARROW_HEADERS, WIDE_HEADERS, history_rows
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.chart_palette import rich_colour
from csi_tui.tui.widgets.sortable_table import clip

HistoryKey = tuple[str, str | None]  # (cycle id, content hash of its file when loaded)

ACTION_HEADERS = ("id", "action", "owner", "due", "status")
# id 5, owner 12, due 10, status 17 ("✔ done 2026-05-27"), 2 cells of padding each, scrollbar
ACTION_FIXED_WIDTH = 5 + 12 + 10 + 17 + 5 * 2 + 2
WIDE = 100


class ImplementScreen(StepScreen):
    STEP = 7
    DEFAULT_CSS = """
    ImplementScreen #decision { height: auto; max-height: 8; padding: 0 1; }
    ImplementScreen #actions { height: 1fr; min-height: 4; border-top: solid $primary; }
    ImplementScreen #history { height: 1fr; min-height: 4; border-top: solid $primary; }
    """
    BINDINGS = [
        # n, d, a: the app's recording dialogs (meeting_mode.py)
        Binding("n", "app.note", "Note", id="note"),
        Binding("d", "app.decide", "Decide", id="decide"),
        Binding("a", "app.add_action", "Action", id="action"),
        Binding("s", "app.action_status", "Status", show=False, id="action-status"),
        Binding("A", "adopt", "Adopt", id="adopt"),
        Binding("c", "continue_testing", "Continue", id="continue-testing"),
        Binding("x", "reject", "Reject", id="reject"),
        # Not m: step 7 is the agenda's last item, where the chair ends the meeting (m).
        Binding("right_square_bracket", "metric(1)", "Metric", show=False, id="history-metric"),
        Binding(
            "left_square_bracket", "metric(-1)", "Metric", show=False, id="history-metric-back"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = ShownCache()
        self._width = 80
        self.results: dict[HistoryKey, tuple[Any, Any]] = {}  # other cycles' numbers
        self._results_wanted: tuple[HistoryKey, ...] = ()

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="decision"):
            yield Static(id="decision-text")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if self.app_closed:
            return
        self.query_one("#actions", DataTable).add_columns(*ACTION_HEADERS)
        super().on_mount()
        self.query_one("#actions", DataTable).focus()

    def on_resize(self) -> None:
        """Column widths follow the terminal: re-lay the tables when it is resized."""
        if self.app_closed:
            return
        width = self.app.size.width
        if width != self._width:
            self._shown = ShownCache()
            self.show_state(self.csi_app.state)

    def show_state(self, state: AppState) -> None:
        parts = (state.workspace, state.cycle_id, state.compute, state.analysis, state.metric_id)
        if not self._shown.changed(*parts):
            return  # e.g. a progress update: nothing this screen shows has changed
        self._width = self.app.size.width
        cycle = state.cycle
        self.query_one("#decision-text", Static).update(decision_text(cycle, state.workspace))
        self._show_actions(cycle)
        self._show_history(state, cycle)

    def _show_actions(self, cycle: Cycle | None) -> None:
        actions: DataTable[str | Text] = self.query_one("#actions", DataTable)
        actions.clear()
        # The action's title takes what the id, owner, due date and status leave (each column has
        # 2 cells of padding; 4 more for the scrollbar), so the status word is never cut at 80.
        title_width = max(16, min(50, self._width - ACTION_FIXED_WIDTH))
        today = self.csi_app.today()
        late_style = f"bold {rich_colour(self.app.theme_variables, 'error')}".strip()
        for action in cycle.actions if cycle else ():
            words = status_words(action, today, compact=True)
            late = days_overdue(action, today) is not None
            actions.add_row(
                action.id,
                clip(action.title, title_width),
                clip(action.owner, 12),
                str(action.due) if action.due else "—",
                Text(words, style=late_style) if late else words,
                key=action.id,
            )
        count = len(cycle.actions) if cycle else 0
        late_count = count_overdue(cycle.actions, today) if cycle else 0
        overdue = f" · ⚠ {late_count} overdue" if late_count else ""
        actions.border_title = f"Actions · {count}{overdue}" if count else "Actions · none recorded"

    # ------------------------------------------------------------ history
    def _show_history(self, state: AppState, cycle: Cycle | None) -> None:
        history: DataTable[str] = self.query_one("#history", DataTable)
        metric = selected_metric(cycle, state.metric_id) if cycle is not None else None
        # Below 100 columns the status and start date give way to what was decided and adopted.
        wide = self._width >= WIDE
        metric_header = clip(metric.name, 24 if wide else 16) if metric else "metric"
        headers = (*(WIDE_HEADERS if wide else NARROW_HEADERS), metric_header)
        if tuple(str(c.label) for c in history.columns.values()) != headers:
            history.clear(columns=True)
            history.add_columns(*headers)
        history.clear()
        if state.workspace is None or cycle is None:
            history.border_title = "History"
            return
        service = cycle.cycle.service
        found = service_history(state.workspace, service, self._results_for(state))
        for key, row in history_rows(found, cycle.id, metric.id if metric else None, wide):
            history.add_row(*row, key=key)
        problem = f" · ✖ {found.problems[0].message}" if found.problems else ""
        if len(found.cycles) <= 1:
            history.border_title = f"History of {service} · no earlier cycles in this workspace"
        else:
            history.border_title = (
                f"History of {service} · {metric_header}: baseline → result → adopted · "
                f"● the open cycle{problem}"
            )

    def _results_for(self, state: AppState) -> Results:
        """The open cycle's numbers from the state; the others' computed in a worker."""
        workspace, cycle = state.workspace, state.cycle
        if workspace is None or cycle is None:
            return {}
        others = [c for c in service_cycles(workspace, cycle.cycle.service) if c.id != cycle.id]
        keys = tuple((c.id, c.loaded_hash) for c in others)
        missing = [c for c, key in zip(others, keys, strict=True) if key not in self.results]
        if missing and keys != self._results_wanted:
            self._results_wanted = keys
            self._compute_results(missing)
        results: dict[str, tuple[Any, Any]] = {
            c.id: self.results[key]
            for c, key in zip(others, keys, strict=True)
            if key in self.results
        }
        if state.compute is not None:
            results[cycle.id] = (state.compute, state.analysis)
        return results

    @work(thread=True, group="history7", exit_on_error=False)
    def _compute_results(self, cycles: list[Cycle]) -> None:
        services = self.csi_app.services
        found: dict[HistoryKey, tuple[Any, Any]] = {}
        for cycle in cycles:
            key = (cycle.id, cycle.loaded_hash)
            try:
                result = services.compute(cycle, None)
                # The centre line is the analysis' own; the other methods read the periods.
                wanted = cycle.analysis.adopt_baseline == "centre_line"
                found[key] = (result, services.analyse(cycle, result) if wanted else None)
            except CsiError:
                found[key] = (None, None)  # a cycle that no longer computes shows "—"
        self.app.call_from_thread(self._results_done, found)

    def _results_done(self, found: dict[HistoryKey, tuple[Any, Any]]) -> None:
        self.results.update(found)
        self._shown = ShownCache()
        self.show_state(self.csi_app.state)

    def action_metric(self, step: int) -> None:
        move_metric(self.csi_app, step)

    # ------------------------------------------------------------ adopt, continue, reject
    def _live_cycle(self, doing: str) -> Cycle | None:
        state = self.csi_app.state
        cycle = state.cycle
        if cycle is None or state.workspace is None:
            self.notify("No cycle is open.", severity="warning")
            return None
        if state.busy is not None:
            self.notify(f"Wait until {state.busy.lower()} is done, then {doing}.")
            return None
        return cycle

    def _decision(self, cycle: Cycle, kind: DecisionKind, text: str, by: str) -> Decision | None:
        """The decision to record with the step, unless the latest one already says so."""
        latest = cycle.decision
        if latest is not None and latest.decision == kind:
            return None
        return Decision(date=date.today(), decision=kind, rationale=text, decided_by=by)

    def action_adopt(self) -> None:
        from csi_tui.analysis.adoption import adopted_values
        from csi_tui.cycle.closing_refusals import check_can_adopt, check_computed
        from csi_tui.cycle.next_cycle import next_id, plan_next
        from csi_tui.tui.dialogs.adopt_dialog import AdoptDialog, AdoptForm

        cycle = self._live_cycle("adopt")
        state = self.csi_app.state
        if cycle is None or state.workspace is None:
            return
        if state.compute is None:
            self.notify(
                "The cycle's numbers are not computed: adopting needs them.", severity="warning"
            )
            return
        # A pending adopt decision (ticked in the dialog) counts as the latest one here.
        decided = cycle
        needs_decision = cycle.decision is None or cycle.decision.decision != "adopt"
        if needs_decision:
            extra = Decision(date=date.today(), decision="adopt")
            decided = replace(cycle, decisions=(*cycle.decisions, extra))
        try:
            check_can_adopt(state.workspace, decided)
            check_computed(cycle, state.compute)
        except CsiError as error:
            self.csi_app._notify_problems(error.problems)
            return
        values = adopted_values(cycle, state.compute, state.analysis)
        problem = ""
        try:
            plan = plan_next(state.workspace, cycle)
            suggested, start = plan.id, plan.start
        except CsiError as error:
            problem = "✖ " + error.problems[0].message
            start = cycle.cycle.end + timedelta(days=1)
            suggested = next_id(cycle.id, start)
        form = AdoptForm(cycle.id, values, suggested, start, needs_decision, problem)

        def chosen(request: Any) -> None:
            if request is not None:
                self._adopt(cycle, values, request)

        self.app.push_screen(AdoptDialog(form), chosen)

    def _adopt(self, cycle: Cycle, values: Any, request: Any) -> None:
        from csi_tui.cycle.closing import adopt

        workspace = self.csi_app.state.workspace
        assert workspace is not None
        today = date.today()
        decision = (
            Decision(today, "adopt", request.override, request.by)
            if request.record_decision
            else None
        )
        try:
            done = adopt(
                workspace,
                cycle,
                values,
                today=today,
                by=request.by,
                override=request.override,
                next_cycle_id=request.next_id,
                start=request.start,
                decision=decision,
            )
        except CsiError as error:
            self.csi_app._notify_problems(error.problems)
            return
        except OSError as error:
            self.notify(f"Not adopted: {error}", title="Not saved", severity="error")
            return
        self.notify(
            f"{cycle.id} adopted and closed; next cycle {done.next_cycle.id} opened "
            f"({done.next_cycle.cycle.start} to {done.next_cycle.cycle.end}).",
            title="Adopted",
            timeout=6,
        )
        # Three files changed: read the workspace again and open the next cycle.
        self.csi_app.start_loading(done.next_cycle.id)

    def action_continue_testing(self) -> None:
        from csi_tui.tui.dialogs.continue_dialog import ContinueDialog

        cycle = self._live_cycle("continue testing")
        if cycle is None:
            return
        if cycle.outcome is not None or cycle.cycle.status == "closed":
            self.notify(f"{cycle.id} is closed: it cannot be extended.", severity="warning")
            return
        from csi_tui.cycle.next_cycle import suggested_extension

        end, suggested = cycle.cycle.end, suggested_extension(cycle)
        records = cycle.decision is None or cycle.decision.decision != "continue"

        def chosen(request: Any) -> None:
            if request is not None:
                self._continue(cycle, request)

        self.app.push_screen(ContinueDialog(cycle.id, end, suggested, records), chosen)

    def _continue(self, cycle: Cycle, request: Any) -> None:
        from csi_tui.cycle.closing import continue_testing

        decision = self._decision(cycle, "continue", request.reason, request.by)
        self.csi_app.save_cycle_edit(
            f"{cycle.id} now ends {request.until} (was {cycle.cycle.end})",
            lambda c: continue_testing(
                c,
                request.until,
                request.reason,
                today=date.today(),
                by=request.by,
                decision=decision,
            ),
            recompute="data",  # a later end means more periods
        )

    def action_reject(self) -> None:
        from csi_tui.tui.dialogs.reject_dialog import RejectDialog

        cycle = self._live_cycle("reject")
        if cycle is None:
            return
        if cycle.outcome is not None or cycle.cycle.status == "closed":
            self.notify(f"{cycle.id} is closed already.", severity="warning")
            return
        records = cycle.decision is None or cycle.decision.decision != "reject"

        def chosen(request: Any) -> None:
            if request is not None:
                self._reject(cycle, request)

        self.app.push_screen(RejectDialog(cycle.id, cycle.cycle.register_id, records), chosen)

    def _reject(self, cycle: Cycle, request: Any) -> None:
        from csi_tui.cycle.closing import reject

        workspace = self.csi_app.state.workspace
        assert workspace is not None
        decision = self._decision(cycle, "reject", request.reason, request.by)
        try:
            done = reject(
                workspace, cycle, request.reason, today=date.today(), by=request.by,
                decision=decision,
            )  # fmt: skip
        except CsiError as error:
            self.csi_app._notify_problems(error.problems)
            return
        # Two files were written together: into the state, without an undo entry for one half.
        self.csi_app.apply_saved_cycle(done.cycle)
        if done.register is not None:
            self.csi_app.apply_saved("register", done.register, "none")
        entry = f"; {cycle.cycle.register_id} closed unsuccessful" if done.register else ""
        self.notify(f"{cycle.id} rejected and closed{entry}.", title="Saved", timeout=4)
