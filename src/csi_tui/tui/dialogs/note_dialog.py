"""Take a note (``n``): its text and author; the step it was taken on and, on steps 2, 4 and 5,
the selected metric are recorded with it."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from csi_tui.cycle.model import Metric, Note
from csi_tui.tui.dialogs.form import FormDialog
from csi_tui.tui.steps import STEPS


class NoteDialog(FormDialog[Note]):
    TITLE_TEXT = "Add a note"

    def __init__(self, today: date, step: int | None, metric: Metric | None, author: str) -> None:
        super().__init__()
        self.today, self.step, self.metric, self.author = today, step, metric, author

    def context(self) -> str:
        where = f"On step {self.step} {STEPS[self.step - 1].label}" if self.step else "General"
        if self.metric is not None:
            where += f", about {self.metric.name}"
        return f"{where} · {self.today}"

    def fields(self) -> ComposeResult:
        yield from self.field("Note", Input(id="note-text", placeholder="what the team said"))
        yield from self.field("Author", Input(self.author, id="note-author"))

    def validate(self) -> dict[str, str]:
        if not self.text("note-text"):
            return {"note-text": "the note is empty: write what to remember"}
        return {}

    def result(self) -> Note:
        return Note(
            date=self.today,
            text=self.text("note-text"),
            author=self.text("note-author"),
            step=self.step,
            metric=self.metric.id if self.metric is not None else None,
        )
