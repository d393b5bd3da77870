"""Which files and URLs a cycle file may make the app read: its workspace, and what you allow.

A cycle file is often someone else's (a shared jump host, a colleague's branch). Opening it must
not make the app read ``/etc/...``, climb out with ``../..`` or fetch a URL: a source resolves
inside the workspace (the folder holding ``cycles/``; for a lone cycle file, its folder), with
symlinks followed before the check. Anything else needs the user's own config
(``settings.py``: ``[sources] allow_paths`` and ``allow_urls``). Cycles built in Python, without
a file, are the caller's own and are not checked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from csi_tui.errors import CsiError
from csi_tui.settings import Settings

CYCLES_DIR = "cycles"  # as cycle/workspace.py names it
# scheme:// as polars and fsspec read them (http, https, s3, gs, az, hf, file, ...)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str) -> bool:
    return bool(_URL.match(path.strip()))


def workspace_root(cycle_file: Path) -> Path:
    """The workspace of a cycle file, symlinks resolved."""
    folder = cycle_file.absolute().parent
    if folder.name == CYCLES_DIR:
        folder = folder.parent
    return Path(os.path.realpath(folder))


def _config_hint(settings: Settings, line: str) -> str:
    where = settings.file if settings.file is not None else "your config.toml"
    return f"to allow it, add to your own config {where}: {line}"


def check_url(url: str, key: str, cycle_file: Path | None, settings: Settings) -> None:
    """Refuse a URL source unless the user's config allows URLs."""
    if cycle_file is None or settings.allow_urls:
        return
    raise CsiError.one(
        f"refused to fetch the URL {url!r}: a cycle file may not make csi-tui fetch URLs "
        "unless you allow it",
        file=cycle_file,
        key=f"{key}.path",
        hint=_config_hint(settings, "[sources] allow_urls = true"),
    )


def allowed(path: Path, cycle_file: Path, settings: Settings) -> bool:
    real = Path(os.path.realpath(path))
    roots = (workspace_root(cycle_file), *settings.allow_paths)
    return any(real.is_relative_to(root) for root in roots)


def check_inside(
    files: list[Path], pattern: str, key: str, cycle_file: Path | None, settings: Settings
) -> None:
    """Refuse when any of ``files`` (or the path they come from) lies outside the workspace
    and the folders the user allowed."""
    if cycle_file is None:
        return
    for file in files:
        if allowed(file, cycle_file, settings):
            continue
        real = Path(os.path.realpath(file))
        shown = str(file) if real == file else f"{file} (which is {real})"
        folder = real.parent if pattern.strip() and not real.is_dir() else real
        raise CsiError.one(
            f"refused to read {shown}: it is outside the workspace "
            f"{workspace_root(cycle_file)} (path {pattern!r})",
            file=cycle_file,
            key=f"{key}.path",
            hint=_config_hint(settings, f'[sources] allow_paths = ["{folder}"]')
            + "; or copy the data into the workspace",
        )
