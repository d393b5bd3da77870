"""What every edit form shares: labelled fields, problems shown beside them as you type, ctrl+s
saves (refused while a field is wrong), escape cancels (asking before changes are dropped).

A form holds text per field; a subclass says how to check it (``check``: the core's
``field_checks``, the words of ``csi-tui validate``) and how to save the record it makes
(``save``: through ``app.save_cycle_edit`` / ``save_register_edit``). Checking reads no data but
parses SQL with polars, whose first import can take a second while a load imports it too, so it
runs in a thread worker a moment after the last key and the keys never wait for it; ctrl+s checks
again on the spot, so what is saved is what was checked. Once the first check is shown, a thread
has the file the form saves to parsed ahead (``edited``, ``cycle.edit.prepare``), so ctrl+s does
not wait for tomlkit; a new thread, not a pooled worker, which may run at the loading's lower
priority and would then hold the interpreter's lock while the keys wait for it.

The step behind a form keeps changing while a cycle loads (its busy indicator turns 16 times a
second, progress comes every 0.1 s), and Textual repaints the whole form, with the dimmed step
drawn again beneath it, for each such change. The form skips those hidden under its box and takes
the others at most every ``BACKDROP_S``: keys no longer queue behind repaints of a backdrop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from csi_tui.cycle import model
from csi_tui.cycle.convert import Issue
from csi_tui.cycle.edit import prepare
from csi_tui.cycle.field_checks import FieldProblems, has_errors

T = TypeVar("T")
DEBOUNCE_S = 0.15  # check a moment after the last key, not on every one
BACKDROP_S = 0.25  # the dimmed step behind a form follows its changes this often at most
FieldKind = Literal["input", "select", "text"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = "input"
    choices: tuple[str, ...] = ()  # a select's values
    blank: bool = False  # a select that may be left empty
    placeholder: str = ""
    lines: int = 3  # a text area's height


class FormInput(Input):
    """A form's one-line field, whose typing lays nothing out again.

    Textual asks for a layout of the whole screen whenever an Input's text changes width (its
    virtual size is a layout reactive), although the field's own size never depends on its text
    (one line, the row's width): on a form of about 120 widgets that layout was most of a key's
    work. The field still scrolls to its cursor (its virtual size is set all the same).
    """

    _typing = False

    def _watch_value(self, value: str) -> None:
        self._typing = True
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if layout and self._typing and not self.styles.auto_dimensions:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


def problem_text(issues: tuple[Issue, ...]) -> Text:
    """Glyph and word for each problem, never colour alone."""
    text = Text()
    for n, issue in enumerate(issues):
        if n:
            text.append("\n")
        error = issue.severity == "error"
        text.append("✖ " if error else "⚠ warning: ", style="bold red" if error else "bold yellow")
        text.append(issue.message)
        if issue.hint:
            text.append(f" ({issue.hint})", style="dim")
    return text


def _prepare_quietly(record: model.Cycle | model.Register) -> None:
    # Only a head start: whatever goes wrong here, the save parses the file itself and says why.
    with contextlib.suppress(Exception):
        prepare(record.path, record.loaded_hash)


class EditForm(ModalScreen[T | None], Generic[T]):
    """Base of the edit forms; dismissed with the saved record, or None when cancelled."""

    DEFAULT_CSS = """
    EditForm { align: center middle; }
    EditForm > #form {
        width: 84; max-width: 100%; height: 100%; max-height: 34;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    EditForm #form-title { text-style: bold; width: 100%; }
    EditForm #form-general { display: none; height: auto; }
    EditForm #form-general.-shown { display: block; }
    EditForm #form-fields { height: 1fr; }
    EditForm .form-row { height: auto; }
    EditForm .form-label { width: 15; padding-right: 1; text-align: right; }
    EditForm .form-row Input, EditForm .form-row Select { width: 1fr; }
    EditForm .form-row TextArea { width: 1fr; padding: 0; }
    EditForm .form-error { height: auto; padding-left: 15; display: none; }
    EditForm .form-error.-shown { display: block; }
    EditForm #form-keys { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()

    def __init__(self, title: str, values: Mapping[str, str]) -> None:
        super().__init__()
        self.form_title = title
        self.initial = {spec.name: values.get(spec.name, "") for spec in self.fields()}
        self.problems: FieldProblems = {}
        self._timer: Timer | None = None
        self._asking = False
        self._backdrop: set[Region] = set()  # regions the step behind changed, not yet shown
        self._shown: dict[str, tuple[Issue, ...]] = {}  # problem line -> the issues it shows
        self._preparing = False
        self._backdrop_timer: Timer | None = None

    def fields(self) -> tuple[FieldSpec, ...]:
        return self.FIELDS

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(self.form_title, id="form-title", markup=False)
            yield Static(id="form-general")
            # Not focusable: Textual's auto-focus would give the focus to the scroll box, then
            # on_mount to the first field, and each change restyles every widget in the box;
            # the first key waited for the second (see bench/README.md, "the form's first key").
            with VerticalScroll(id="form-fields", can_focus=False):
                # A field's problem line is mounted below its row when it first has something
                # to say: a form of 19 fields opens with 19 widgets fewer to style and lay out.
                for spec in self.fields():
                    with Horizontal(classes="form-row", id=f"row-{spec.name}"):
                        yield Label(spec.label, classes="form-label", markup=False)
                        yield self._widget(spec, self.initial[spec.name])
            yield Static(
                "tab/shift+tab field · ctrl+s save · escape cancel", id="form-keys", markup=False
            )

    def _widget(self, spec: FieldSpec, value: str) -> Widget:
        ident = f"field-{spec.name}"
        if spec.kind == "select":
            options = [(choice, choice) for choice in spec.choices]
            selected: Any = value if value in spec.choices else Select.NULL
            if not spec.blank and selected is Select.NULL and spec.choices:
                selected = spec.choices[0]
            return Select(
                options,
                value=selected,
                allow_blank=spec.blank,
                prompt="(none)",
                id=ident,
                compact=True,
            )
        if spec.kind == "text":
            area = TextArea(
                value,
                id=ident,
                compact=True,
                soft_wrap=True,
                tab_behavior="focus",
                placeholder=spec.placeholder,
            )
            area.styles.height = spec.lines
            return area
        return FormInput(value, placeholder=spec.placeholder, id=ident, compact=True)

    def on_mount(self) -> None:
        if not self.app.is_running:
            return  # the app quit while the form was being mounted: its fields never arrive
        self._check_later()
        first = self.fields()[0].name if self.fields() else None
        if first is not None:
            self.query_one(f"#field-{first}").focus()

    # ------------------------------------------------------------ the step behind
    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # Textual passes regions to the top screen's refresh only for changes on the screens
        # behind it; the form's own widgets repaint themselves, at once.
        if not regions or layout or recompose or not self.is_mounted:
            return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        boxes = self.query("#form")  # opaque: what changes behind it is not seen
        box = boxes.first().region if boxes else None
        seen = [r for r in regions if box is None or not box.contains_region(r)]
        if not seen:
            return self
        self._backdrop.update(seen)
        if self._backdrop_timer is None:
            self._backdrop_timer = self.set_timer(BACKDROP_S, self._show_backdrop)
        return self

    def _show_backdrop(self) -> None:
        self._backdrop_timer = None
        regions, self._backdrop = self._backdrop, set()
        if regions:
            super().refresh(*regions)

    # ------------------------------------------------------------ values and checks
    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for spec in self.fields():
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                value = widget.value
                out[spec.name] = "" if value is Select.NULL or value is None else str(value)
            elif isinstance(widget, TextArea):
                out[spec.name] = widget.text
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
        return out

    @property
    def changed(self) -> bool:
        return self.values() != self.initial

    def check(self, values: Mapping[str, str]) -> tuple[T | None, FieldProblems]:
        """The record the values make (None when they have errors) and problems per field."""
        raise NotImplementedError

    def save(self, record: T) -> bool:
        """Save ``record``; False keeps the form open (the reason was shown)."""
        raise NotImplementedError

    def edited(self) -> model.Cycle | model.Register | None:
        """The cycle or register whose file ``save`` edits (parsed ahead of the save)."""
        return None

    def _schedule_check(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, self._check_later)

    def _check_later(self) -> None:
        self._timer = None
        self._check_in_worker(self.values())

    @work(thread=True, exclusive=True, group="form-check", exit_on_error=False)
    def _check_in_worker(self, values: dict[str, str]) -> None:
        _, problems = self.check(values)
        self.app.call_from_thread(self._checked, values, problems)

    def _checked(self, values: dict[str, str], problems: FieldProblems) -> None:
        if not self.is_attached:
            return
        if not self._preparing:
            self.call_after_refresh(self._prepare_save)
        if values != self.values():
            return  # typed on meanwhile: a newer check is coming
        self.problems = problems
        self._show_problems(problems)

    def _prepare_save(self) -> None:
        """Have the file ``save`` edits parsed ahead, once (after a first check and a paint)."""
        record = self.edited()
        if self._preparing or record is None:
            return
        self._preparing = True
        threading.Thread(
            target=_prepare_quietly, args=(record,), name="form-prepare", daemon=True
        ).start()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._schedule_check()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._schedule_check()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._schedule_check()

    def _check_now(self) -> T | None:
        """Check on the UI thread (ctrl+s, and once the columns of a source arrive)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        record, problems = self.check(self.values())
        self.problems = problems
        self._show_problems(problems)
        return record

    def _show_problems(self, problems: FieldProblems) -> None:
        names = {spec.name for spec in self.fields()}
        general: tuple[Issue, ...] = ()
        for name, issues in problems.items():
            if name not in names:
                general += issues
        self._show_issues("#form-general", general)
        for spec in self.fields():
            self._show_issues(f"#{spec.name}-error", problems.get(spec.name, ()))

    def _show_issues(self, selector: str, issues: tuple[Issue, ...]) -> None:
        # Only what changed: each update lays the whole form out again.
        if self._shown.get(selector, ()) == issues:
            return
        self._shown[selector] = issues
        lines = self.query(selector)
        if lines:
            line = lines.first(Static)
        else:  # a field's first problem: its line goes below the field's row
            line = Static(id=selector.removeprefix("#"), classes="form-error")
            name = selector.removeprefix("#").removesuffix("-error")
            self.query_one("#form-fields").mount(line, after=f"#row-{name}")
        line.update(problem_text(issues))
        line.set_class(bool(issues), "-shown")

    def field_has_error(self, name: str) -> bool:
        return any(i.severity == "error" for i in self.problems.get(name, ()))

    # ------------------------------------------------------------ actions
    def action_save(self) -> None:
        record = self._check_now()
        if record is None or has_errors(self.problems):
            wrong = [s.name for s in self.fields() if self.field_has_error(s.name)]
            if wrong:
                self.query_one(f"#field-{wrong[0]}").focus()
                # The problem line may have been mounted just now: scroll once it is laid out.
                line = self.query_one(f"#{wrong[0]}-error")
                self.call_after_refresh(line.scroll_visible)
            words = ", ".join(wrong) or "see the message at the top"
            self.notify(f"Not saved: fix {words} first.", title="Not saved", severity="error")
            return
        if self.save(record):
            self.dismiss(record)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        if self._asking:
            return
        from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog

        def answered(drop: bool | None) -> None:
            self._asking = False
            if drop:
                self.dismiss(None)

        self._asking = True
        self.app.push_screen(
            ConfirmDialog("Drop your changes?", yes="Drop them", no="Keep editing"), answered
        )
