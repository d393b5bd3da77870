"""Choose which cycle of the workspace is open; broken cycle files are listed with their problem."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from csi_tui.cycle.model import Workspace
from csi_tui.tui.services import broken_problems, relative_to_root


class CyclePicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    CyclePicker { align: center middle; }
    CyclePicker > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 20;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CyclePicker OptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, workspace: Workspace, current: str | None) -> None:
        super().__init__()
        self.workspace = workspace
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for cycle in sorted(self.workspace.cycles, key=lambda c: c.cycle.start, reverse=True):
            info = cycle.cycle
            mark = "●" if cycle.id == self.current else " "
            # Text, not a markup string: "[review]" would otherwise be read as a style tag.
            label = Text(f"{mark} {info.id}  {info.service} · {info.title}  [{info.status}]")
            options.append(Option(label, id=cycle.id))
        # One line per broken file (option ids must be unique): its first problem and a count.
        by_file: dict[str, list[str]] = {}
        for problem in broken_problems(self.workspace):
            where = relative_to_root(problem.file, self.workspace.root) if problem.file else "?"
            by_file.setdefault(where, []).append(problem.message)
        for where, messages in by_file.items():
            more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
            label = Text(f"✖ BROKEN {where}: {messages[0]}{more}")
            options.append(Option(label, id=f"broken:{where}", disabled=True))
        with Vertical():
            yield Label("Open a cycle (enter), escape to cancel")
            yield OptionList(*options, id="cycles")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
