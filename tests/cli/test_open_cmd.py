"""``csi-tui [PATH]``: the exit status is the app's, so a crash is not reported as success."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from csi_tui.cli import open_cmd
from csi_tui.tui import app as tui_app


class _App:
    code: int | None = None

    def __init__(self, path: Path | None, theme: Any = None) -> None:
        self.path = path

    def run(self) -> None:
        pass

    @property
    def return_code(self) -> int | None:
        return self.code


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1)])
def test_the_exit_status_is_the_app_s(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: int | None, status: int
) -> None:
    monkeypatch.setattr(_App, "code", code)
    monkeypatch.setattr(tui_app, "CsiApp", _App)
    assert open_cmd.run(argparse.Namespace(path=str(tmp_path), theme=None)) == status


async def test_an_app_that_stops_on_an_error_returns_1(tmp_path: Path) -> None:
    """Textual's own bookkeeping, which the status above relies on."""
    app = tui_app.CsiApp(tmp_path, watch_files=False)
    with pytest.raises(ZeroDivisionError):  # run_test raises what stopped the app
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    assert app.return_code == 1
