"""Theme files and the config file, without an app."""

from __future__ import annotations

from pathlib import Path

from csi_tui import paths
from csi_tui.tui.config import load_config, save_setting
from csi_tui.tui.themes import load_theme_file, load_themes


def test_the_bundled_themes_load_without_problems() -> None:
    themes, problems = load_themes([paths.bundled_themes_dir()])
    assert problems == ()
    by_name = {t.name: t for t in themes}
    assert set(by_name) == {"csi-dark", "projector", "high-contrast"}
    assert by_name["projector"].dark is False
    for theme in themes:  # every app colour is set by every bundled theme
        assert {"csi-target", "csi-baseline", "csi-improvement", "csi-concern"} <= set(
            theme.variables
        )


def test_theme_problems_name_the_key(tmp_path: Path) -> None:
    file = tmp_path / "t.toml"
    file.write_text('name = "t"\nprimary = "#fff"\ncolour = "red"\ndark = "yes"\n')
    theme, problems = load_theme_file(file)
    assert theme is None
    keys = {p.key for p in problems}
    assert keys == {"colour", "dark"}
    assert all(p.file == file and p.hint for p in problems)


def test_a_missing_name_and_a_bad_app_colour(tmp_path: Path) -> None:
    file = tmp_path / "t.toml"
    file.write_text('primary = "#fff"\n[variables]\ncsi-target = "blurple"\n')
    _theme, problems = load_theme_file(file)
    assert {p.key for p in problems} == {"name", "variables.csi-target"}


def test_a_later_folder_overrides_a_theme_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "dark.toml").write_text('name = "csi-dark"\nprimary = "#123456"\n')
    themes, problems = load_themes([paths.bundled_themes_dir(), tmp_path, tmp_path / "absent"])
    assert problems == ()
    assert {t.name: t for t in themes}["csi-dark"].primary == "#123456"


def test_config_round_trip_keeps_other_keys(tmp_path: Path) -> None:
    file = tmp_path / "c" / "config.toml"
    save_setting("theme", "projector", file)
    file.write_text(file.read_text() + 'other = "kept"\n')
    save_setting("theme", "high-contrast", file)
    config, problems = load_config(file)
    assert problems == ()
    assert config == {"theme": "high-contrast", "other": "kept"}
    assert list(file.parent.iterdir()) == [file]  # no temp file left behind
