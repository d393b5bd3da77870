"""The user's settings in ``paths.config_file()``: for now the chosen theme.

Read leniently (a broken config never stops the app, it is reported), written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from csi_tui import paths
from csi_tui.cycle.save import atomic_write, file_hash
from csi_tui.errors import CsiError, Problem
from csi_tui.settings import read_config


def load_config(file: Path | None = None) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    return read_config(file)


def save_setting(key: str, value: str, file: Path | None = None) -> None:
    """Set one top-level key, keeping the others; temp file, fsync, rename."""
    file = file or paths.config_file()
    config, problems = load_config(file)
    if problems:
        return  # never overwrite a file the user has to fix by hand
    config[key] = value
    paths.ensure_dir(file.parent)
    # The same atomic, hash-checked write as cycle files: a config edited meanwhile is not lost.
    try:
        atomic_write(file, tomli_w.dumps(config).encode("utf-8"), file_hash(file))
    except CsiError as error:  # callers report OSError as "could not save"
        raise OSError(str(error)) from error
