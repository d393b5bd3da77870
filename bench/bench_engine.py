"""Benchmark the data engine against the best hand-written lazy polars query for the same KPIs.

Generates ServiceNow-style incident exports with the sample generator (CSV and Parquet), then for
each size and format runs, each in a fresh Python process (so peak memory is that run's own):

- hand:    one hand-written lazy polars query (explicit date format, ``collect_all``) for the
           monthly volume, resolved, backlog, MTTR mean/median/p90, SLA %, reopen %, first-
           assignment % and escalation %;
- engine:  ``compute_cycle`` for a cycle with the same metrics, cache off (full computation,
           including the data-quality checks); with ``--observations`` the cycle has a change
           date, so the per-ticket values for the before/after test are kept too;
- cold:    ``compute_cycle`` with an empty cache (computes and writes the cache);
- warm:    ``compute_cycle`` again in a new process, same unchanged data (reads the cache).

Times exclude interpreter start and imports; peak memory is the process's maximum RSS.

    python bench/bench_engine.py                  # 100k and 1M rows, CSV and Parquet
    python bench/bench_engine.py --ten-million    # adds 10M (a 1.5 GB CSV; minutes)
    python bench/bench_engine.py --rows 200000 --formats parquet
    python bench/bench_engine.py --rows 1000000 --observations   # the cycle has a change date
    python bench/bench_engine.py --rows 1000000 --before /tmp/old-tree/src   # interleaved A/B
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

FORMAT = "%Y-%m-%d %H:%M:%S"
KPIS = (
    "volume",
    "resolved",
    "backlog",
    "mttr_mean",
    "mttr_median",
    "mttr_p90",
    "sla_compliance",
    "reopen_rate",
    "first_assignment_resolution",
    "escalation_rate",
)


# ---------------------------------------------------------------- the two contenders
def hand_query(path: str, fmt: str, start: date, end: date) -> dict[str, object]:
    import polars as pl

    if fmt == "csv":
        lf = pl.scan_csv(
            path, schema_overrides={"opened_at": pl.String, "resolved_at": pl.String}
        ).with_columns(
            pl.col("opened_at").str.to_datetime(FORMAT),
            pl.col("resolved_at").str.to_datetime(FORMAT, strict=False),
        )
    else:
        lf = pl.scan_parquet(path)
    lf = lf.select(
        pl.col("opened_at").dt.truncate("1mo").dt.date().alias("om"),
        pl.col("resolved_at").dt.truncate("1mo").dt.date().alias("rm"),
        pl.max_horizontal("opened_at", "resolved_at").dt.truncate("1mo").dt.date().alias("lm"),
        (
            (pl.col("resolved_at") - pl.col("opened_at")).dt.total_seconds(fractional=True) / 3600
        ).alias("h"),
        pl.col("made_sla").cast(pl.Boolean, strict=False)
        if fmt == "parquet"
        else (pl.col("made_sla").cast(pl.String).str.to_lowercase() == "true").alias("made_sla"),
        (pl.col("reopen_count") > 0).alias("reo"),
        (pl.col("reassignment_count") == 0).alias("far"),
        (pl.col("escalation") != "Normal").alias("esc"),
    )
    opened = lf.group_by("om").agg(
        pl.len().alias("volume"), pl.col("esc").mean().alias("escalation")
    )
    res = lf.filter(pl.col("rm").is_not_null())
    resolved = res.group_by("rm").agg(
        pl.len().alias("resolved"),
        pl.col("h").filter(pl.col("h") >= 0).mean().alias("mttr_mean"),
        pl.col("h").filter(pl.col("h") >= 0).median().alias("mttr_median"),
        pl.col("h").filter(pl.col("h") >= 0).quantile(0.9, "linear").alias("mttr_p90"),
        pl.col("made_sla").mean().alias("sla"),
        pl.col("reo").mean().alias("reopen"),
        pl.col("far").mean().alias("far"),
    )
    leaving = res.group_by("lm").agg(pl.len().alias("left"))
    o, r, lv = pl.collect_all([opened, resolved, leaving])
    flows = (
        o.select(pl.col("om").alias("m"), "volume")
        .join(lv.select(pl.col("lm").alias("m"), "left"), on="m", how="full", coalesce=True)
        .fill_null(0)
        .sort("m")
        .with_columns((pl.col("volume").cum_sum() - pl.col("left").cum_sum()).alias("backlog"))
    )
    return {
        "months": o.height,
        "resolved_rows": int(r["resolved"].sum()),
        "backlog_last": int(flows["backlog"][-1]),
    }


def engine_cycle(path: str, fmt: str, start: date, end: date, observations: bool = False):  # type: ignore[no-untyped-def]
    from csi_tui.cycle.model import Analysis, Cycle, CycleInfo, Metric

    try:
        from csi_tui.cycle.sources import Source
    except ImportError:  # a tree from before the model was split (``--before``)
        from csi_tui.cycle.model import Source  # type: ignore[attr-defined,no-redef]

    source = Source(
        id="inc",
        path=path,
        preset="servicenow",
        datetime_format=FORMAT,
        true_values=("Moderate", "High", "Overdue"),
        false_values=("Normal",),
    )
    metrics = tuple(Metric(id=k, name=k, source="inc", kpi=k) for k in KPIS)
    info = CycleInfo(id="bench", title="bench", service="all", owner="bench", start=start, end=end)
    # A change date makes the engine keep per-ticket observations for the before/after test.
    change = start + (end - start) / 2 if observations else None
    return Cycle(
        cycle=info,
        sources=(source,),
        metrics=metrics,
        analysis=Analysis(change_date=change),
        path=Path(path).parent / "c.toml",
    )


def child(args: argparse.Namespace) -> None:
    start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    import polars  # noqa: F401  (imports are not timed)

    from csi_tui.data.engine import compute_cycle

    t0 = time.perf_counter()
    if args.child == "hand":
        out = hand_query(args.file, args.fmt, start, end)
    else:
        result = compute_cycle(
            engine_cycle(args.file, args.fmt, start, end, args.observations),
            use_cache=args.child != "engine",
        )
        out = {
            "months": len(result.metrics[0].periods),
            "resolved_rows": sum(p.n for p in result.metrics[1].periods),
        }
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, **out}))


# ---------------------------------------------------------------- the harness
def data_file(folder: Path, rows: int, fmt: str) -> Path:
    path = folder / f"inc-{rows}.{fmt}"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "csi_tui.sample.generate",
                "--rows",
                str(rows),
                "--format",
                fmt,
                "--out",
                str(path),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def date_range(path: Path, fmt: str) -> tuple[date, date]:
    import polars as pl

    lf = (
        pl.scan_parquet(path)
        if fmt == "parquet"
        else pl.scan_csv(path).with_columns(pl.col("opened_at").str.to_datetime(FORMAT))
    )
    lo, hi = (
        lf.select(pl.col("opened_at").min().alias("lo"), pl.col("opened_at").max().alias("hi"))
        .collect()
        .row(0)
    )
    return lo.date(), hi.date()


def measure(
    kind: str,
    path: Path,
    fmt: str,
    span: tuple[date, date],
    home: Path,
    observations: bool,
    src: str | None = None,
) -> dict:
    """One run in a fresh process; ``src``: run the engine from that ``src`` folder instead."""
    env = {
        **os.environ,
        "CSI_TUI_HOME": str(home),
        "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", str(os.cpu_count() or 2)),
    }
    if src is not None:
        env["PYTHONPATH"] = src
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--file",
            str(path),
            "--fmt",
            fmt,
            "--start",
            span[0].isoformat(),
            "--end",
            span[1].isoformat(),
            *(["--observations"] if observations else []),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(kind: str, repeat: int, *a: object) -> dict:
    runs = [measure(kind, *a) for _ in range(repeat)]  # type: ignore[arg-type]
    return min(runs, key=lambda r: r["seconds"])


def compare(
    rounds: int, before: str, path: Path, fmt: str, span: tuple[date, date], home: Path, obs: bool
) -> str:
    """Hand, engine from ``before`` (another tree's src folder) and this engine, interleaved
    round by round, so load from other work hits all three alike; best time, lowest peak."""
    runs: dict[str, list[dict]] = {"hand": [], "before": [], "after": []}
    for _ in range(rounds):
        runs["hand"].append(measure("hand", path, fmt, span, home, obs))
        runs["before"].append(measure("engine", path, fmt, span, home, obs, before))
        runs["after"].append(measure("engine", path, fmt, span, home, obs))
    s = {k: min(r["seconds"] for r in v) for k, v in runs.items()}
    m = {k: min(r["peak_mb"] for r in v) for k, v in runs.items()}
    return (
        f"  A/B over {rounds} rounds: hand {s['hand']:.2f} s {m['hand']:.0f} MB; "
        f"before {s['before']:.2f} s ({s['before'] / s['hand']:.2f}x) "
        f"{m['before']:.0f} MB ({m['before'] / m['hand']:.2f}x); "
        f"after {s['after']:.2f} s ({s['after'] / s['hand']:.2f}x) "
        f"{m['after']:.0f} MB ({m['after'] / m['hand']:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--ten-million", action="store_true", help="add 10,000,000 rows")
    parser.add_argument("--formats", default="csv,parquet")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "csi-bench"))
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best kept)")
    parser.add_argument(
        "--observations",
        action="store_true",
        help="give the cycle a change date: the engine keeps per-ticket values for the test",
    )
    parser.add_argument(
        "--before",
        metavar="SRC",
        help="also compare with the engine in SRC (another tree's src/), interleaved runs",
    )
    parser.add_argument("--child", choices=("hand", "engine", "cold", "warm"))
    parser.add_argument("--file")
    parser.add_argument("--fmt")
    parser.add_argument("--start")
    parser.add_argument("--end")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sizes = [int(s) for s in args.rows.split(",") if s]
    if args.ten_million:
        sizes.append(10_000_000)
    folder = Path(args.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; best of {args.repeat}; times in seconds, memory = peak RSS MB")
    if args.observations:
        print("the cycle has a change date: the engine keeps per-ticket observations")
    head = (
        f"{'rows':>10} {'fmt':<7} {'hand s':>7} {'engine s':>8} {'ratio':>6} {'hand MB':>8} "
        f"{'eng MB':>7} {'ratio':>6} {'cold s':>7} {'warm s':>7} {'warm/cold':>9}"
    )
    print(head)
    print("-" * len(head))
    per_row: dict[str, list[tuple[int, float]]] = {}
    for rows in sizes:
        for fmt in args.formats.split(","):
            path = data_file(folder, rows, fmt)
            span = date_range(path, fmt)
            home = Path(tempfile.mkdtemp(prefix="csi-bench-home-"))
            try:
                obs = args.observations
                hand = best("hand", args.repeat, path, fmt, span, home, obs)
                eng = best("engine", args.repeat, path, fmt, span, home, obs)
                cold = measure("cold", path, fmt, span, home, obs)
                warm = best("warm", args.repeat, path, fmt, span, home, obs)
                ab = (
                    compare(args.repeat, args.before, path, fmt, span, home, obs)
                    if args.before
                    else ""
                )
            finally:
                shutil.rmtree(home, ignore_errors=True)
            per_row.setdefault(fmt, []).append((rows, eng["seconds"]))
            print(
                f"{rows:>10,} {fmt:<7} {hand['seconds']:>7.2f} {eng['seconds']:>8.2f} "
                f"{eng['seconds'] / hand['seconds']:>5.2f}x {hand['peak_mb']:>8.0f} "
                f"{eng['peak_mb']:>7.0f} {eng['peak_mb'] / hand['peak_mb']:>5.2f}x "
                f"{cold['seconds']:>7.2f} {warm['seconds']:>7.3f} "
                f"{warm['seconds'] / cold['seconds']:>8.1%}",
                flush=True,
            )
            if ab:
                print(ab, flush=True)
    print("\nscaling (engine, cache off): seconds per million rows")
    for fmt, points in per_row.items():
        text = ", ".join(f"{r:,}: {s / r * 1e6:.2f}" for r, s in points)
        print(f"  {fmt}: {text}")


if __name__ == "__main__":
    main()
