"""How fast the dashboard feels, measured side by side with minimal Textual apps on this machine.

1. First frame, whole process: ``csi-tui`` on the sample workspace vs a minimal app with a
   DataTable and a PlotextPlot (goal: within 1.3x). Each run is a fresh interpreter that exits
   right after its first frame; the median of N runs, alternating.
2. Step switch (keys 1-7) with the sample cycle loaded vs a switch between two empty screens in
   the same Pilot harness (goal: within 1.2x; nothing is recomputed on a switch).
3. Responsiveness while a large source loads: key-press latency (press a step key, wait for the
   screen) while the engine reads a ROWS-row incident export (goal: under 100 ms).

Run: ``python bench/bench_tui.py [--runs 7] [--rows 2000000]``. Prints figures and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"

# ---------------------------------------------------------------- 1. first frame
CHILD_CSI = """
import os, sys
from pathlib import Path
from csi_tui.tui.app import CsiApp

class Timed(CsiApp):
    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(lambda: os._exit(0))

Timed(Path(sys.argv[1]), watch_files=False).run(headless=True, size=(80, 24))
"""

CHILD_MINIMAL = """
import os
from textual.app import App
from textual.widgets import DataTable, Footer, Header
from textual_plotext import PlotextPlot

class Minimal(App[None]):
    def compose(self):
        yield Header()
        yield DataTable()
        yield PlotextPlot()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("a", "b")
        table.add_rows([(i, i * 2) for i in range(20)])
        plot = self.query_one(PlotextPlot).plt
        plot.plot([1, 2, 3, 4], [4, 2, 3, 1])
        self.call_after_refresh(lambda: os._exit(0))

Minimal().run(headless=True, size=(80, 24))
"""


def _time_process(code: str, *args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], env=env, check=True)
    return time.perf_counter() - start


def first_frame(runs: int, workspace: Path, env: dict[str, str]) -> tuple[float, float]:
    csi: list[float] = []
    minimal: list[float] = []
    _time_process(CHILD_CSI, str(workspace), env=env)  # warm the OS file cache and bytecode
    _time_process(CHILD_MINIMAL, env=env)
    for _ in range(runs):
        csi.append(_time_process(CHILD_CSI, str(workspace), env=env))
        minimal.append(_time_process(CHILD_MINIMAL, env=env))
    return statistics.median(csi), statistics.median(minimal)


# ---------------------------------------------------------------- 2. step switch
async def _switch_csi(workspace: Path, rounds: int) -> float:
    from csi_tui.tui.app import CsiApp

    app = CsiApp(workspace, watch_files=False)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in "1234567":  # first visit of each screen: mounting, not switching
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(rounds):
            for key in "1234567":
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - start)
    return statistics.median(times)


async def _switch_empty(rounds: int) -> float:
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    class Empty(Screen[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("empty")
            yield Footer()

    class TwoScreens(App[None]):
        MODES = {"a": Empty, "b": Empty}
        BINDINGS = [Binding("1", "switch_mode('a')"), Binding("2", "switch_mode('b')")]

        def on_mount(self) -> None:
            self.switch_mode("a")

    app = TwoScreens()
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "1")
        await pilot.pause()
        for _ in range(rounds):
            for key in "2121212":
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- 3. responsiveness
def _large_workspace(rows: int, target: Path) -> Path:
    import polars as pl

    shutil.copytree(SAMPLE, target)
    incidents = target / "data" / "incidents.csv"
    frame = pl.read_csv(incidents, infer_schema_length=0)
    big = frame.sample(rows, with_replacement=True, seed=1).with_columns(
        number=pl.format("INC{}", pl.int_range(pl.len()).cast(pl.Utf8))
    )
    big.write_csv(incidents)
    return target


async def _latency_while_loading(workspace: Path) -> tuple[list[float], float]:
    """Press step keys while the load runs; latency = key posted until its screen is showing.

    Pilot's ``press`` waits for the whole app to go idle, which never happens while progress
    updates stream in, so the key is posted directly and the switch is polled for.
    """
    from csi_tui.tui.app import CsiApp
    from csi_tui.tui.steps import STEPS

    app = CsiApp(workspace, watch_files=False)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)):
        start = time.perf_counter()
        keys = "2317"
        index = 0
        while (app.state.busy is not None or not app.state.loaded) and index < 2000:
            key = keys[index % len(keys)]
            index += 1
            target = STEPS[int(key) - 1].mode
            pressed = time.perf_counter()
            app.simulate_key(key)
            while not (app.current_mode == target and app.screen.is_mounted):
                await asyncio.sleep(0.001)
            latencies.append(time.perf_counter() - pressed)
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        load_s = time.perf_counter() - start
    return latencies, load_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="csi-bench-") as tmp:
        home = Path(tmp) / "home"
        os.environ["CSI_TUI_HOME"] = str(home)
        env = dict(os.environ)
        workspace = Path(tmp) / "sample"
        shutil.copytree(SAMPLE, workspace)

        csi, minimal = first_frame(args.runs, workspace, env)
        print(f"first frame, whole process (median of {args.runs}):")
        print(f"  csi-tui on the sample workspace   {csi * 1000:7.0f} ms")
        print(f"  minimal DataTable + PlotextPlot   {minimal * 1000:7.0f} ms")
        print(f"  ratio                             {csi / minimal:7.2f}x  (goal 1.3x)")

        loaded = asyncio.run(_switch_csi(workspace, args.rounds))
        empty = asyncio.run(_switch_empty(args.rounds))
        print(f"step switch in Pilot at 120x40 (median of {args.rounds * 7}):")
        print(f"  csi-tui, sample cycle loaded      {loaded * 1000:7.1f} ms")
        print(f"  two empty screens                 {empty * 1000:7.1f} ms")
        print(f"  ratio                             {loaded / empty:7.2f}x  (goal 1.2x)")

        if not args.skip_large:
            started = time.perf_counter()
            large = _large_workspace(args.rows, Path(tmp) / "large")
            print(
                f"while loading {args.rows:,} incidents "
                f"(file written in {time.perf_counter() - started:.1f} s):"
            )
            latencies, load_s = asyncio.run(_latency_while_loading(large))
            if latencies:
                print(f"  load (open + compute + analyse)   {load_s:7.1f} s")
                print(f"  key presses handled               {len(latencies):7d}")
                median_ms = statistics.median(latencies) * 1000
                worst_ms = max(latencies) * 1000
                print(f"  median latency                    {median_ms:7.1f} ms")
                print(f"  worst latency                     {worst_ms:7.1f} ms  (goal < 100 ms)")
            else:
                print("  the load finished before a key could be pressed")


if __name__ == "__main__":
    main()
