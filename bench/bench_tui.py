"""How fast the dashboard feels, measured side by side with minimal Textual apps on this machine.

1. First frame, whole process: ``csi-tui`` on the sample workspace vs a minimal app with a
   DataTable and a PlotextPlot (goal: within 1.3x). Each run is a fresh interpreter that exits
   right after its first frame; the median of N runs, alternating.
2. Step switch (keys 1-7) with the sample cycle loaded, and with the large cycle of 3 loaded, vs
   a switch between two empty screens in the same Pilot harness (goal: within 1.2x; nothing is
   recomputed on a switch). Pilot waits for idle in 20 ms polls, so wall times come in steps of
   about 20 ms; the CPU time of each switch is printed too, the finer measure of the work done.
3. Responsiveness while a large source loads: key-press latency (press a step key, wait for the
   screen) while the engine reads a ROWS-row incident export, or an existing export given with
   --source (CSV or Parquet, e.g. one written by ``python -m csi_tui.sample.generate --rows
   10000000 --format parquet --out FILE``); each of --load-runs runs starts with an empty engine
   cache (goal: every key under 100 ms).

4. Saving a target edit (the metric form, ctrl+s) with the large cycle loaded: from the key to
   the new target in step 5's verdict, analysis only (the data is not read again), side by side
   with a plain step switch in the same app (goal: at most 150 ms); and the parses each save made
   (tomlkit, tomllib), counted. A fresh process per run (--load-runs of them).
5. Keys in the metric form while the large source loads (fresh engine cache, fresh process): the
   form's opening key until the form is painted with its first field focused; a key typed ahead
   (the instant the field has the focus, before the paint) from the opening key until handled;
   then each key in the painted form, posted until the field holds it (goal: every key under
   50 ms).

Run: ``python bench/bench_tui.py [--runs 7] [--rows 2000000 | --source FILE] [--load-runs 3]``
(``--edit-only`` skips 1-3; ``--before SRC`` alternates runs of another src tree, an A/B, in 3-5).
Prints figures and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
async def _switch_csi(workspace: Path, rounds: int) -> tuple[float, float]:
    from csi_tui.tui.app import CsiApp

    app = CsiApp(workspace, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.state.busy is not None or not app.state.loaded:  # the large cycle takes a while
            await app.workers.wait_for_complete()
            await pilot.pause()
        for key in "1234567":  # first visit of each screen: mounting, not switching
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        return await _timed_presses(pilot, "1234567", rounds)


async def _timed_presses(pilot: Any, keys: str, rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a press (and the pause Pilot takes after it)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for key in keys:
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


async def _switch_empty(rounds: int) -> tuple[float, float]:
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
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "1")
        await pilot.pause()
        return await _timed_presses(pilot, "2121212", rounds)


# ---------------------------------------------------------------- 3. responsiveness
def _workspace_over(source: Path, target: Path) -> Path:
    """The sample workspace with its incident export replaced by SOURCE, linked into its data
    folder (sources outside the workspace are refused unless the user's config allows them)."""
    shutil.copytree(SAMPLE, target)
    inside = target / "data" / f"large{source.suffix}"
    try:
        os.link(source.resolve(), inside)  # no copy of a large file on the same file system
    except OSError:
        shutil.copyfile(source, inside)
    for cycle in (target / "cycles").glob("*.toml"):
        text = cycle.read_text(encoding="utf-8")
        text = text.replace('path = "../data/incidents.csv"', f'path = "../data/{inside.name}"')
        cycle.write_text(text, encoding="utf-8")
    return target


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


def _load_run(workspace: Path, home: Path, src: str | None) -> tuple[list[float], float]:
    """One run of ``_latency_while_loading`` in a fresh process (``src``: another src folder)."""
    env = {**os.environ, "CSI_TUI_HOME": str(home)}
    if src is not None:
        env["PYTHONPATH"] = src
    out = subprocess.run(
        [sys.executable, __file__, "--load-child", str(workspace)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return list(data["latencies"]), float(data["load_s"])


# ---------------------------------------------------------------- 4. saving a target edit
def _plain(static: Any) -> str:
    """The text a Static shows (a Rich renderable printed as a wide console would)."""
    import io

    from rich.console import Console

    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def _target_edit(workspace: Path, rounds: int) -> dict[str, Any]:
    """Seconds from ctrl+s in the metric form to the new target in step 5's verdict, and of a
    plain step switch (5 -> 4 -> 5) in the same app; how many computes ran after the load; and
    how many times tomlkit and tomllib parsed a file from ctrl+s to the verdict, per save."""
    import tomllib

    import tomlkit
    from textual.widgets import Input, Static

    from csi_tui.analysis import fmt
    from csi_tui.tui import editing, services
    from csi_tui.tui.app import CsiApp
    from csi_tui.tui.services import Services

    computes = [0]

    def compute(cycle: Any, progress: Any = None, previous: Any = None) -> Any:
        computes[0] += 1
        return services.compute(cycle, progress, previous)

    parses = {"tomlkit": 0, "tomllib": 0}
    counting = [False]

    def counted(name: str, function: Any) -> Any:
        def parse(*args: Any, **kwargs: Any) -> Any:
            parses[name] += counting[0]
            return function(*args, **kwargs)

        return parse

    tomlkit.parse = counted("tomlkit", tomlkit.parse)  # type: ignore[assignment]
    tomllib.loads = counted("tomllib", tomllib.loads)  # type: ignore[assignment]
    app = CsiApp(workspace, services=Services(compute=compute), watch_files=False)
    saves: list[float] = []
    switches: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.state.busy is not None or not app.state.loaded:
            await app.workers.wait_for_complete()
            await pilot.pause()
        for key in "12345":
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        after_load = computes[0]
        metric = app.state.cycle.metrics[0]  # type: ignore[union-attr]
        app.select_metric(metric.id)
        await pilot.pause()
        for n in range(rounds):
            target = 5.0 + n * 0.5  # each round a new value, so each one saves
            editing.edit_metric(app, metric.id)
            await pilot.pause()
            form = app.screen
            field = form.query_one("#field-target", Input)
            field.value = f"{target:g}"
            await pilot.pause(0.3)
            numbers = app.screen_stack[-2].query_one("#numbers-text", Static)
            wanted = f"target {fmt.value(target, metric.unit)}"
            pressed = time.perf_counter()
            counting[0] = True
            app.simulate_key("ctrl+s")
            deadline = pressed + 60
            while not (
                app.screen is not form and app.state.busy is None and wanted in _plain(numbers)
            ):
                if time.perf_counter() > deadline:
                    raise AssertionError(f"no {wanted!r} on step 5: {_plain(numbers)}")
                await asyncio.sleep(0.001)
            saves.append(time.perf_counter() - pressed)
            counting[0] = False
            await pilot.pause()
        for _ in range(rounds):
            for key in "45":
                pressed = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                switches.append(time.perf_counter() - pressed)
        await app.workers.wait_for_complete()
    return {
        "saves": saves,
        "switches": switches,
        "computes": computes[0] - after_load,
        "parses": {name: count / rounds for name, count in parses.items()},
    }


# ---------------------------------------------------------------- 5. keys in a form while loading
async def _form_keys_while_loading(workspace: Path) -> dict[str, Any]:
    """Keys typed into the metric form's first field while the load runs.

    Three figures: ``ahead_s``, from the key that opens the form to a key typed the instant the
    field has the focus (before the form is painted: a fast typist's first key) being handled;
    ``open_s``, from the opening key to the form painted with its field focused; and
    ``latencies``, each key pressed after that, until the field holds it.
    """
    from textual.widgets import Input

    from csi_tui.tui import editing
    from csi_tui.tui.app import CsiApp

    app = CsiApp(workspace, watch_files=False)
    latencies: list[float] = []
    async with app.run_test(size=(80, 24)):
        start = time.perf_counter()
        while app.state.cycle is None:  # the workspace is open: the form can be
            await asyncio.sleep(0.01)
        pushed = time.perf_counter()
        editing.edit_metric(app)
        while not (isinstance(app.focused, Input) and app.focused.id == "field-id"):
            await asyncio.sleep(0.001)
        field = app.focused
        before = field.value
        app.simulate_key("x")  # typed ahead
        while field.value == before:
            await asyncio.sleep(0.001)
        ahead_s = time.perf_counter() - pushed
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)
        await painted.wait()
        open_s = time.perf_counter() - pushed
        while (app.state.busy is not None or not app.state.loaded) and len(latencies) < 2000:
            before = field.value
            pressed = time.perf_counter()
            app.simulate_key("x")
            deadline = pressed + 30
            while field.value == before and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            latencies.append(time.perf_counter() - pressed)
            if len(field.value) > 40:
                field.value = ""
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        load_s = time.perf_counter() - start
    return {"latencies": latencies, "load_s": load_s, "open_s": open_s, "ahead_s": ahead_s}


def _child(mode: str, workspace: Path, home: Path, src: str | None, *extra: str) -> Any:
    """Run one measure in a fresh process (``src``: another src folder); its JSON, or None."""
    env = {**os.environ, "CSI_TUI_HOME": str(home)}
    if src is not None:
        env["PYTHONPATH"] = src
    out = subprocess.run(
        [sys.executable, __file__, mode, str(workspace), *extra],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    if out.returncode != 0:
        print("  the run failed:", out.stderr.strip().splitlines()[-3:])
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def _edit_figures(large: Path, tmp: str, rounds: int, load_runs: int, before: str | None) -> None:
    trees = {"this code": None} if not before else {"before": before, "after": None}
    print(f"saving a target edit, large cycle loaded, analysis only ({rounds} saves a run):")
    saves: dict[str, list[float]] = {name: [] for name in trees}
    for run in range(load_runs):
        for name, src in trees.items():
            home = Path(tmp) / f"home-save-{name}-{run}"
            data = _child("--save-child", large, home, src, str(rounds))
            if data is None:
                continue
            ms = [x * 1000 for x in data["saves"]]
            saves[name] += ms
            print(
                f"  run {run + 1} ({name}): ctrl+s to the new verdict median "
                f"{statistics.median(ms):6.1f} ms, worst {max(ms):6.1f} ms; step switch 4 <-> 5 "
                f"{statistics.median(data['switches']) * 1000:6.1f} ms; parses a save: tomlkit "
                f"{data['parses']['tomlkit']:.1f}, tomllib {data['parses']['tomllib']:.1f}; "
                f"computes {data['computes']}"
            )
    for name, ms in saves.items():
        if ms:
            print(
                f"  {name}: {len(ms)} saves, median {statistics.median(ms):.1f} ms, worst "
                f"{max(ms):.1f} ms, under 150 ms: {sum(x < 150 for x in ms)} of {len(ms)}"
            )
    print("keys in the metric form while the large source loads (fresh process, empty cache):")
    keys: dict[str, list[float]] = {name: [] for name in trees}
    opens: dict[str, list[float]] = {name: [] for name in trees}
    aheads: dict[str, list[float]] = {name: [] for name in trees}
    for run in range(load_runs):
        for name, src in trees.items():
            data = _child("--form-child", large, Path(tmp) / f"home-form-{name}-{run}", src)
            if not data or not data["latencies"]:
                print(f"  run {run + 1} ({name}): no key could be pressed before the load ended")
                continue
            latencies = [x * 1000 for x in data["latencies"]]
            keys[name] += latencies
            opens[name].append(data["open_s"] * 1000)
            aheads[name].append(data["ahead_s"] * 1000)
            under = sum(x < 50 for x in latencies)
            print(
                f"  run {run + 1} ({name}): load {data['load_s']:5.1f} s, form painted "
                f"{opens[name][-1]:.0f} ms after the opening key, a key typed ahead handled at "
                f"{aheads[name][-1]:.0f} ms; then {len(latencies):4d} keys, median "
                f"{statistics.median(latencies):6.1f} ms, worst {max(latencies):6.1f} ms (first "
                f"{latencies[0]:.1f} ms), under 50 ms: {under} of {len(latencies)}"
            )
    for name, ms in keys.items():
        if ms:
            print(
                f"  {name}: form painted after median {statistics.median(opens[name]):.0f} ms, "
                f"a key typed ahead handled at median {statistics.median(aheads[name]):.0f} ms; "
                f"{len(ms)} keys in the painted form, median {statistics.median(ms):.1f} ms, "
                f"worst {max(ms):.1f} ms, under 50 ms: {sum(x < 50 for x in ms)} of {len(ms)}"
            )


def _print_switch(label: str, loaded: tuple[float, float], empty: tuple[float, float]) -> None:
    print(f"  {label:<33}{loaded[0] * 1000:7.1f} ms  (CPU {loaded[1] * 1000:5.1f} ms)")
    print(f"  {'two empty screens':<33}{empty[0] * 1000:7.1f} ms  (CPU {empty[1] * 1000:5.1f} ms)")
    print(f"  {'ratio':<33}{loaded[0] / empty[0]:7.2f}x  (goal 1.2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--source", type=Path, help="an existing incident export to load")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-first-frame", action="store_true")
    parser.add_argument(
        "--before", help="also run the load runs with this src folder (alternated): an A/B"
    )
    parser.add_argument("--edit-only", action="store_true", help="only 4 and 5 (the forms)")
    parser.add_argument("--load-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--form-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--save-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.save_child is not None:
        workspace, rounds = args.save_child
        print(json.dumps(asyncio.run(_target_edit(Path(workspace), int(rounds)))))
        return
    if args.load_child is not None:
        latencies, load_s = asyncio.run(_latency_while_loading(args.load_child))
        print(json.dumps({"latencies": latencies, "load_s": load_s}))
        return
    if args.form_child is not None:
        print(json.dumps(asyncio.run(_form_keys_while_loading(args.form_child))))
        return
    if args.edit_only:
        with tempfile.TemporaryDirectory(prefix="csi-bench-") as tmp:
            os.environ["CSI_TUI_HOME"] = str(Path(tmp) / "home")
            if args.source is not None:
                large = _workspace_over(args.source, Path(tmp) / "large")
                print(f"large source: {args.source}")
            else:
                large = _large_workspace(args.rows, Path(tmp) / "large")
                print(f"large source: {args.rows:,} incidents")
            _edit_figures(large, tmp, args.rounds, args.load_runs, args.before)
        return

    with tempfile.TemporaryDirectory(prefix="csi-bench-") as tmp:
        home = Path(tmp) / "home"
        os.environ["CSI_TUI_HOME"] = str(home)
        env = dict(os.environ)
        workspace = Path(tmp) / "sample"
        shutil.copytree(SAMPLE, workspace)

        if not args.skip_first_frame:
            csi, minimal = first_frame(args.runs, workspace, env)
            print(f"first frame, whole process (median of {args.runs}):")
            print(f"  csi-tui on the sample workspace   {csi * 1000:7.0f} ms")
            print(f"  minimal DataTable + PlotextPlot   {minimal * 1000:7.0f} ms")
            print(f"  ratio                             {csi / minimal:7.2f}x  (goal 1.3x)")

        print(f"step switch in Pilot at 120x40 (median of {args.rounds * 7}):")
        loaded = asyncio.run(_switch_csi(workspace, args.rounds))
        empty = asyncio.run(_switch_empty(args.rounds))
        _print_switch("csi-tui, sample cycle loaded", loaded, empty)

        if args.skip_large:
            return
        started = time.perf_counter()
        if args.source is not None:
            large = _workspace_over(args.source, Path(tmp) / "large")
            print(f"large source: {args.source}")
        else:
            large = _large_workspace(args.rows, Path(tmp) / "large")
            print(
                f"large source: {args.rows:,} incidents "
                f"(file written in {time.perf_counter() - started:.1f} s)"
            )
        # Each run is a fresh process, as each launch of csi-tui is (and no run inherits the
        # heap of the one before), with an empty engine cache.
        trees = {"this code": None} if not args.before else {"before": args.before, "after": None}
        medians: dict[str, list[float]] = {name: [] for name in trees}
        worst: dict[str, list[float]] = {name: [] for name in trees}
        for run in range(args.load_runs):
            for name, src in trees.items():
                home = Path(tmp) / f"home-load-{name}-{run}"
                latencies, load_s = _load_run(large, home, src)
                if not latencies:
                    print(f"  run {run + 1}: the load finished before a key could be pressed")
                    continue
                medians[name].append(statistics.median(latencies) * 1000)
                worst[name].append(max(latencies) * 1000)
                print(
                    f"  run {run + 1} ({name}): load {load_s:5.1f} s, {len(latencies):4d} keys, "
                    f"median {medians[name][-1]:6.1f} ms, worst {worst[name][-1]:6.1f} ms"
                    "  (goal < 100 ms)"
                )
        for name in trees:
            if medians[name]:
                middle = statistics.median(medians[name])
                under = sum(w < 100 for w in worst[name])
                print(
                    f"  {name}, over {len(medians[name])} runs: median {middle:.1f} ms, "
                    f"worst {max(worst[name]):.1f} ms; runs with every key under 100 ms: "
                    f"{under} of {len(worst[name])}"
                )
        # The step switch again, with the large cycle loaded (from the engine cache now).
        print(f"step switch in Pilot at 120x40, large cycle loaded (median of {args.rounds * 7}):")
        loaded = asyncio.run(_switch_csi(large, args.rounds))
        empty = asyncio.run(_switch_empty(args.rounds))
        _print_switch("csi-tui, large cycle loaded", loaded, empty)
        _edit_figures(large, tmp, args.rounds, args.load_runs, args.before)


if __name__ == "__main__":
    main()
