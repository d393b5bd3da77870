"""The dashboard over the real loaders and engine: the sample workspace, real public data, and
workspaces with a broken cycle file, a missing data file and an empty source."""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tui_helpers import notified, settle, table_rows, text_of

from csi_tui.tui.app import CsiApp
from real_cycles import github_workspace

if TYPE_CHECKING:
    from conftest import RealData


@pytest.fixture
def sample_copy(sample_workspace: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample"
    shutil.copytree(sample_workspace, target)
    return target


async def test_the_sample_workspace_through_every_step(sample_copy: Path) -> None:
    app = CsiApp(sample_copy, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.problems == ()
        assert app.state.compute is not None
        assert app.state.cycle_id == "email-2026-p1p2-mttr"
        assert len(table_rows(app, "#register")) == len(app.state.workspace.register.opportunities)  # type: ignore[union-attr]
        await pilot.press("2")
        await pilot.pause()
        gaps = [r[0] for r in table_rows(app, "#metrics")]
        assert gaps and all(g.split()[0] in {"✔", "○", "✖"} for g in gaps)
        await pilot.press("3")
        await pilot.pause()
        sources = table_rows(app, "#sources")
        assert sources[0][0] == "incidents"
        assert int(sources[0][1].replace(",", "")) > 0
        assert len(table_rows(app, "#preview")) > 0
        await pilot.press("7")
        await pilot.pause()
        workspace = app.state.workspace
        assert workspace is not None
        history = [r[0].removeprefix("● ").strip() for r in table_rows(app, "#history")]
        assert history == [c.id for c in workspace.history("Email")]
        assert len(history) >= 2 and history[-1] == "email-2026-p1p2-mttr"


async def test_a_cycle_file_given_on_the_command_line_opens_that_cycle(sample_copy: Path) -> None:
    # The sample's older cycle (closed): not the one a folder would open.
    older = next(p for p in sorted((sample_copy / "cycles").glob("*.toml")) if "2025" in p.name)
    app = CsiApp(older, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.cycle is not None and app.state.cycle.path == older
        assert app.state.cycle_id != "email-2026-p1p2-mttr"
        assert app.state.problems == ()


async def test_real_github_outages(
    real_data: RealData, tmp_path: Path, allow_sources: Callable[..., Path]
) -> None:
    allow_sources(real_data.github_windows.parent)  # the data lies outside the workspace
    with real_data.github_windows.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    maintenance = sum(1 for r in rows if r["impact"] == "maintenance")
    root = github_workspace(tmp_path / "gh", real_data.github_windows)
    app = CsiApp(root, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.problems == ()
        await pilot.press("3")
        await pilot.pause()
        row = table_rows(app, "#sources")[0]
        # 819 published incidents; the maintenance windows are dropped and counted.
        assert row[1] == f"{len(rows):,}" == "819"
        assert int(row[2].replace(",", "")) == len(rows) - maintenance
        assert int(row[3].replace(",", "")) == maintenance > 0
        assert "impact <> 'maintenance'" in text_of(app, "#details-text")
        await pilot.press("2")
        await pilot.pause()
        assert table_rows(app, "#metrics")[0][0] == "✔ OK"


async def test_a_broken_cycle_file_does_not_stop_the_others(sample_copy: Path) -> None:
    broken = sample_copy / "cycles" / "broken.toml"
    broken.write_text('schema_version = 1\n[cycle]\nid = "x"\ntitle = \n', encoding="utf-8")
    app = CsiApp(sample_copy, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # settle alone raced the load's start (about 1 run in 5): wait until it has finished
        for _ in range(200):
            await settle(app, pilot)
            if app.state.loaded and app.state.busy is None:
                break
            await asyncio.sleep(0.05)
        assert app.state.cycle_id == "email-2026-p1p2-mttr"
        assert app.state.compute is not None
        panel = text_of(app, "#problem-text")
        assert "broken.toml:4:" in panel  # file and line of the syntax error
        await pilot.press("o")
        await pilot.pause()
        options = app.screen.query_one("#cycles")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert any(p.startswith("✖ BROKEN cycles/broken.toml") for p in prompts)
        assert sum("email-" in p for p in prompts) == 2


async def test_a_missing_data_file_is_a_problem_not_a_crash(sample_copy: Path) -> None:
    (sample_copy / "data" / "incidents.csv").unlink()
    app = CsiApp(sample_copy, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.is_running and app.state.busy is None
        panel = text_of(app, "#problem-text")
        assert "email-2026-p1p2-mttr.toml: sources[0].path: data file not found" in panel
        assert "incidents.csv" in panel and "relative to the cycle file" in panel
        await pilot.press("1")  # the strategy and the register still show
        await pilot.pause()
        assert "Email" in text_of(app, "#strategy-text")


async def test_an_empty_source_is_reported(sample_copy: Path) -> None:
    incidents = sample_copy / "data" / "incidents.csv"
    header = incidents.read_text(encoding="utf-8").splitlines()[0]
    incidents.write_text(header + "\n", encoding="utf-8")
    app = CsiApp(sample_copy, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.is_running and app.state.busy is None
        await pilot.press("3")
        await pilot.pause()
        panel = text_of(app, "#problem-text")
        assert "sources[0]: source 'incidents' has no rows left" in panel
        rows = {row[0]: row for row in table_rows(app, "#sources")}
        # The empty source carries its error; the other sources are still read and shown.
        assert rows["incidents"][-1].startswith("✖")
        assert rows["outages"][1] == "152" and rows["satisfaction"][1] == "144"


async def test_fixing_a_broken_cycle_file_reloads_it(sample_copy: Path) -> None:
    broken = sample_copy / "cycles" / "broken.toml"
    broken.write_text('schema_version = 1\n[cycle]\nid = "x"\ntitle = \n', encoding="utf-8")
    app = CsiApp(sample_copy, watch_files=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "broken.toml" in text_of(app, "#problem-text")
        broken.unlink()  # the user gives up on it: removing it counts as a change
        for _ in range(200):
            await pilot.pause(0.05)
            if app.state.problems == () and app.state.busy is None:
                break
        assert app.state.problems == ()
        assert notified(app, "broken.toml changed on disk")


async def test_a_cycle_file_that_cannot_open_is_retried_when_saved(sample_copy: Path) -> None:
    target = sample_copy / "cycles" / "email-2026-p1p2-mttr.toml"
    good = target.read_text(encoding="utf-8")
    target.write_text(good.replace("[cycle]", "[cycle\n", 1), encoding="utf-8")
    app = CsiApp(target, watch_files=True)
    app.watch_interval = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.workspace is None
        assert "email-2026-p1p2-mttr.toml" in text_of(app, "#problem-text")
        target.write_text(good, encoding="utf-8")
        stamp = target.stat().st_mtime_ns + 2_000_000_000  # a later mtime, whatever the clock
        os.utime(target, ns=(stamp, stamp))
        for _ in range(200):
            await pilot.pause(0.05)
            if app.state.compute is not None and app.state.busy is None:
                break
        assert app.state.cycle_id == "email-2026-p1p2-mttr"
        assert app.state.problems == ()


def volvo_workspace(real_data: RealData, root: Path) -> Path:
    """A cycle over the BPIC 2013 Volvo event log, rolled up to one row per SR Number."""
    cycles = root / "cycles"
    cycles.mkdir(parents=True)
    relative = os.path.relpath(real_data.volvo, cycles)
    (cycles / "volvo.toml").write_text(
        f"""schema_version = 1

[cycle]
id = "volvo-incidents"
title = "Faster Volvo IT incidents"
service = "VINST"
owner = "Service owner"
grain = "month"
start = 2011-10-01
end = 2012-05-31
timezone = "Europe/Brussels"

[strategy]
vision = "Incidents are resolved quickly"
business_need = "Plants wait on IT"

[[sources]]
id = "vinst"
path = "{relative}"

[sources.rollup]
key = "SR Number"
order_by = "Change Date+Time"
keep = "last"
first_as = "opened_at"

[[sources.rollup.times]]
name = "resolved_at"
column = "Status"
values = ["Completed"]

[sources.columns]
ticket_id = "SR Number"

[[metrics]]
id = "volume"
name = "Incidents opened"
source = "vinst"
kpi = "volume"
""",
        encoding="utf-8",
    )
    return root


async def test_real_volvo_rollup_counts_on_step3(
    real_data: RealData, tmp_path: Path, allow_sources: Callable[..., Path]
) -> None:
    """Events read, tickets after the roll-up, rows dropped: merged events are not dropped."""
    allow_sources(real_data.volvo.parent)  # the data lies outside the workspace
    with real_data.volvo.open(encoding="utf-8-sig", newline="") as handle:
        events = list(csv.DictReader(handle))
    tickets = len({e["SR Number"] for e in events})
    app = CsiApp(volvo_workspace(real_data, tmp_path / "volvo"), watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.state.problems == ()
        await pilot.press("3")
        await pilot.pause()
        row = table_rows(app, "#sources")[0]
        assert row[1:4] == [f"{len(events):,}", f"{tickets:,}", "0"]
        details = " ".join(text_of(app, "#details-text").split())
        assert (
            f"{len(events):,} events read, rolled up to {tickets:,} tickets "
            f"({len(events) - tickets:,} events merged); {tickets:,} kept"
        ) in details
        assert "dropped" not in details
        if real_data.full:  # as published: 65,533 events of 7,554 service requests
            assert row[1:3] == ["65,533", "7,554"]
