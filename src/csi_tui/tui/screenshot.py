"""Save an SVG of the screen where the user can find it, and say where.

Textual's own "Screenshot" command saves into the platform's Downloads folder, which a jump host
or a container rarely has ("Failed to save screenshot"); this one makes its folder first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from csi_tui import paths
from csi_tui.cycle.save import atomic_write
from csi_tui.errors import CsiError


def screenshots_dir() -> Path:
    return paths.data_dir() / "screenshots"


def save_screenshot(app: App[Any]) -> Path | None:
    """Write the current screen as SVG into ``screenshots_dir()``; notify where (or why not)."""
    try:
        folder = paths.ensure_dir(screenshots_dir())
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        file = folder / f"csi-tui-{stamp}.svg"
        count = 1
        while file.exists():  # two in one second
            count += 1
            file = folder / f"csi-tui-{stamp}-{count}.svg"
        atomic_write(file, app.export_screenshot().encode("utf-8"), None)
    except OSError as error:
        app.notify(
            f"could not save the screenshot in {screenshots_dir()}: {error.strerror or error}",
            title="Screenshot",
            severity="error",
        )
        return None
    except CsiError as error:
        app.notify(str(error), title="Screenshot", severity="error")
        return None
    app.notify(f"Saved to {file}", title="Screenshot")
    return file
