"""Command palette (ctrl+p): open a cycle, go to a step, switch metric, switch theme, reload."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from csi_tui.tui.host import CsiHost, as_host
from csi_tui.tui.steps import STEPS

Command = tuple[str, str, Callable[[], object]]  # text, help, callback


class CsiCommands(Provider):
    @property
    def csi_app(self) -> CsiHost:
        return as_host(self.app)

    def commands(self) -> Iterator[Command]:
        app = self.csi_app
        for step in STEPS:
            yield (
                f"Go to step {step.number}: {step.label}",
                step.question,
                partial(app.action_step, step.number),
            )
        yield ("Reload the cycle and its data", "read the files again", app.action_reload)
        yield from report_commands(app)
        yield ("Edit the cycle file (raw TOML)", "E: validated on save", app.action_edit_raw)
        yield ("Undo the last edit", "ctrl+z: writes the file back as it was", app.action_undo)
        yield from meeting_commands(app)
        state = app.state
        if state.workspace is not None:
            for listed in state.workspace.cycles:
                yield (
                    f"Open cycle: {listed.id} ({listed.cycle.title})",
                    f"{listed.cycle.service}, {listed.cycle.status}",
                    partial(app.open_cycle, listed.id),
                )
        cycle = state.cycle
        if cycle is not None:
            for metric in cycle.metrics:
                yield (
                    f"Switch metric: {metric.name}",
                    f"{metric.id}, used by steps 2, 4 and 5",
                    partial(app.select_metric, metric.id),
                )
        yield from _edit_commands(app)
        for action, text, help_text in STEP7_COMMANDS:
            yield (text, help_text, partial(_on_step7, app, action))
        for name in sorted(app.available_themes):
            yield (f"Switch theme: {name}", "saved as your choice", partial(_set_theme, app, name))

    async def discover(self) -> Hits:
        for text, help_text, callback in self.commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)


def _edit_commands(app: CsiHost) -> Iterator[Command]:
    """Editing the strategy, the metrics and the register (forms of ``tui/editing.py``)."""
    from csi_tui.tui import editing

    cycle = app.state.cycle
    if cycle is not None:
        yield ("Edit strategy", "vision, business need, objectives, CSFs (step 1, e)",
               partial(editing.edit_strategy, app))  # fmt: skip
        for metric in cycle.metrics:
            yield (
                f"Edit metric: {metric.name}",
                f"{metric.id}: target, amber, formula, filter... (step 2, e)",
                partial(editing.edit_metric, app, metric.id),
            )
        yield ("Add metric", f"a new metric in {cycle.id} (step 2, +)",
               partial(editing.add_metric, app))  # fmt: skip
        selected = cycle.metric(app.state.metric_id or "")
        if selected is not None:
            yield (
                f"Remove metric: {selected.name}",
                f"{selected.id}, the selected metric, after a yes/no (step 2, delete)",
                partial(editing.remove_metric, app, selected.id),
            )
    register = app.state.workspace.register if app.state.workspace is not None else None
    if register is not None:
        for entry in register.opportunities:
            yield (
                f"Edit register entry: {entry.id}",
                f"{entry.description[:50]} (step 1, enter)",
                partial(editing.edit_register_entry, app, entry.id),
            )
        yield ("Add register entry", "a new CSI register opportunity (step 1, +)",
               partial(editing.add_register_entry, app))  # fmt: skip


# Step 7's consequences of the decision: (screen action, command, help).
STEP7_COMMANDS = (
    ("adopt", "Adopt the results as the new baseline", "step 7: opens the next cycle (A)"),
    ("continue_testing", "Continue testing: extend the cycle", "step 7: a later end (c)"),
    ("reject", "Reject the change: close the cycle", "step 7: closes it unsuccessful (x)"),
)


def _on_step7(app: CsiHost, action: str) -> None:
    app.action_step(7)
    app.call_after_refresh(app.run_action, f"screen.{action}")


def _set_theme(app: CsiHost, name: str) -> None:
    app.theme = name


def report_commands(app: CsiHost) -> Iterator[Command]:
    """The report for decision makers (report_export.py), beside the cycle file."""
    for fmt, words in (("md", "Markdown"), ("html", "HTML")):
        yield (
            f"Export the report ({words})",
            "for business readers, written beside the cycle file"
            + (" (ctrl+e)" if fmt == "html" else ""),
            partial(app.action_export_report, fmt),
        )


def system_commands(
    app: App[Any], textual_commands: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's own palette commands, less two: "Theme" (the provider above lists every theme
    already, so each showed twice) and "Screenshot" (Textual saves into a Downloads folder that a
    jump host rarely has), replaced by one that saves into a folder it makes and says where."""
    from csi_tui.tui.screenshot import save_screenshot, screenshots_dir

    for command in textual_commands:
        if command.title == "Theme":
            continue
        if command.title == "Screenshot":
            yield SystemCommand(
                "Screenshot",
                f"Save an SVG of the screen in {screenshots_dir()}",
                # after the palette has closed, so the picture is of the step
                lambda: app.set_timer(0.1, partial(save_screenshot, app)),
            )
            continue
        yield command


def meeting_commands(app: CsiHost) -> Iterator[Command]:
    """Recording the review meeting (meeting_mode.py)."""
    yield ("Add note", "n: saved at once, with the step (and metric) it is about", app.action_note)
    yield ("Record decision", "d: adopt, continue testing or reject, why, who", app.action_decide)
    yield ("Add action", "a: what, owner, due date, status", app.action_add_action)
    yield ("Change action status", "open, in progress, done, dropped", app.action_action_status)
    if app.meeting_run is None:
        yield ("Start meeting", "m: agenda, clock, attendees, minutes", app.action_meeting)
    else:
        yield (
            "End meeting and write the minutes",
            "m: Markdown minutes beside the cycles, the meeting in [[meetings]]",
            app.action_meeting,
        )
        yield ("Next agenda item", "> or ctrl+right", partial(app.action_agenda, 1))
        yield ("Previous agenda item", "< or ctrl+left", partial(app.action_agenda, -1))
        yield ("Change attendees", "who is in the meeting, and the chair", app.action_attendees)
    yield ("Present (step 6)", "p: scorecard and chart full screen", app.action_present)
