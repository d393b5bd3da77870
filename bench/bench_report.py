"""Benchmark ``csi-tui report`` against ``csi-tui compute --format json`` on the same cycle.

Both are run as the user runs them, as commands in fresh processes (interpreter start, imports,
loading the cycle, reading the cached results, the analysis, writing the output), on a copy of the
sample workspace with a warm cache (one untimed run of each first). Runs are interleaved, so both
see the same machine load; the best and the median of ``--repeat`` runs are printed with the
ratio report / compute (goal: within 1.5x). In-process, the report's own share is timed too:
building the report model and rendering it, from results already computed.

    python bench/bench_report.py                 # md and html, business and it, 7 runs each
    python bench/bench_report.py --repeat 15
"""

from __future__ import annotations

import argparse
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
CSI_TUI = Path(sys.executable).with_name("csi-tui")


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def in_process(workspace: Path, repeat: int) -> dict[str, float]:
    """Best time of building the report model and rendering it, from computed results."""
    from csi_tui.analysis.analyse import analyse_cycle
    from csi_tui.cli.compute_cmd import pick_cycle
    from csi_tui.data.engine import compute_cycle
    from csi_tui.report.report_model import build_report
    from csi_tui.report.write import render

    cycle = pick_cycle(workspace, None)
    result = compute_cycle(cycle, use_cache=True, keep_going=True)
    analysis = analyse_cycle(cycle, result)
    out: dict[str, float] = {}
    for audience in ("business", "it"):
        for fmt in ("md", "html"):
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                render(build_report(cycle, result, analysis, audience), fmt)  # type: ignore[arg-type]
                best = min(best, time.perf_counter() - start)
            out[f"build + render {fmt} {audience}"] = best
    start = time.perf_counter()
    for _ in range(repeat):
        analyse_cycle(cycle, result)
    out["analysis alone, for scale"] = (time.perf_counter() - start) / repeat
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csi-bench-report-") as tmp:
        workspace = Path(tmp) / "ws"
        shutil.copytree(SAMPLE, workspace)
        env = {**os.environ, "CSI_TUI_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1"}
        out = Path(tmp) / "out"
        commands = {
            "compute --format json": [str(CSI_TUI), "compute", str(workspace), "--format", "json"],
            "report (md, business)": [str(CSI_TUI), "report", str(workspace)],
            "report (md, it)": [str(CSI_TUI), "report", str(workspace), "--audience", "it"],
            "report (html, business)": [
                *(str(CSI_TUI), "report", str(workspace), "--format", "html"),
                *("-o", f"{out}-b.html"),
            ],
            "report (html, it)": [
                *(str(CSI_TUI), "report", str(workspace), "--format", "html"),
                *("--audience", "it", "-o", f"{out}-i.html"),
            ],
        }
        for command in commands.values():  # warm the cache (and the OS file cache)
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        base = times["compute --format json"]
        print(f"sample workspace, warm cache, {args.repeat} interleaved runs, fresh processes")
        print(f"{'command':<26} {'best s':>7} {'median s':>9} {'ratio best':>11} {'ratio med':>10}")
        for name, runs in times.items():
            print(
                f"{name:<26} {min(runs):>7.3f} {statistics.median(runs):>9.3f}"
                f" {min(runs) / min(base):>10.2f}x"
                f" {statistics.median(runs) / statistics.median(base):>9.2f}x"
            )
        os.environ["CSI_TUI_HOME"] = env["CSI_TUI_HOME"]
        print("\nin-process, from computed results (best of runs):")
        for name, seconds in in_process(workspace, args.repeat).items():
            print(f"  {name:<30} {seconds * 1000:>7.1f} ms")


if __name__ == "__main__":
    main()
