"""The error panel: what went wrong loading, each with file, line or key, and what to do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from csi_tui.errors import Problem

_GLYPHS = {"error": "✖ ERROR", "warning": "⚠ WARNING", "info": "ℹ INFO"}


def problem_text(problems: tuple[Problem, ...], root: Path | None = None) -> Text:
    """One line per problem; files inside the workspace ROOT are shown relative to it."""
    text = Text()
    for index, problem in enumerate(problems):
        problem = _relative(problem, root)
        if index:
            text.append("\n")
        text.append(_GLYPHS.get(problem.severity, problem.severity), style="bold")
        text.append(" ")
        text.append(problem.format())
    return text


def _relative(problem: Problem, root: Path | None) -> Problem:
    if root is None or problem.file is None:
        return problem
    try:
        return replace(problem, file=problem.file.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return problem


class ProblemPanel(VerticalScroll):
    """Hidden while there are no problems; at most a few lines tall so the screen stays usable."""

    DEFAULT_CSS = """
    ProblemPanel {
        height: auto; max-height: 5; display: none;
        border-left: thick $error; background: $error 15%; padding: 0 1;
    }
    ProblemPanel.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="problem-text")

    def show_problems(self, problems: tuple[Problem, ...], root: Path | None = None) -> None:
        self.set_class(bool(problems), "-shown")
        self.query_one("#problem-text", Static).update(problem_text(problems, root))
        self.border_title = f"{len(problems)} problem(s)" if problems else None
