"""A form open over a loading step does only the work its own keys need: typing lays nothing out
again, the step behind repaints the form only where it shows and a few times a second, a change
of the app's state repaints no whole screen, and problem lines are rewritten only when they
change. Counted, never timed (the goal behind it, keys within 50 ms while a large source loads,
is measured in bench/bench_tui.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from editing_helpers import files_app, ready, write_files_workspace
from textual._compositor import Compositor
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.widgets import Input, Static

from csi_tui.tui import editing
from csi_tui.tui.app import CsiApp
from csi_tui.tui.dialogs import form_base
from csi_tui.tui.dialogs.metric_form import MetricForm


def _counter(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """Record the first argument (self) of each call of ``owner.name``."""
    calls: list[Any] = []
    original = getattr(owner, name)

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


async def _open_form(app: CsiApp, pilot: Any) -> MetricForm:
    await ready(app, pilot)
    editing.edit_metric(app)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)
    form = app.screen
    assert isinstance(form, MetricForm)
    return form


async def test_typing_in_a_field_lays_nothing_out_and_the_field_follows_its_cursor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        field = form.query_one("#field-description", Input)
        field.focus()
        await pilot.pause()
        layouts = _counter(monkeypatch, Compositor, "reflow")  # a whole layout of a screen
        text = "a long description typed key by key, wider than the field itself is"
        for char in text:
            await pilot.press("space" if char == " " else char)
        await pilot.pause()
        assert field.value == text
        # Before: one layout of the whole form per key (68 here); scrolling the field is not one.
        assert len([c for c in layouts if c is form._compositor]) <= 2
        # Still scrolled to the end, the cursor in sight.
        assert field.cursor_position == len(text)
        assert field.scroll_offset.x > 0
        assert field.scroll_offset.x + field.scrollable_content_region.width >= len(text)


async def test_a_busy_step_behind_the_form_does_not_repaint_it_where_it_is_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:  # the form covers the whole screen
        await _open_form(app, pilot)
        backdrops = _counter(monkeypatch, BackgroundScreen, "__rich_console__")
        app._set_state(busy="Computing")  # the step's busy indicator turns 16 times a second
        await asyncio.sleep(1.0)
        await pilot.pause()
        assert backdrops == []  # before: about 16 repaints of the dimmed step a second


async def test_a_busy_step_around_the_form_repaints_it_a_few_times_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(120, 40)) as pilot:  # the dimmed step shows around the form
        await _open_form(app, pilot)
        app._set_state(busy="Computing")
        await pilot.pause(0.5)
        backdrops = _counter(monkeypatch, BackgroundScreen, "__rich_console__")
        await asyncio.sleep(1.0)
        await pilot.pause()
        most = round(1.0 / form_base.BACKDROP_S) + 2
        assert 1 <= len(backdrops) <= most  # it follows, at most every BACKDROP_S (was ~16)


async def test_a_state_change_repaints_no_whole_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        refreshes: list[tuple[Any, tuple[Any, ...]]] = []
        original = Screen.refresh

        def recorded(self: Screen[Any], *regions: Any, **kwargs: Any) -> Any:
            refreshes.append((self, regions))
            return original(self, *regions, **kwargs)

        monkeypatch.setattr(Screen, "refresh", recorded)
        for step in range(10):  # progress, as a load reports it
            app._set_state(busy="Computing", progress=step / 10)
            await pilot.pause()
        whole = [s for s, regions in refreshes if s is form and not regions]
        assert whole == []  # before: the whole form repainted at every change


async def test_problem_lines_are_rewritten_only_when_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_form(app, pilot)
        shown = dict(form.problems)
        form._show_problems(shown)  # what the form shows already: nothing to rewrite
        updates = _counter(monkeypatch, Static, "update")
        form._show_problems(shown)
        assert updates == []
        issue = form_base.Issue("target", "expected a number, got a string 'six'")
        form._show_problems({**shown, "target": (issue,)})
        assert [s.id for s in updates] == ["target-error"]  # that line alone
        assert "got a string 'six'" in str(form.query_one("#target-error", Static).render())


async def test_opening_a_form_restyles_no_box_of_fields_for_a_focus_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The focus goes straight to the first field: Textual's auto-focus used to give it to the
    scroll box of fields first, and each move restyled every widget in the box (twice, 78
    widgets each, with the first key queued behind)."""
    from textual.css.stylesheet import Stylesheet
    from textual.widget import Widget

    write_files_workspace(tmp_path / "ws")
    app = files_app(tmp_path / "ws")
    focused: list[Widget] = []
    original_focus = Widget.watch_has_focus

    def on_focus_change(self: Widget, value: bool) -> None:
        focused.append(self)
        original_focus(self, value)

    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        monkeypatch.setattr(Widget, "watch_has_focus", on_focus_change)
        sizes: list[int] = []
        original_update = Stylesheet.update_nodes

        def sized(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
            nodes = list(nodes)
            sizes.append(len(nodes))
            original_update(self, nodes, animate=animate)

        monkeypatch.setattr(Stylesheet, "update_nodes", sized)
        editing.edit_metric(app)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        form = app.screen
        assert isinstance(form, MetricForm)
        assert form.focused is form.query_one("#field-id", Input)
        in_form = [w for w in focused if w.screen is form]
        assert in_form and all(isinstance(w, Input) for w in in_form), in_form
        # The whole form is styled once as it is shown; nothing else restyles most of it.
        widgets = len(list(form.walk_children(with_self=True)))
        assert sum(size >= widgets // 2 for size in sizes) <= 1, (widgets, sizes)
