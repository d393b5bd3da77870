"""Every directory csi-tui reads or writes comes from here.

User directories come from platformdirs; ``CSI_TUI_HOME`` overrides all of them at once
(``$CSI_TUI_HOME/config``, ``/data``, ``/cache``) so tests and demos never touch the real home.
Bundled files (themes, sample workspace) live in the wheel under ``csi_tui/_bundled`` and,
in a source checkout, at the repository's top level.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "csi-tui"
HOME_ENV = "CSI_TUI_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _override()
    return home / "config" if home else Path(_dirs().user_config_dir)


def data_dir() -> Path:
    home = _override()
    return home / "data" if home else Path(_dirs().user_data_dir)


def cache_dir() -> Path:
    home = _override()
    return home / "cache" if home else Path(_dirs().user_cache_dir)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def default_workspace() -> Path:
    return data_dir() / "workspace"


def _bundled(name: str) -> Path:
    """A bundled folder: inside the installed wheel, else the source checkout's top level."""
    packaged = _PACKAGE_DIR / "_bundled" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent.parent / name
    return checkout


def bundled_themes_dir() -> Path:
    return _bundled("themes")


def bundled_sample_workspace() -> Path:
    return _bundled("sample_data")


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
