"""Ask before dropping text that was typed and not saved: True drops it, False keeps editing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class DiscardDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    DiscardDialog { align: center middle; }
    DiscardDialog > Vertical {
        width: 60; max-width: 100%; height: auto; border: thick $warning;
        background: $surface; padding: 0 1;
    }
    DiscardDialog Horizontal { height: auto; margin-top: 1; }
    DiscardDialog Button { margin-right: 1; }
    """
    BINDINGS = [
        Binding("y,d", "dismiss(True)", "Drop them", id="discard-yes"),
        Binding("n,escape", "dismiss(False)", "Keep editing", id="discard-no"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"⚠ UNSAVED  Drop your changes to {self.what}?"))
            yield Label("They are not in the file. ctrl+s in the editor saves them.")
            with Horizontal():
                yield Button("n Keep editing", id="keep", variant="primary")
                yield Button("y Drop them", id="drop", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "drop")
