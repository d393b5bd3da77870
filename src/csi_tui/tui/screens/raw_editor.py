"""The whole open cycle file as TOML text, for people who would rather type than fill forms.

``ctrl+s`` validates with the loader (``parse_cycle``) and saves only a valid file, atomically
and only over the version that was opened (a file changed on disk meanwhile opens the conflict
dialog); problems are listed with line and column and the cursor goes to the first one.
Escape asks before dropping unsaved text. Highlighting needs ``tree-sitter-toml``; without it
the text is plain.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from csi_tui.cycle.conflict import decode, merge_texts
from csi_tui.cycle.load import parse_cycle_with_warnings
from csi_tui.cycle.model import Cycle, Metric
from csi_tui.cycle.save import ChangedOnDisk, atomic_write, content_hash
from csi_tui.errors import CsiError, Problem
from csi_tui.tui.host import CsiHost, as_host
from csi_tui.tui.services import relative_to_root
from csi_tui.tui.state import AppState
from csi_tui.tui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from csi_tui.tui.saving import Recompute

_BOM = b"\xef\xbb\xbf"
# Metric keys that change what is measured; the others (target, amber, baseline, direction,
# names...) only change how the numbers are judged: the analysis alone runs again.
DATA_KEYS = ("id", "source", "kpi", "formula", "filter", "breakdowns", "top_n", "options")


def toml_language() -> str | None:
    """The TextArea language: "toml" when tree-sitter and its TOML grammar are installed,
    else None (plain text; Textual raises for a language it cannot load)."""
    found = all(importlib.util.find_spec(name) for name in ("tree_sitter", "tree_sitter_toml"))
    return "toml" if found else None


def what_changed(old: Cycle | None, new: Cycle) -> Recompute:
    """What a saved text edit makes stale, told cheaply from the two parsed cycles."""
    if old is None:
        return "data"

    def measured(m: Metric) -> tuple[Any, ...]:
        return tuple(getattr(m, key) for key in DATA_KEYS)

    if (
        old.cycle != new.cycle
        or old.sources != new.sources
        or [measured(m) for m in old.metrics] != [measured(m) for m in new.metrics]
    ):
        return "data"
    if old.metrics != new.metrics or old.analysis != new.analysis:
        return "analysis"
    return "none"


class RawEditorScreen(Screen[None]):
    DEFAULT_CSS = """
    RawEditorScreen #raw-title { height: 1; text-style: bold; }
    RawEditorScreen #raw-status { height: 1; }
    RawEditorScreen #toml { height: 1fr; }
    RawEditorScreen #raw-problems { height: auto; max-height: 6; display: none; }
    RawEditorScreen #raw-problems.-shown { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="raw-save"),
        Binding("escape", "close", "Close", id="raw-close"),
        Binding("f8", "next_problem", "Next problem", id="raw-next-problem"),
    ]

    def __init__(self, cycle: Cycle, root: Path | None) -> None:
        super().__init__()
        assert cycle.path is not None
        self.path = Path(cycle.path)
        self.where = relative_to_root(self.path, root)
        data = self.path.read_bytes()
        self.changed_on_open = content_hash(data) != cycle.loaded_hash
        self._opened(data)
        self.problems: tuple[Problem, ...] = ()
        self._problem_index = -1

    def _opened(self, data: bytes) -> None:
        """The version the editor edits, and saves over only if it is still on disk."""
        self.original_bytes = data
        self.original_text = decode(data)
        self.expected_hash = content_hash(data)
        self.bom = data.startswith(_BOM)
        parsed, _ = parse_cycle_with_warnings(self.original_text, self.path)
        self.original_cycle = parsed

    @property
    def csi_app(self) -> CsiHost:
        return as_host(self.app)

    def compose(self) -> ComposeResult:
        yield Label(Text(f"Raw TOML · {self.where}"), id="raw-title")
        yield Label("", id="raw-status")
        editor = TextArea.code_editor(
            self.original_text,
            language=toml_language(),
            theme=self._editor_theme(),
            tab_behavior="focus",  # tab moves on (keyboard only); escape reaches "close"
            id="toml",
        )
        yield editor
        yield OptionList(id="raw-problems")
        yield StableFooter()

    def on_mount(self) -> None:
        if self.changed_on_open:
            self.say(
                "⚠ the file changed on disk since the app loaded it: this is the disk's version"
            )
        else:
            self.say("ctrl+s validates and saves · escape closes · F8 next problem")
        self.watch(self.app, "theme", lambda _theme: self._retheme(), init=False)
        self.watch(self.app, "state", self._state_changed, init=False)
        self.query_one(TextArea).focus()

    def _state_changed(self, state: AppState) -> None:
        # The app reloaded the file (someone saved it): say so before ctrl+s finds out.
        cycles = state.workspace.cycles if state.workspace is not None else ()
        for cycle in cycles:
            same = cycle.path is not None and Path(cycle.path) == self.path
            if same and cycle.loaded_hash != self.expected_hash:
                self.say("⚠ the file changed on disk since you opened it: ctrl+s shows both")

    def _editor_theme(self) -> str:
        return "vscode_dark" if self.app.current_theme.dark else "github_light"

    def _retheme(self) -> None:
        self.query_one(TextArea).theme = self._editor_theme()

    def say(self, message: str) -> None:
        self.query_one("#raw-status", Label).update(Text(message))

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def dirty(self) -> bool:
        return self.text != self.original_text

    # ------------------------------------------------------------ saving
    def _payload(self, text: str) -> bytes:
        return (_BOM if self.bom else b"") + text.encode("utf-8")

    def action_save(self) -> None:
        text = self.text
        cycle, problems = parse_cycle_with_warnings(text, self.path)
        errors = tuple(p for p in problems if p.severity == "error")
        self.show_problems(errors)
        if errors or cycle is None:
            self.say(f"✖ NOT SAVED: {len(errors)} problem(s); the file was not changed")
            self.action_next_problem()
            return
        if not self.dirty:
            self.say("Nothing to save: the text is the file's")
            return
        label = f"raw edit of {self.path.name}"
        payload = self._payload(text)
        try:
            digest = atomic_write(self.path, payload, self.expected_hash)
        except ChangedOnDisk as conflict:
            self.say("⚠ the file changed on disk: choose what to keep")
            self.csi_app.resolve_conflict(
                "cycle",
                label,
                conflict,
                lambda version: self._mine_on(version, text),
                self.original_bytes,
                recompute=what_changed(self.original_cycle, cycle),
                on_done=self._conflict_done,
            )
            return
        except CsiError as error:
            self.show_problems(error.problems)
            self.say("✖ NOT SAVED")
            return
        saved = dataclasses.replace(cycle, path=self.path, loaded_hash=digest)
        recompute = what_changed(self.original_cycle, saved)
        before = self.original_bytes
        self._opened(payload)
        self.csi_app.record_save("cycle", label, saved, before, recompute)
        self.say(f"✔ SAVED {self.where}")
        self.app.notify(label, title="Saved", timeout=3)

    def _mine_on(self, version: bytes, text: str) -> bytes:
        """My text edit made on another version of the file: merged, when the lines differ."""
        if version == self.original_bytes:
            return self._payload(text)
        merged = merge_texts(self.original_text, text, decode(version))
        if merged is None:
            raise CsiError.one(
                "your edits and theirs change the same lines",
                file=self.path,
                hint="keep mine, or take the disk's and make your change again",
            )
        return (_BOM if version.startswith(_BOM) else b"") + merged.encode("utf-8")

    def _conflict_done(self, choice: str, record: Any) -> None:
        if record is None or record.path is None:
            self.say("Not saved: your text is still here")
            return
        data = Path(record.path).read_bytes()
        if content_hash(data) != record.loaded_hash:
            data = self.original_bytes  # pragma: no cover - changed again in between
        self._opened(data)
        self.query_one(TextArea).load_text(self.original_text)
        self.show_problems(())
        if choice == "theirs":
            self.say("Showing the disk's version; your edits were dropped")
        else:
            self.say(f"✔ SAVED {self.where}")

    # ------------------------------------------------------------ problems
    def show_problems(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        self._problem_index = -1
        listing = self.query_one("#raw-problems", OptionList)
        listing.clear_options()
        for index, problem in enumerate(problems):
            where = f"line {problem.line}, col {problem.column or 1}" if problem.line else "file"
            key = f" {problem.key}:" if problem.key else ""
            hint = f" ({problem.hint})" if problem.hint else ""
            listing.add_option(
                Option(Text(f"✖ {where}:{key} {problem.message}{hint}"), id=str(index))
            )
        listing.set_class(bool(problems), "-shown")

    def action_next_problem(self) -> None:
        if not self.problems:
            return
        self._problem_index = (self._problem_index + 1) % len(self.problems)
        self.go_to(self.problems[self._problem_index])

    def go_to(self, problem: Problem) -> None:
        editor = self.query_one(TextArea)
        if problem.line is not None:
            editor.cursor_location = (problem.line - 1, max(0, (problem.column or 1) - 1))
            editor.scroll_cursor_visible(center=True)
        editor.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._problem_index = int(event.option.id)
            self.go_to(self.problems[self._problem_index])

    # ------------------------------------------------------------ closing
    def action_close(self) -> None:
        self.close_then(self.dismiss)

    def close_then(self, then: Callable[[], object]) -> None:
        """Do ``then`` (close, quit) at once if nothing is unsaved, else after asking."""
        if not self.dirty:
            then()
            return
        from csi_tui.tui.dialogs.discard_dialog import DiscardDialog

        def answered(drop: bool | None) -> None:
            if drop:
                then()

        self.app.push_screen(DiscardDialog(self.where), answered)
