"""How long step 5 takes next to the KPI computation it follows.

A cycle of 20 metrics x 36 monthly periods, each metric with ticket-level observations over the
same 1M tickets (half resolution hours, half 0/1 rate values), analysed with ``analyse_cycle``
(expectation, trend, XmR with rules, before/after tests with Hodges-Lehmann, guardrails, verdict).
Compared with what polars takes to aggregate those 1M rows per month: once, and once per metric
(the KPI computation's order of magnitude, without reading any file).

    python bench/bench_analysis.py [--rows 1000000] [--metrics 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime

import numpy as np
import polars as pl

from csi_tui.analysis import analyse_cycle
from csi_tui.cycle.model import Analysis, Cycle, CycleInfo, Metric
from csi_tui.data.results import ComputeResult, MetricSeries, PeriodValue

PERIODS = 36
START = datetime(2024, 1, 1)
CHANGE = date(2025, 7, 1)


def tickets(rows: int, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    seconds = rng.uniform(0, PERIODS * 30.4 * 86400, rows)
    resolved = pl.Series(
        "at", (np.datetime64(START, "us") + (seconds * 1e6).astype("timedelta64[us]"))
    )
    after = resolved >= datetime(CHANGE.year, CHANGE.month, CHANGE.day)
    hours = np.where(after.to_numpy(), rng.exponential(6.1, rows), rng.exponential(9.2, rows))
    sla = (rng.uniform(0, 1, rows) < np.where(after.to_numpy(), 0.95, 0.90)).astype(float)
    return pl.DataFrame({"at": resolved, "hours": hours, "sla": sla}).sort("at")


def monthly(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return (
        frame.group_by_dynamic("at", every="1mo")
        .agg(pl.col(column).mean().alias("value"), pl.len().alias("n"))
        .sort("at")
    )


def build(frame: pl.DataFrame, n_metrics: int) -> tuple[Cycle, ComputeResult]:
    hours_m = monthly(frame, "hours")
    sla_m = monthly(frame, "sla")
    metrics: list[Metric] = []
    series: list[MetricSeries] = []
    for i in range(n_metrics):
        rate = i % 2 == 1
        column, per_month = ("sla", sla_m) if rate else ("hours", hours_m)
        metric_id = f"m{i:02d}"
        metrics.append(
            Metric(
                metric_id,
                f"Metric {i}",
                "tickets",
                unit="%" if rate else "h",
                direction="higher" if rate else "lower",
                baseline=90.0 if rate else 9.2,
                target=95.0 if rate else 6.0,
                amber=92.0 if rate else 7.0,
                guardrails=(f"m{(i + 1) % n_metrics:02d}",),
            )
        )
        periods = []
        for row in per_month.iter_rows(named=True):
            begin = row["at"].date()
            nxt = begin.year * 12 + begin.month
            end = date(nxt // 12, nxt % 12 + 1, 1)
            value = row["value"] * (100 if rate else 1)
            periods.append(PeriodValue(begin.strftime("%Y-%m"), begin, end, value, row["n"]))
        obs = frame.select("at", pl.col(column).alias("value"))
        series.append(
            MetricSeries(
                metric_id,
                "%" if rate else "h",
                tuple(periods),
                observations=obs,
                kind="rate" if rate else "mean",
            )
        )
    cycle = Cycle(
        cycle=CycleInfo("bench", "Bench", "Email", "bench", date(2024, 1, 1), date(2026, 12, 31)),
        metrics=tuple(metrics),
        analysis=Analysis(change_date=CHANGE),
    )
    return cycle, ComputeResult("bench", "month", "UTC", (), tuple(series))


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--metrics", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    frame = tickets(args.rows)
    cycle, result = build(frame, args.metrics)
    periods = len(result.metrics[0].periods)

    agg_once = best(lambda: monthly(frame, "hours"), args.repeat)
    agg_all = best(
        lambda: [monthly(frame, "sla" if i % 2 else "hours") for i in range(args.metrics)],
        args.repeat,
    )
    analysis_time = best(lambda: analyse_cycle(cycle, result), args.repeat)
    periods_only = ComputeResult(
        "bench", "month", "UTC", (),
        tuple(MetricSeries(s.metric_id, s.unit, s.periods, kind=s.kind) for s in result.metrics),
    )  # fmt: skip
    periods_time = best(lambda: analyse_cycle(cycle, periods_only), args.repeat)

    analysis = analyse_cycle(cycle, result)
    first = analysis.metrics[0]
    print(f"{args.metrics} metrics x {periods} periods, {args.rows:,} observations per metric")
    print(f"  polars monthly aggregation, 1 metric      {agg_once * 1000:8.1f} ms")
    print(f"  polars monthly aggregation, {args.metrics} metrics    {agg_all * 1000:8.1f} ms")
    print(f"  analyse_cycle, per-period values only     {periods_time * 1000:8.1f} ms")
    print(f"  analyse_cycle, with ticket-level tests    {analysis_time * 1000:8.1f} ms")
    print(
        f"  per metric                                {analysis_time / args.metrics * 1000:8.1f} ms"
    )
    print(
        f"  ratio analysis / aggregation ({args.metrics} metrics)  {analysis_time / agg_all:8.1f}x"
    )
    print(f"  example verdict: {first.verdict[0]}")


if __name__ == "__main__":
    main()
