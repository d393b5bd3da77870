"""What every screen shares: step keys and bar, help, command palette, themes, NO_COLOR."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from tui_helpers import AppFactory, settle, text_of

from csi_tui import paths
from csi_tui.tui.app import CsiApp
from csi_tui.tui.screens.help_screen import HelpScreen, help_markdown
from csi_tui.tui.widgets.step_bar import StepBar

MODES = ["strategy", "measures", "gather", "process", "analyse", "present", "implement"]


async def test_keys_1_to_7_switch_steps_and_the_bar_follows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for number, mode in enumerate(MODES, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert app.current_mode == mode
            bar = str(app.screen.query_one(StepBar).render())
            assert f"[{number} " in bar  # where you are, without colour
            assert len(bar) <= 80  # all seven steps fit at 80 columns
            assert "7 Implement" in bar


async def test_the_key_of_the_current_step_is_dimmed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.check_action("step", (1,)) is None
        assert app.check_action("step", (2,)) is True


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_opens_for_the_current_step_and_closes(make_app: AppFactory, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.step == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "gather" and not isinstance(app.screen, HelpScreen)


def test_help_pages_are_packaged_for_every_step_of_mine_and_fall_back() -> None:
    assert help_markdown(1).startswith("# Step 1 · Strategy")
    assert "# Step 3 · Gather" in help_markdown(3)
    assert "`n` (note)" in help_markdown(7)
    assert "# Keys everywhere" in help_markdown(1)  # the general page follows every step page
    assert help_markdown(None).startswith("# Keys everywhere")


async def test_command_palette_goes_to_a_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to step 7")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "implement"


async def test_command_palette_switches_metric_and_cycle(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"switch metric: satisfaction")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.metric_id == "csat"
        await pilot.press("ctrl+p", *"open cycle: email-2026-q2")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.state.cycle_id == "email-2026-q2"


async def test_palette_theme_switch_is_saved_and_restored(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "csi-dark"
        await pilot.press("ctrl+p", *"switch theme: projector")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "projector"
    saved = tomllib.loads(paths.config_file().read_text(encoding="utf-8"))
    assert saved == {"theme": "projector"}
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "projector"


async def test_bundled_themes_and_app_colours_are_registered(make_app: AppFactory) -> None:
    app = make_app(theme="high-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert {"csi-dark", "projector", "high-contrast"} <= set(app.available_themes)
        variables = app.get_css_variables()
        assert variables["csi-target"] == "#00FFFF"  # from the theme file
        app.theme = "textual-dark"  # a theme without them gets the defaults
        await pilot.pause()
        assert app.get_css_variables()["csi-improvement"] == "#3FB950"


async def test_a_broken_user_theme_is_reported_and_skipped(make_app: AppFactory) -> None:
    themes = paths.ensure_dir(paths.user_themes_dir())
    (themes / "bad.toml").write_text('name = "bad"\nprimary = "not-a-colour"\n')
    (themes / "syntax.toml").write_text('name = "oops\n')
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#FF8800"\ndark = true\n')
    app = make_app(theme="mine")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "mine"
        assert "bad" not in app.available_themes
        panel = text_of(app, "#problem-text")
        assert "bad.toml: primary: 'not-a-colour' is not a colour" in panel
        assert "syntax.toml:1:" in panel  # the line of the TOML error
        assert "⚠ WARNING" in panel


async def test_an_unknown_theme_falls_back_to_the_default_and_says_so(
    make_app: AppFactory,
) -> None:
    app = make_app(theme="nope")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "csi-dark"
        assert "theme 'nope' is not installed" in text_of(app, "#problem-text")


async def test_a_broken_config_file_is_reported_and_not_overwritten(
    make_app: AppFactory,
) -> None:
    config = paths.ensure_dir(paths.config_dir()) / "config.toml"
    config.write_text("theme = \n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "config.toml" in text_of(app, "#problem-text")
        app.theme = "projector"
        await pilot.pause()
    assert config.read_text() == "theme = \n"  # the user's file is left for them to fix


def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert CsiApp(tmp_path).no_color is True
    monkeypatch.delenv("NO_COLOR")
    assert CsiApp(tmp_path).no_color is False


async def test_everything_works_at_80x24_without_a_mouse(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in ["1", "tab", "2", "down", "3", "tab", "7", "tab", "question_mark", "escape"]:
            await pilot.press(key)
            await pilot.pause()
        assert app.current_mode == "implement"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_can_be_remapped_in_the_config(make_app: AppFactory) -> None:
    config = paths.ensure_dir(paths.config_dir()) / "config.toml"
    config.write_text('[keymap]\nquit = "ctrl+q"\nstep-7 = "f7"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert app.current_mode == "implement"
        await pilot.press("q")  # no longer quits
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_bad_keymap_is_reported(make_app: AppFactory) -> None:
    config = paths.ensure_dir(paths.config_dir()) / "config.toml"
    config.write_text("keymap = 3\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "config.toml: keymap: must be a table" in text_of(app, "#problem-text")
