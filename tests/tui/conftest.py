"""Fixtures for the dashboard tests: a workspace built in Python and an app over a fake engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import AppFactory, build_workspace, fake_compute

from csi_tui.cycle.model import Workspace
from csi_tui.tui.app import CsiApp
from csi_tui.tui.services import Services


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return build_workspace(tmp_path / "ws")


@pytest.fixture
def make_app(workspace: Workspace) -> AppFactory:
    """An app over the Python-built workspace and the fake engine; keyword args override."""

    def factory(
        *,
        compute: Callable[..., Any] = fake_compute,
        open_workspace: Callable[..., Any] | None = None,
        theme: str | None = None,
        watch_files: bool = False,
    ) -> CsiApp:
        services = Services(
            open_workspace=open_workspace or (lambda _path: (workspace, None)),
            compute=compute,
            analyse=lambda _cycle, _result: None,
        )
        return CsiApp(workspace.root, theme=theme, services=services, watch_files=watch_files)

    return factory


@pytest.fixture(autouse=True)
def frozen_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app in these tests lives on 2026-11-27 10:00 unless a test sets its own clock: what
    the screens derive from today (an action overdue) must not change with the day CI runs."""
    monkeypatch.setattr(CsiApp, "wall_clock", staticmethod(lambda: datetime(2026, 11, 27, 10, 0)))
