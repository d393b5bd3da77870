"""Themes are data: each ``themes/*.toml`` (bundled, then the user's) becomes a Textual Theme.

A theme file holds the ``textual.theme.Theme`` fields as top-level keys and app colours under
``[variables]``. A broken file is reported as a Problem and skipped, never fatal.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from csi_tui.errors import Problem

DEFAULT_THEME = "csi-dark"

# App colours every screen and chart may use as $csi-target etc.; themes override them.
APP_VARIABLE_DEFAULTS: dict[str, str] = {
    "csi-target": "#4EA1FF",
    "csi-baseline": "#9A9A9A",
    "csi-improvement": "#3FB950",
    "csi-concern": "#F85149",
    "csi-amber": "#D29922",
}

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_ALLOWED = {f.name for f in fields(Theme)}


def load_theme_file(file: Path) -> tuple[Theme | None, tuple[Problem, ...]]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        return None, (_problem(file, f"not valid TOML: {error}", line=_line_of(error)),)
    except (OSError, UnicodeDecodeError) as error:
        return None, (_problem(file, f"could not be read: {error}"),)
    return theme_from_mapping(data, file)


def theme_from_mapping(
    data: dict[str, Any], file: Path
) -> tuple[Theme | None, tuple[Problem, ...]]:
    problems: list[Problem] = []
    unknown = sorted(set(data) - _ALLOWED)
    for key in unknown:
        problems.append(
            _problem(file, f"unknown key (allowed: {', '.join(sorted(_ALLOWED))})", key=key)
        )
    for key in ("name", "primary"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(_problem(file, "is required (a text value)", key=key))
    for key in _COLOUR_FIELDS:
        if key in data and not _is_colour(data[key]):
            problems.append(
                _problem(file, f"{data[key]!r} is not a colour (e.g. '#1E90FF')", key=key)
            )
    if "dark" in data and not isinstance(data["dark"], bool):
        problems.append(_problem(file, "must be true or false", key="dark"))
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        problems.append(_problem(file, "must be a table of text values", key="variables"))
    else:
        for key, value in variables.items():
            if key in APP_VARIABLE_DEFAULTS and not _is_colour(value):
                problems.append(
                    _problem(file, f"{value!r} is not a colour", key=f"variables.{key}")
                )
    if problems:
        return None, tuple(problems)
    try:
        theme = Theme(**{k: v for k, v in data.items() if k in _ALLOWED})
        theme.to_color_system()  # fails here, not at the first repaint
    except (TypeError, ValueError, ColorParseError) as error:
        return None, (_problem(file, f"is not a usable theme: {error}"),)
    return theme, ()


def load_themes(folders: Iterable[Path]) -> tuple[list[Theme], tuple[Problem, ...]]:
    """Every ``*.toml`` in the folders, in order; a later theme with the same name wins."""
    themes: dict[str, Theme] = {}
    problems: list[Problem] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.toml")):
            theme, found = load_theme_file(file)
            problems.extend(found)
            if theme is not None:
                themes[theme.name] = theme
    return list(themes.values()), tuple(problems)


def _is_colour(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def _problem(file: Path, message: str, key: str | None = None, line: int | None = None) -> Problem:
    return Problem(
        f"theme {message}" if key is None else message,
        file=file,
        key=key,
        line=line,
        hint="this theme is skipped; fix the file and restart",
        severity="warning",
    )


def _line_of(error: tomllib.TOMLDecodeError) -> int | None:
    # tomllib puts "(at line N, column M)" in the message.
    text = str(error)
    marker = "at line "
    if marker not in text:
        return None
    digits = text.split(marker, 1)[1].split(",", 1)[0].split(")", 1)[0]
    return int(digits) if digits.isdigit() else None
