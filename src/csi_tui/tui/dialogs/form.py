"""What the recording dialogs share: a titled box of labelled fields, each with its own error line.

Not a dialog itself. ``enter`` in a field or ``ctrl+s`` saves, ``escape`` cancels; ``validate``
returns the reasons per field id, shown next to the field (glyph and words, never colour alone),
and the dialog stays open until every field is right.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

T = TypeVar("T")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_problem(text: str, *, required: bool = True) -> str | None:
    """Why ``text`` is not a YYYY-MM-DD date, or None when it is one (or may be empty)."""
    text = text.strip()
    if not text:
        return "a date is needed, as YYYY-MM-DD" if required else None
    if not _DATE.match(text):
        return f"{text!r}: write the date as YYYY-MM-DD"
    try:
        date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a day of the calendar (YYYY-MM-DD)"
    return None


class FormDialog(ModalScreen[T | None], Generic[T]):
    """Subclasses give ``TITLE_TEXT``, ``fields()`` and ``validate()`` / ``result()``."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog .form-title { text-style: bold; width: 1fr; }
    FormDialog .form-context { color: $text-muted; width: 1fr; }
    FormDialog .field-row { height: auto; }
    FormDialog .field-label { width: 18; height: 3; content-align: left middle; }
    FormDialog .field-row Input, FormDialog .field-row Select { width: 1fr; }
    FormDialog .field-error { color: $text-error; display: none; padding-left: 18; }
    FormDialog .field-error.-shown { display: block; }
    FormDialog .form-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog-save"),
    ]
    TITLE_TEXT = ""
    KEYS_TEXT = "enter or ctrl+s saves · escape cancels · tab next field"

    def context(self) -> str:
        """A line under the title (e.g. which step and metric a note is about)."""
        return ""

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):  # the first field takes the focus
            yield Label(self.TITLE_TEXT, classes="form-title", markup=False)
            if self.context():
                yield Static(self.context(), classes="form-context", markup=False)
            yield from self.fields()
            yield Static(self.KEYS_TEXT, classes="form-keys", markup=False)

    @staticmethod
    def field(label: str, widget: Widget) -> ComposeResult:
        """A label and the field on one row (fits 80x24), its error line below it
        (``#<field id>-error``)."""
        with Horizontal(classes="field-row"):
            yield Label(label, classes="field-label", markup=False)
            yield widget
        yield Static("", id=f"{widget.id}-error", classes="field-error", markup=False)

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def choice(self, field_id: str) -> str | None:
        value = self.query_one(f"#{field_id}", Select).value
        return None if value is Select.NULL else str(value)

    def validate(self) -> dict[str, str]:
        """field id -> what is wrong with it."""
        return {}

    def result(self) -> T:
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        for line in self.query(".field-error"):
            assert isinstance(line, Static) and line.id is not None
            field_id = line.id.removesuffix("-error")
            message = errors.get(field_id)
            line.update(f"✖ {message}" if message else "")
            line.set_class(message is not None, "-shown")

    @property
    def errors_shown(self) -> dict[str, str]:
        """The error lines on show (tests read them)."""
        shown = {}
        for line in self.query(".field-error.-shown"):
            assert isinstance(line, Static) and line.id is not None
            shown[line.id.removesuffix("-error")] = str(line.render())
        return shown

    def action_save(self) -> None:
        errors = self.validate()
        self.show_errors(errors)
        if errors:
            first = next(iter(errors))
            self.query_one(f"#{first}").focus()
            return
        self.dismiss(self.result())

    def _typed(self) -> tuple[object, ...]:
        """What the fields hold now (compared with what they held when the dialog opened)."""
        return tuple(
            field.value if isinstance(field, Input | Select) else None
            for field in self.query("Input, Select")
        )

    def on_mount(self) -> None:
        self._opened_with: tuple[object, ...] | None = self._typed()

    def action_cancel(self) -> None:
        """Close without saving; ask first when something was typed (escape must not lose it)."""
        if not self.is_mounted or self._typed() == self._opened_with:
            self.dismiss(None)
            return
        from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Drop what you typed?", yes="Drop it", no="Keep editing"), answered
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
