"""Notifications: a few at a time, no repeats, never over the help or the palette; the palette's
Screenshot saves where it says and themes are listed once."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets._toast import Toast, ToastRack
from tui_helpers import AppFactory, settle

from csi_tui.tui.commands import CsiCommands
from csi_tui.tui.notices import MAX_NOTICES
from csi_tui.tui.screens.help_screen import HelpScreen


def _shown(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages of the toasts drawn on the current screen."""
    racks = [r for r in app.screen.query(ToastRack) if r.display]
    return [
        str(t._notification.message)
        for r in racks
        for t in r.query(Toast)
        if t.display and t.region.area
    ]


async def test_at_most_three_notifications_and_no_repeats(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.clear_notifications()
        for word in ("one", "two", "three", "four", "five", "five"):
            app.notify(f"notice {word}", timeout=30)
            await pilot.pause()
        await pilot.pause()
        kept = [str(n.message) for n in app._notifications]
        assert kept == ["notice three", "notice four", "notice five"]
        assert len(kept) == MAX_NOTICES
        assert sorted(_shown(app)) == sorted(kept)  # and those are what is drawn


async def test_notifications_are_not_drawn_over_the_help_or_the_palette(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("a long message about a problem", timeout=30)
        await pilot.pause()
        assert "a long message about a problem" in _shown(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.notify("said while the help is open", timeout=30)
        await pilot.pause()
        assert _shown(app) == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert _shown(app) == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        # back on the step, what is still current shows again
        assert "said while the help is open" in _shown(app)


async def test_the_palette_lists_each_theme_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme" not in titles and "Screenshot" in titles and "Quit" in titles
        provider = CsiCommands(app.screen)
        themes = [text for text, _help, _cb in provider.commands() if "theme" in text.lower()]
        assert sorted(themes) == sorted(f"Switch theme: {n}" for n in app.available_themes)


async def test_the_screenshot_command_saves_into_a_folder_it_makes_and_says_where(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        folder = isolated_home / "data" / "screenshots"
        assert not folder.exists()
        [command] = [c for c in app.get_system_commands(app.screen) if c.title == "Screenshot"]
        command.callback()
        await pilot.pause(0.3)
        await pilot.pause()
        saved = sorted(folder.glob("csi-tui-*.svg"))
        assert len(saved) == 1 and saved[0].read_text().startswith("<svg")
        messages = [str(n.message) for n in app._notifications]
        assert f"Saved to {saved[0]}" in messages
        assert not any("Failed" in m for m in messages)
