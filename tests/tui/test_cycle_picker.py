"""The cycle picker lists each broken file once, however many problems it has."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_helpers import settle

from csi_tui.tui.app import CsiApp


async def test_a_file_with_several_problems_is_one_line_in_the_picker(
    sample_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(sample_workspace, workspace)
    cycle = workspace / "cycles" / "email-2026-p1p2-mttr.toml"
    text = cycle.read_text(encoding="utf-8")
    text = text.replace('direction = "lower"', 'direction = "lowr"', 1)
    text = text.replace("[analysis]", "[analysis]\nchange_dat = 2026-06-01", 1)
    cycle.write_text(text, encoding="utf-8")
    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert app.is_running
        options = app.screen.query_one("#cycles")
        prompts = [
            str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
            for i in range(options.option_count)  # type: ignore[attr-defined]
        ]
        broken = [p for p in prompts if p.startswith("✖ BROKEN")]
        assert len(broken) == 1
        assert "cycles/email-2026-p1p2-mttr.toml" in broken[0] and "(+1 more)" in broken[0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
