"""Who is in the meeting: the chair and the attendees (a comma-separated list). Asked when the
meeting starts (prefilled from the last meeting), when it ends (before the minutes are written),
and from the palette in between."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Static

from csi_tui.cycle.model import AgendaItem
from csi_tui.tui.dialogs.form import FormDialog
from csi_tui.tui.steps import STEPS


@dataclass(frozen=True)
class People:
    chair: str
    attendees: tuple[str, ...]


def split_names(text: str) -> tuple[str, ...]:
    """Names separated by commas (or semicolons), each once, in the order written."""
    names: list[str] = []
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


def agenda_lines(agenda: Sequence[AgendaItem]) -> str:
    lines = []
    for number, item in enumerate(agenda, start=1):
        step = STEPS[item.step - 1] if 1 <= item.step <= 7 else None
        label = f"Step {item.step}, {step.label}" if step else f"Step {item.step}"
        box = f"{item.minutes} min" if item.minutes is not None else "no time box"
        topic = f": {item.topic}" if item.topic else ""
        lines.append(f"{number}. {label} ({box}){topic}")
    return "\n".join(lines)


class MeetingPeopleDialog(FormDialog[People]):
    DEFAULT_CSS = "MeetingPeopleDialog .agenda-heading { margin-top: 1; text-style: bold; }"

    def __init__(
        self,
        title: str,
        people: People,
        agenda: Sequence[AgendaItem] = (),
        keys: str = "enter or ctrl+s confirms · escape cancels · tab next field",
    ) -> None:
        super().__init__()
        self.title_text, self.people, self.agenda, self.keys_text = title, people, agenda, keys

    def compose(self) -> ComposeResult:
        self.TITLE_TEXT = self.title_text
        self.KEYS_TEXT = self.keys_text
        yield from super().compose()

    def fields(self) -> ComposeResult:
        yield from self.field("Chair", Input(self.people.chair, id="meeting-chair"))
        yield from self.field(
            "Attendees",
            Input(
                ", ".join(self.people.attendees),
                id="meeting-attendees",
                placeholder="names separated by commas",
            ),
        )
        if self.agenda:
            yield Static("Agenda", classes="agenda-heading")
            yield Static(agenda_lines(self.agenda), id="meeting-agenda", markup=False)

    def validate(self) -> dict[str, str]:
        errors = {}
        if not self.text("meeting-chair"):
            errors["meeting-chair"] = "who chairs the meeting?"
        if not split_names(self.text("meeting-attendees")):
            errors["meeting-attendees"] = "name at least one attendee (the chair counts)"
        return errors

    def result(self) -> People:
        return People(self.text("meeting-chair"), split_names(self.text("meeting-attendees")))
