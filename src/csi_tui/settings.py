"""The user's own settings the core obeys, read from ``paths.config_file()``.

Only the user's config can widen what a cycle file may make the app do: a cycle file is often
someone else's (a shared jump host, a colleague's branch), the config file is yours. Read
leniently: a broken config never stops the app; its problem is returned to be shown, and the
safe defaults apply meanwhile. ``tui/config.py`` reads the same file for the theme and keymap.

    [sources]
    allow_paths = ["/srv/exports", "~/exports"]   # folders sources may read besides the workspace
    allow_urls = true                              # sources may be http(s)://, s3://, ... URLs

    [limits]
    query_seconds = 60                             # stop a source or metric computing longer
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csi_tui import paths
from csi_tui.errors import Problem

DEFAULT_QUERY_SECONDS = 60.0


@dataclass(frozen=True)
class Settings:
    allow_paths: tuple[Path, ...] = ()  # resolved (symlinks followed), absolute
    allow_urls: bool = False
    query_seconds: float = DEFAULT_QUERY_SECONDS
    file: Path | None = None  # the config file they come from
    problems: tuple[Problem, ...] = ()


def read_config(file: Path | None = None) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """The config file as a dict ({} when there is none), and why it could not be read."""
    file = file or paths.config_file()
    if not file.is_file():
        return {}, ()
    try:
        return tomllib.loads(file.read_text(encoding="utf-8")), ()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problem = Problem(
            f"the config file could not be read: {error}",
            file=file,
            hint="fix or delete it; csi-tui starts with default settings meanwhile",
            severity="warning",
        )
        return {}, (problem,)


def load_settings(file: Path | None = None) -> Settings:
    file = file or paths.config_file()
    raw, problems = read_config(file)
    found = list(problems)

    def warn(key: str, message: str, hint: str) -> None:
        found.append(Problem(message, file=file, key=key, hint=hint, severity="warning"))

    sources = raw.get("sources", {})
    if not isinstance(sources, dict):
        warn("sources", "[sources] must be a table", "write [sources] allow_paths = [...]")
        sources = {}
    allowed: list[Path] = []
    listed = sources.get("allow_paths", [])
    if not isinstance(listed, list):
        warn("sources.allow_paths", "allow_paths must be a list of folders", 'e.g. ["/srv/x"]')
        listed = []
    for i, entry in enumerate(listed):
        folder = Path(entry).expanduser() if isinstance(entry, str) and entry else None
        if folder is None or not folder.is_absolute():
            warn(
                f"sources.allow_paths[{i}]",
                f"{entry!r} is not an absolute folder; it is ignored",
                "write an absolute path such as /srv/exports or ~/exports",
            )
            continue
        allowed.append(Path(os.path.realpath(folder)))
    urls = sources.get("allow_urls", False)
    if not isinstance(urls, bool):
        warn("sources.allow_urls", "allow_urls must be true or false", "write allow_urls = true")
        urls = False

    limits = raw.get("limits", {})
    seconds: object = limits.get("query_seconds") if isinstance(limits, dict) else None
    if seconds is None:
        seconds = DEFAULT_QUERY_SECONDS
    elif isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
        warn(
            "limits.query_seconds",
            f"query_seconds must be a positive number of seconds, got {seconds!r}",
            f"the default {DEFAULT_QUERY_SECONDS:g} applies",
        )
        seconds = DEFAULT_QUERY_SECONDS
    assert isinstance(seconds, int | float)
    return Settings(tuple(allowed), urls, float(seconds), file, tuple(found))
