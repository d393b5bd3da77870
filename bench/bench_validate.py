"""``csi-tui validate`` online (the data checked) against ``--offline``, and what the SQL checks
cost: prints seconds, best of --repeat fresh processes (interpreter start-up included, as a user
waits for it).

    python bench/bench_validate.py                 # the sample workspace
    python bench/bench_validate.py PATH --repeat 5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best(argv: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=str(ROOT / "sample_data"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "csi_tui", "validate"]
    offline = best([*cli, "--offline", args.path], args.repeat)
    online = best([*cli, args.path], args.repeat)
    print(f"validate --offline {args.path}: {offline:.2f} s")
    print(f"validate           {args.path}: {online:.2f} s (+{online - offline:.2f} s)")

    from csi_tui.cycle.sql_safety import refusal

    expression = "COUNT(*) FILTER (WHERE priority IN ('1', '2') AND state <> 'Cancelled')"
    start = time.perf_counter()
    for _ in range(10_000):
        refusal(expression)
    print(f"sql_safety.refusal on a typical filter: {(time.perf_counter() - start) * 100:.1f} us")


if __name__ == "__main__":
    main()
