"""A workspace of real TOML files (the Python-built one, written out with comments) and an app
that opens it with the real loader over the fake engine: edits go to real files, fast."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import build_workspace, fake_compute

from csi_tui.cycle.save import cycle_to_toml, register_to_toml
from csi_tui.cycle.workspace import open_workspace
from csi_tui.tui.app import CsiApp
from csi_tui.tui.services import Services

LIVE = "email-2026-q4"


def write_files_workspace(root: Path) -> Path:
    """The tui_helpers workspace as real files; returns the live cycle's file."""
    workspace = build_workspace(root)
    for cycle in workspace.cycles:
        assert cycle.path is not None
        cycle.path.write_text(f"# {cycle.id}: kept by hand\n" + cycle_to_toml(cycle))
    assert workspace.register is not None and workspace.register.path is not None
    workspace.register.path.write_text("# the register\n" + register_to_toml(workspace.register))
    return root / "cycles" / f"{LIVE}.toml"


def files_app(root: Path, theme: str | None = None) -> CsiApp:
    services = Services(
        open_workspace=lambda _path: (open_workspace(root), None),
        compute=fake_compute,
        analyse=lambda _cycle, _result: None,
    )
    return CsiApp(root, theme=theme, services=services, watch_files=False)


async def ready(app: CsiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.state.loaded and app.state.busy is None:
            return
    raise AssertionError(f"still loading: {app.state.busy}")
