"""Help for the current screen, rendered from the packaged Markdown in ``csi_tui/tui/help``."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, MarkdownViewer

HELP_PACKAGE = "csi_tui.tui"


def help_markdown(step: int | None) -> str:
    """The step's page (when it has one) followed by the general keys."""
    folder = resources.files(HELP_PACKAGE).joinpath("help")
    parts: list[str] = []
    if step is not None:
        page = folder.joinpath(f"step{step}.md")
        if page.is_file():
            parts.append(page.read_text(encoding="utf-8"))
    parts.append(folder.joinpath("general.md").read_text(encoding="utf-8"))
    return "\n\n---\n\n".join(parts)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100; max-width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    HelpScreen MarkdownViewer { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="help-close"),
        Binding("question_mark,f1", "dismiss", "Close", show=False),
    ]

    def __init__(self, step: int | None) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical():
            yield MarkdownViewer(
                help_markdown(self.step), show_table_of_contents=False, id="help-text"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(MarkdownViewer).focus()
