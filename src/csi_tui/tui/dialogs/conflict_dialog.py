"""The file changed on disk since it was loaded: both changes side by side, and three ways out.

Returns the choice made: "mine" (my edit over the disk's version, theirs kept as a copy),
"theirs" (the disk's version, my edit dropped), "reapply" (my edit run again on the disk's
version), or "later" (escape: nothing written). The work of each choice is the caller's
``resolve``; when it fails (my edit is not valid on the new file) the dialog says why and stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

Choice = str  # "mine" | "theirs" | "reapply" | "later"
CHOICES = ("mine", "theirs", "reapply")


@dataclass(frozen=True)
class ConflictView:
    """What the dialog shows; built by ``saving.py``."""

    where: str  # the file, relative to the workspace
    label: str  # what my edit does
    theirs: Sequence[str]  # compact diff: loaded version -> the disk's version
    mine: Sequence[str]  # compact diff: loaded version -> loaded version with my edit
    mine_problem: str | None = None  # why "keep mine" is not possible, if it is not


def diff_text(lines: Sequence[str], empty: str) -> Text:
    """Diff lines with their +/- glyph kept (colour is a help, never the only signal)."""
    if not lines:
        return Text(empty, style="italic")
    text = Text()
    for line in lines:
        style = "bold" if line.startswith("@@") else ""
        if line.startswith("+ "):
            style = "green"
        elif line.startswith("- "):
            style = "red"
        text.append(line + "\n", style=style)
    return text


class ConflictDialog(ModalScreen[Choice]):
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 100%; max-width: 140; height: 100%; max-height: 40;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConflictDialog #title { text-style: bold; }
    ConflictDialog #sides { height: 1fr; }
    ConflictDialog .side { width: 1fr; height: 1fr; border: round $panel; }
    ConflictDialog .side-title { text-style: bold; }
    ConflictDialog #problem { color: $error; height: auto; }
    ConflictDialog #buttons { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("k", "choose('mine')", "Keep mine", id="conflict-keep-mine"),
        Binding("t", "choose('theirs')", "Take the disk's", id="conflict-take-theirs"),
        Binding("a", "choose('reapply')", "Reapply mine", id="conflict-reapply"),
        Binding("escape", "later", "Decide later", id="conflict-later"),
    ]

    def __init__(self, view: ConflictView, resolve: Callable[[Choice], str | None]) -> None:
        super().__init__()
        self.view = view
        self.resolve = resolve

    def compose(self) -> ComposeResult:
        view = self.view
        with Vertical():
            yield Label(Text(f"⚠ CHANGED ON DISK  {view.where}"), id="title")
            yield Static(
                Text(
                    f"Someone saved this file after it was loaded. Your edit ({view.label}) "
                    "is not saved yet. Nothing is written until you choose."
                )
            )
            with Horizontal(id="sides"):
                with VerticalScroll(classes="side", id="theirs-side"):
                    yield Label("On disk now: their change", classes="side-title")
                    yield Static(diff_text(view.theirs, "(no difference in the text)"))
                with VerticalScroll(classes="side", id="mine-side"):
                    yield Label("Your edit", classes="side-title")
                    mine = diff_text(view.mine, "(your edit changes no line)")
                    if view.mine_problem:
                        mine = Text(view.mine_problem)
                    yield Static(mine)
            yield Static("", id="problem")
            with Horizontal(id="buttons"):
                keep = Button("k Keep mine", id="mine", variant="warning", compact=True)
                keep.disabled = view.mine_problem is not None
                yield keep
                yield Button("t Take the disk's", id="theirs", compact=True)
                yield Button("a Reapply mine on it", id="reapply", variant="primary", compact=True)
            yield Static(
                Text(
                    "keep mine: theirs is kept as a copy beside the file · "
                    "take the disk's: your edit is dropped · escape: decide later, nothing saved"
                )
            )

    def on_mount(self) -> None:
        self.query_one("#reapply", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in CHOICES:
            self.action_choose(event.button.id)

    def action_choose(self, choice: Choice) -> None:
        if choice == "mine" and self.view.mine_problem is not None:
            self.show_problem(f"✖ Keep mine is not possible: {self.view.mine_problem}")
            return
        problem = self.resolve(choice)
        if problem is None:
            self.dismiss(choice)
        else:
            self.show_problem(f"✖ {problem}")

    def show_problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(Text(message))

    def action_later(self) -> None:
        self.dismiss("later")
