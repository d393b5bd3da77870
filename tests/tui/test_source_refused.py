"""A source the workspace check refuses shows in the problem panel, with how to allow it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from tui_helpers import settle, text_of

from csi_tui.tui.app import CsiApp


async def test_a_source_outside_the_workspace_is_a_problem_in_the_panel(
    sample_workspace: Path, tmp_path: Path
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    cycle = root / "cycles" / "email-2026-p1p2-mttr.toml"
    text = cycle.read_text(encoding="utf-8")
    cycle.write_text(text.replace('"../data/incidents.csv"', '"/etc/passwd"', 1), encoding="utf-8")
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for _ in range(200):  # the analysis may still be finishing in its worker
            if app.state.busy is None:
                break
            await pilot.pause(0.05)
        assert app.is_running and app.state.busy is None
        panel = " ".join(text_of(app, "#problem-text").split())
        assert "email-2026-p1p2-mttr.toml: sources[0].path: refused to read /etc/passwd" in panel
        assert "allow_paths" in panel


def test_the_file_watch_skips_what_the_engine_refuses(tmp_path: Path) -> None:
    from csi_tui.cycle.model import Cycle, CycleInfo
    from csi_tui.cycle.sources import Source
    from csi_tui.tui.services import source_files

    (tmp_path / "ws" / "cycles").mkdir(parents=True)
    sources = (
        Source(id="a", path="../data/missing.csv"),  # inside, not there yet: watched
        Source(id="b", path="/**/*.csv"),  # would walk the whole disk on every check
        Source(id="c", path="http://example.com/x.csv"),
        Source(id="d", path="../../elsewhere.csv"),
    )
    info = CycleInfo(id="c", title="t", service="s", owner="o", start=date(2026, 1, 1),
                     end=date(2026, 2, 1))  # fmt: skip
    cycle = Cycle(cycle=info, sources=sources, path=tmp_path / "ws" / "cycles" / "c.toml")
    assert source_files(cycle) == [tmp_path / "ws" / "data" / "missing.csv"]
