"""csi-tui's uses of private Textual API (tui/textual_internals.py) fit the installed Textual.

The first tests check that what each function touches exists with the kind and signature it had
when written (textual 8.2); the others run each function in a tiny app and check it does what its
name says. A Textual upgrade that changes any of it fails here, not somewhere in the app.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.notifications import Notification, Notifications
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer, Label
from textual_plotext import PlotextPlot

from csi_tui.tui import textual_internals as ti


def _parameters(function: Any) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(function).parameters.values()]


# ------------------------------------------------------------ what the functions touch


def test_app_private_methods_keep_their_signatures() -> None:
    assert _parameters(App._register) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("parent", "POSITIONAL_OR_KEYWORD"),
        ("widgets", "VAR_POSITIONAL"),
        ("before", "KEYWORD_ONLY"),
        ("after", "KEYWORD_ONLY"),
        ("cache", "KEYWORD_ONLY"),
    ]
    assert _parameters(App._prune) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("nodes", "VAR_POSITIONAL"),
        ("parent", "KEYWORD_ONLY"),
    ]
    assert _parameters(App._unnotify) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("notification", "POSITIONAL_OR_KEYWORD"),
        ("refresh", "POSITIONAL_OR_KEYWORD"),
    ]
    assert _parameters(PlotextPlot._get_plotext_theme_name) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("app_theme_name", "POSITIONAL_OR_KEYWORD"),
    ]


def test_private_attributes_have_their_kinds() -> None:
    app = App[None]()
    assert isinstance(app._screen_stacks, dict)
    assert isinstance(app._css_update_count, int)
    assert isinstance(app._notifications, Notifications)
    assert isinstance(Screen[None]()._css_update_count, int)
    assert isinstance(Footer.__dict__["_bindings_ready"], Reactive)


def test_screen_resume_still_lets_a_handler_skip_the_restyle() -> None:
    """Screen's own ScreenResume handler restyles only when ``refresh_styles`` is set."""
    assert events.ScreenResume().refresh_styles is True
    assert "event.refresh_styles" in inspect.getsource(Screen._on_screen_resume)


# ------------------------------------------------------------ what the functions do


class Page(Screen[None]):
    restyles = 0
    keep_styles = False

    def compose(self) -> ComposeResult:
        yield Label("page", id="label")
        yield Footer()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self.keep_styles:
            ti.resume_without_restyle(event)

    def update_node_styles(self, animate: bool = True) -> None:
        self.restyles += 1
        super().update_node_styles(animate)


class Tiny(App[None]):
    MODES = {"first": Page, "second": Page}

    def on_mount(self) -> None:
        self.switch_mode("first")


async def test_a_screen_mounted_unshown_is_composed_and_can_be_removed() -> None:
    app = Tiny()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert ti.mode_screens(app, "second") is None  # never shown
        assert ti.mode_screens(app, "first") == [app.screen]
        page = Page()
        await ti.mount_unshown(app, page)
        assert page.is_mounted and page.query_one("#label", Label) is not None
        assert page is not app.screen and ti.mode_screens(app, "second") is None
        await ti.remove_unshown(app, page)
        assert not page.is_attached


async def test_the_css_generation_and_the_screen_stamp() -> None:
    app = Tiny()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = ti.css_generation(app)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert ti.css_generation(app) > before
        page = Page()
        assert page._css_update_count != ti.css_generation(app)
        ti.mark_styled_now(page, app)
        assert page._css_update_count == ti.css_generation(app)


@pytest.mark.parametrize("keep_styles", [False, True])
async def test_resume_without_restyle_skips_the_restyle(keep_styles: bool) -> None:
    app = Tiny()
    async with app.run_test() as pilot:
        await pilot.pause()
        page = app.screen
        assert isinstance(page, Page)
        page.keep_styles = keep_styles
        await app.switch_mode("second")
        await pilot.pause()
        page.restyles = 0
        await app.switch_mode("first")
        await pilot.pause()
        assert page.restyles == (0 if keep_styles else 1)


async def test_notifications_are_listed_and_dropped() -> None:
    app = Tiny()
    async with app.run_test() as pilot:
        app.notify("one")
        app.notify("two")
        await pilot.pause()
        shown = ti.shown_notifications(app)
        assert all(isinstance(n, Notification) for n in shown)
        assert [n.message for n in shown] == ["one", "two"]
        ti.drop_notification(app, shown[0])
        assert [n.message for n in ti.shown_notifications(app)] == ["two"]


async def test_the_footer_says_when_it_has_its_bindings() -> None:
    assert ti.footer_has_bindings(Footer()) is False
    app = Tiny()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert ti.footer_has_bindings(app.screen.query_one(Footer)) is True


async def test_the_plotext_theme_follows_the_app_theme() -> None:
    class Chart(App[None]):
        def compose(self) -> ComposeResult:
            yield PlotextPlot()

    app = Chart()
    async with app.run_test() as pilot:
        await pilot.pause()
        plot = app.query_one(PlotextPlot)
        assert ti.plotext_theme_name(plot, "nord") == "textual-auto-nord"
        plot.theme = "dark"
        assert ti.plotext_theme_name(plot, "nord") == "dark"
