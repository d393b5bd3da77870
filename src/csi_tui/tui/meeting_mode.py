"""Recording the review meeting: notes, decisions, actions, the meeting mode and its minutes.

Mixed into CsiApp (like saving.py and loading.py) so ``app.py`` stays a wiring file. Every record
is saved as soon as its dialog is confirmed, through ``save_cycle_edit``. The clocks are
attributes (``clock`` in seconds, ``wall_clock`` a datetime) so tests move time instead of
sleeping and snapshots freeze it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

from csi_tui.cycle import edit
from csi_tui.cycle.agenda import MeetingRun, agenda_items
from csi_tui.cycle.edit_meeting import last_meeting, next_action_id, record_meeting
from csi_tui.cycle.model import Action, Cycle, Decision, Meeting, Note
from csi_tui.errors import CsiError
from csi_tui.tui.saving import SavingMixin

if TYPE_CHECKING:
    from csi_tui.report.scorecard import ScoreRow
    from csi_tui.tui.dialogs.action_status_dialog import StatusChange
    from csi_tui.tui.dialogs.meeting_people import People
    from csi_tui.tui.state import AppState

# Steps whose screens share a selected metric: a note taken there is about that metric.
METRIC_STEPS = (2, 4, 5)


class MeetingMixin(SavingMixin):
    """A layer of CsiApp, on saving: the recording dialogs and the meeting mode."""

    meeting_run: MeetingRun | None = None
    # (what it was made from, the rows): the meeting cycle's scorecard as last computed
    _meeting_scorecard: tuple[tuple[object, ...], tuple[ScoreRow, ...]] | None = None
    clock: Callable[[], float] = staticmethod(time.monotonic)
    wall_clock: Callable[[], datetime] = staticmethod(datetime.now)

    def today(self) -> date:
        return self.wall_clock().date()

    @property
    def current_step(self) -> int | None:
        step = getattr(self.screen, "STEP", None)
        if step is None:  # a dialog or the help on top: the step screen under it
            step = getattr(self.screen_stack[0], "STEP", None) if self.screen_stack else None
        return step if isinstance(step, int) else None

    def _people_hint(self) -> str:
        """Who to prefill as author / decider: the chair of the running or the last meeting."""
        if self.meeting_run is not None and self.meeting_run.chair:
            return self.meeting_run.chair
        cycle = self.state.cycle
        last = last_meeting(cycle) if cycle is not None else None
        return last.chair if last is not None else ""

    def _open_cycle_or_warn(self) -> Cycle | None:
        cycle = self.state.cycle
        if cycle is None:
            self.notify("No cycle is open: press o to choose one.", severity="warning")
        return cycle

    # ------------------------------------------------------------ records
    def action_note(self) -> None:
        from csi_tui.tui.dialogs.note_dialog import NoteDialog
        from csi_tui.tui.screens.selection import selected_metric

        cycle = self._open_cycle_or_warn()
        if cycle is None:
            return
        step = self.current_step
        metric = selected_metric(cycle, self.state.metric_id) if step in METRIC_STEPS else None

        def save(note: Note | None) -> None:
            if note is not None:
                self.save_cycle_edit("Note added", lambda c: edit.add_note(c, note))

        self.push_screen(NoteDialog(self.today(), step, metric, self._people_hint()), save)

    def action_decide(self) -> None:
        from csi_tui.tui.dialogs.decision_dialog import DecisionDialog

        if self._open_cycle_or_warn() is None:
            return

        def save(decision: Decision | None) -> None:
            if decision is not None:
                label = f"Decision recorded: {decision.decision}"
                self.save_cycle_edit(label, lambda c: edit.record_decision(c, decision))

        self.push_screen(DecisionDialog(self.today(), self._people_hint()), save)

    def action_add_action(self) -> None:
        from csi_tui.tui.dialogs.action_dialog import ActionDialog

        cycle = self._open_cycle_or_warn()
        if cycle is None:
            return

        def save(action: Action | None) -> None:
            if action is not None:
                label = f"Action {action.id} added"
                self.save_cycle_edit(label, lambda c: edit.add_action(c, action))

        taken = [a.id for a in cycle.actions]
        self.push_screen(ActionDialog(self.today(), next_action_id(cycle), taken), save)

    def action_action_status(self) -> None:
        from csi_tui.tui.dialogs.action_status_dialog import ActionStatusDialog

        cycle = self._open_cycle_or_warn()
        if cycle is None:
            return
        if not cycle.actions:
            self.notify("This cycle has no actions yet: add one with a.", severity="warning")
            return

        def save(change: StatusChange | None) -> None:
            if change is None:
                return
            label = f"Action {change.action_id}: {change.status.replace('_', ' ')}"
            self.save_cycle_edit(
                label,
                lambda c: edit.set_action_status(
                    c, change.action_id, change.status, change.done_on
                ),
            )

        selected = _highlighted_action(self)
        self.push_screen(ActionStatusDialog(cycle.actions, self.today(), selected), save)

    # ------------------------------------------------------------ meeting mode
    def action_meeting(self) -> None:
        """``m``: start the meeting, or end it and write the minutes."""
        if self.meeting_run is None:
            self._start_meeting()
        else:
            self._end_meeting()

    def _start_meeting(self) -> None:
        from csi_tui.tui.dialogs.meeting_people import MeetingPeopleDialog, People

        cycle = self._open_cycle_or_warn()
        if cycle is None:
            return
        last = last_meeting(cycle)
        owner = cycle.cycle.owner
        people = People(last.chair, last.attendees) if last else People(owner, (owner,))
        agenda = agenda_items(cycle)

        def start(chosen: People | None) -> None:
            if chosen is None:
                return
            self.meeting_run = MeetingRun.start(
                agenda, self.clock(), self.wall_clock(), chosen.chair, chosen.attendees, cycle.id
            )
            self._meeting_scorecard = None
            self.watch_state(self.state)
            self.action_step(agenda[0].step)
            self.refresh_meeting_bar()
            self.refresh_bindings()
            self.notify("Meeting started: > and < move through the agenda, m ends it.", timeout=4)

        title = f"Start the review meeting of {cycle.id}"
        self.push_screen(
            MeetingPeopleDialog(title, people, agenda, "enter starts · escape cancels"), start
        )

    def action_agenda(self, step: int) -> None:
        """Next (+1) or previous (-1) agenda item; shows its step."""
        run = self.meeting_run
        if run is None:
            self.notify("No meeting is running: press m to start one.", severity="warning")
            return
        from csi_tui.tui.screens.present_mode import PresentMode

        moved = run.go(run.index + step, self.clock())
        self.meeting_run = moved
        if isinstance(self.screen, PresentMode) and moved.index != run.index:
            self.screen.dismiss()  # the next item's step, not the projector view
        if moved.index != run.index or self.current_step != moved.item.step:
            self.action_step(moved.item.step)
        self.refresh_meeting_bar()

    def action_attendees(self) -> None:
        from csi_tui.tui.dialogs.meeting_people import MeetingPeopleDialog, People

        run = self.meeting_run
        if run is None:
            self.notify("No meeting is running: press m to start one.", severity="warning")
            return

        def chosen(people: People | None) -> None:
            if people is not None and self.meeting_run is not None:
                self.meeting_run = self.meeting_run.with_people(people.chair, people.attendees)

        self.push_screen(
            MeetingPeopleDialog("Who is in the meeting", People(run.chair, run.attendees)),
            chosen,
        )

    def _end_meeting(self) -> None:
        from csi_tui.tui.dialogs.meeting_people import MeetingPeopleDialog, People

        run = self.meeting_run
        assert run is not None

        def end(people: People | None) -> None:
            if people is not None:
                self.write_minutes(people)

        self.push_screen(
            MeetingPeopleDialog(
                "End the meeting and write the minutes",
                People(run.chair, run.attendees),
                keys="enter writes the minutes · escape goes back to the meeting",
            ),
            end,
        )

    def confirm_quit_during_meeting(self) -> None:
        """A quit key while the meeting runs would leave it without minutes: ask first."""
        from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                "A review meeting is running and its minutes are not written yet. Its notes,"
                " decisions and actions are saved already. Quit anyway? (Go back and press m to"
                " end the meeting and write the minutes.)",
                yes="Quit without minutes",
                no="Back to the meeting",
            ),
            answered,
        )

    def watch_state(self, state: AppState) -> None:
        """While a meeting runs, keep its cycle's scorecard as last computed: adopting the cycle
        opens the next one, and the minutes are still about the cycle reviewed."""
        from csi_tui.analysis.results import CycleAnalysis
        from csi_tui.report.scorecard import score_rows

        run, cycle, analysis = self.meeting_run, state.cycle, state.analysis
        if run is None or cycle is None or cycle.id != run.cycle_id:
            return
        if not isinstance(analysis, CycleAnalysis) or state.compute is None:
            return
        seen = (cycle, state.compute, analysis)
        kept = self._meeting_scorecard
        # by identity: a state change that left these alone (progress, a bar tick) costs nothing
        if kept is None or any(a is not b for a, b in zip(kept[0], seen, strict=True)):
            self._meeting_scorecard = (seen, tuple(score_rows(cycle, state.compute, analysis)))

    def _reviewed_cycle(self) -> Cycle | None:
        """The cycle the running meeting reviews, as it is now (adopted meanwhile, perhaps)."""
        run, workspace = self.meeting_run, self.state.workspace
        if run is None:
            return None
        cycles = workspace.cycles if workspace is not None else ()
        return next((c for c in cycles if c.id == run.cycle_id), self.state.cycle)

    def write_minutes(self, people: People) -> None:
        """Write the minutes file, record the meeting in ``[[meetings]]``, end the meeting."""
        from csi_tui.report.minutes import minutes_markdown, relative_to_cycle
        from csi_tui.report.minutes import write_minutes as write_file
        from csi_tui.report.scorecard import score_rows

        run = self.meeting_run
        cycle = self._reviewed_cycle()
        if run is None or cycle is None:
            return
        now, ended = self.clock(), self.wall_clock()
        day = run.started_at.date()
        self.watch_state(self.state)
        kept = self._meeting_scorecard
        rows = list(kept[1]) if kept is not None else score_rows(cycle, None, None)
        meeting = Meeting(day, people.chair, people.attendees)
        times = list(zip(run.agenda, run.spent_so_far(now), strict=True))
        cycle_file = (
            cycle.path.relative_to(self.state.workspace.root).as_posix()
            if cycle.path is not None
            and self.state.workspace is not None
            and cycle.path.is_relative_to(self.state.workspace.root)
            else None
        )
        text = minutes_markdown(
            cycle, meeting, rows, times=times, started=run.started_at, ended=ended,
            cycle_file=cycle_file,
        )  # fmt: skip
        try:
            path = write_file(cycle, day, text)
        except CsiError as error:
            self._notify_problems(error.problems)
            return  # the meeting goes on: nothing is lost
        recorded = Meeting(day, people.chair, people.attendees, relative_to_cycle(cycle, path))
        self.meeting_run = None
        self.refresh_meeting_bar()
        self.refresh_bindings()
        self._meeting_scorecard = None
        # Into the reviewed cycle's file, also when the app has opened the next cycle since.
        self._save(
            "cycle",
            f"Meeting recorded; minutes in {recorded.minutes}",
            partial(record_meeting, meeting=recorded),
            cycle,
            "none",
        )

    def refresh_meeting_bar(self) -> None:
        from csi_tui.tui.widgets.meeting_bar import MeetingBar

        for screen in self.screen_stack:
            for bar in screen.query(MeetingBar):
                bar.tick()

    def check_meeting_action(self, action: str) -> bool | None:
        """Agenda keys only while a meeting runs (hidden from the footer otherwise)."""
        if action in ("agenda", "attendees"):
            return self.meeting_run is not None
        return True

    # ------------------------------------------------------------ presentation
    def action_present(self) -> None:
        from csi_tui.tui.screens.present_mode import PresentMode

        if isinstance(self.screen, PresentMode):
            return
        if self._open_cycle_or_warn() is None:
            return
        if self.current_step != 6:
            self.action_step(6)
        self.push_screen(PresentMode())


def _highlighted_action(app: MeetingMixin) -> str | None:
    """The action under the cursor of step 7's table, when step 7 is showing."""
    from textual.css.query import NoMatches
    from textual.widgets import DataTable
    from textual.widgets.data_table import CellDoesNotExist

    if getattr(app.screen, "STEP", None) != 7:
        return None
    try:
        table = app.screen.query_one("#actions", DataTable)
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except (NoMatches, CellDoesNotExist):  # the table is not there, or has no rows
        return None
    return str(row.value) if row.value is not None else None
