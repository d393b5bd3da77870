"""Hand-built results for the chart and step 4-6 tests: a workspace of two Email cycles.

The numbers are made up but consistent: MTTR falls from about 11 h to about 6 h after the change
on 2026-06-01, SLA compliance rises, the reopen rate (a guardrail) stays flat. The app gets them
through its ``Services`` seam, so the real loading path runs without the engine.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from csi_tui.analysis.results import (
    Assurance,
    ChartPoint,
    Comparison,
    ControlChart,
    CycleAnalysis,
    Expectation,
    GuardrailFlag,
    HypothesisTest,
    MetricAnalysis,
    Phase,
    Shift,
    Signal,
    Trend,
)
from csi_tui.cycle.model import (
    Analysis,
    Cycle,
    CycleInfo,
    Decision,
    Metric,
    Note,
    Strategy,
    Workspace,
)
from csi_tui.cycle.sources import Source
from csi_tui.data.results import BreakdownValue, ComputeResult, MetricSeries, PeriodValue
from csi_tui.tui.app import CsiApp
from csi_tui.tui.services import Services

CHANGE = date(2026, 6, 1)

MTTR = (11.0, 10.5, 12.0, 9.8, 11.2, 10.7, 8.0, 7.1, 6.5, 6.2, 5.9, 6.1)
SLA = (88.0, 87.5, 86.0, 89.1, 88.4, 87.9, 91.0, 92.5, 93.8, 94.0, 94.6, 94.2)
REOPEN = (2.0, 2.1, 1.9, 2.0, 2.2, 1.8, 2.0, 2.1, 2.0, 2.2, 2.1, 2.1)
BACKLOG = (250.0, 262.0, 270.0, 255.0, 248.0, 240.0, 236.0, 230.0, 225.0, 220.0, 216.0, 214.0)
EARLIER_MTTR = (12.1, 11.4, 11.9, 12.5, 11.0, 11.6)


def months(year: int, first: int, count: int) -> list[tuple[str, date, date]]:
    out = []
    for i in range(count):
        m = first + i
        y, m = year + (m - 1) // 12, (m - 1) % 12 + 1
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((f"{y}-{m:02d}", date(y, m, 1), date(ny, nm, 1)))
    return out


def series(
    metric_id: str,
    unit: str,
    values: tuple[float, ...],
    year: int = 2026,
    first: int = 1,
    last_incomplete: bool = True,
    breakdowns: dict[str, tuple[BreakdownValue, ...]] | None = None,
) -> MetricSeries:
    periods = tuple(
        PeriodValue(
            period=label,
            start=start,
            end=end,
            value=v,
            n=40 + i,
            complete=not (last_incomplete and i == len(values) - 1),
        )
        for i, ((label, start, end), v) in enumerate(
            zip(months(year, first, len(values)), values, strict=True)
        )
    )
    return MetricSeries(metric_id, unit, periods, breakdowns=breakdowns or {}, kind="mean")


def mttr_breakdowns() -> dict[str, tuple[BreakdownValue, ...]]:
    groups = {"P1": (4.0, 40), "P2": (7.0, 120), "P3": (12.0, 300), "P4": (20.0, 90)}
    teams = {
        "Service Desk": (5.0, 200),
        "Network": (9.0, 80),
        "Messaging": (7.5, 150),
        "Storage": (14.0, 30),
        "Identity": (6.0, 25),
        "Vendor": (30.0, 5),
    }
    out: dict[str, tuple[BreakdownValue, ...]] = {}
    for column, table in (("priority", groups), ("assignment_group", teams)):
        rows = []
        for label, _start, _end in months(2026, 1, 12):
            for group, (value, n) in table.items():
                rows.append(BreakdownValue(group, label, value, n))
        out[column] = tuple(rows)
    return out


METRICS = (
    Metric(
        id="mttr",
        name="MTTR P1/P2",
        source="incidents",
        kpi="mttr_mean",
        unit="h",
        direction="lower",
        baseline=10.8,
        target=6.0,
        amber=7.0,
        guardrails=("reopen",),
        breakdowns=("priority", "assignment_group"),
        top_n=3,
    ),
    Metric(
        id="sla",
        name="SLA met",
        source="incidents",
        kpi="sla_compliance",
        unit="%",
        direction="higher",
        baseline=88.0,
        target=95.0,
        amber=92.0,
    ),
    Metric(
        id="reopen",
        name="Reopen rate",
        source="incidents",
        kpi="reopen_rate",
        unit="%",
        direction="lower",
        baseline=2.0,
        target=2.0,
    ),
    Metric(id="backlog", name="Backlog", source="incidents", kpi="backlog", direction="lower"),
)


def make_cycles(root: Path) -> tuple[Cycle, Cycle]:
    earlier = Cycle(
        cycle=CycleInfo(
            id="email-2025h2",
            title="2025-H2 Baseline",
            service="Email",
            owner="Ana",
            start=date(2025, 7, 1),
            end=date(2025, 12, 31),
            status="closed",
        ),
        sources=(Source(id="incidents", path="../data/incidents.csv"),),
        metrics=METRICS[:1],
        path=root / "cycles" / "email-2025h2.toml",
    )
    current = Cycle(
        cycle=CycleInfo(
            id="email-2026",
            title="2026 Faster P1/P2 resolution",
            service="Email",
            owner="Ana",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            status="review",
            previous="email-2025h2",
        ),
        strategy=Strategy(vision="Email that never waits on us"),
        sources=(Source(id="incidents", path="../data/incidents.csv"),),
        metrics=METRICS,
        analysis=Analysis(change_date=CHANGE),
        notes=(
            Note(date(2026, 11, 3), "Swarming on P1s works; keep the rota.", author="Ana"),
            Note(date(2026, 12, 1), "Vendor tickets still slow: raise with supplier."),
        ),
        decisions=(
            Decision(
                date(2026, 12, 1),
                "adopt",
                rationale="MTTR halved with no rise in reopens",
                decided_by="CAB",
            ),
        ),
        path=root / "cycles" / "email-2026.toml",
    )
    return earlier, current


def make_workspace(root: Path = Path("/nonexistent/ws")) -> Workspace:
    return Workspace(root=root, cycles=make_cycles(root))


def make_compute(cycle: Cycle) -> ComputeResult:
    if cycle.id == "email-2025h2":
        metrics: tuple[MetricSeries, ...] = (
            series("mttr", "h", EARLIER_MTTR, year=2025, first=7, last_incomplete=False),
        )
    else:
        metrics = (
            series("mttr", "h", MTTR, breakdowns=mttr_breakdowns()),
            series("sla", "%", SLA),
            series("reopen", "%", REOPEN),
            series("backlog", "", BACKLOG),
        )
    return ComputeResult(cycle.id, "month", "UTC", (), metrics)


def _phases(values: tuple[float, ...]) -> tuple[Phase, ...]:
    out = []
    for index, (start, end) in enumerate(((0, 5), (6, len(values) - 1))):
        part = values[start : end + 1]
        centre = sum(part) / len(part)
        mr = sum(abs(a - b) for a, b in zip(part[1:], part[:-1], strict=True)) / (len(part) - 1)
        out.append(
            Phase(
                index=index,
                start=start,
                end=end,
                start_period=f"2026-{start + 1:02d}",
                calc_start=start,
                calc_end=end,
                n=len(part),
                centre=centre,
                avg_mr=mr,
                sigma=mr / 1.128,
                ucl=centre + 2.66 * mr,
                lcl=centre - 2.66 * mr,
                mr_ucl=3.267 * mr,
                reason="baseline window" if index == 0 else "recalculated at 2026-06-01",
            )
        )
    return tuple(out)


def _analysis(metric: Metric, values: tuple[float, ...], status: str, good: bool) -> MetricAnalysis:
    label = "improvement" if good else "concern"
    phases = _phases(values)
    points = tuple(
        ChartPoint(i, f"2026-{i + 1:02d}", v, None, 0 if i < 6 else 1, 0)
        for i, v in enumerate(values)
    )
    signals = (
        (
            Signal(
                "eight_in_a_row" if good else "beyond_limits",
                first=6,
                last=8,
                side="below" if metric.direction == "lower" else "above",
                label=label,  # type: ignore[arg-type]
                phase=1,
                description="points on the good side of the centre line",
            ),
            Signal("beyond_limits", 2, 2, "above", "concern", 0, "one point beyond the limits"),
        )
        if metric.id in ("mttr", "sla")
        else ()
    )
    last = values[-1]
    unit = metric.unit
    exp = Expectation(
        direction=metric.direction,
        actual=last,
        actual_period="2026-12",
        baseline=metric.baseline,
        target=metric.target,
        amber=metric.amber,
        gap=None,
        change=last - metric.baseline if metric.baseline is not None else None,
        attainment=0.97 if metric.target is not None else None,
        status=status,  # type: ignore[arg-type]
    )
    trend = Trend(
        n=len(values),
        s=-40,
        var_s=212.7,
        z=-2.67,
        p=0.002,
        tau=-0.6,
        slope=-0.4,
        slope_low=-0.6,
        slope_high=-0.2,
        intercept=11.5,
        direction="falling",
        label=label,  # type: ignore[arg-type]
        alpha=0.05,
        target_reach="already met",
        periods_to_target=0.0,
    )
    comparison = Comparison(
        basis="observations",
        change_date=CHANGE,
        n_before=300,
        n_after=320,
        mean_before=10.7,
        mean_after=6.6,
        median_before=10.2,
        median_after=6.0,
        diff_mean=-4.1,
        diff_median=-4.2,
        mann_whitney=HypothesisTest("Mann-Whitney U", 81234.0, 0.0004),
        welch=HypothesisTest("Welch t", -8.1, 0.0001, df=512.3),
        proportions=None,
        shift=Shift(-3.1, -3.6, -2.5, 0.95, "Hodges-Lehmann"),
        enough=True,
        significant=True,
        label=label,  # type: ignore[arg-type]
        alpha=0.05,
    )
    guard = (
        (
            GuardrailFlag(
                "reopen",
                "Reopen rate",
                "%",
                2.0,
                2.1,
                False,
                True,
                False,
                "Reopen rate unchanged (2.0% -> 2.1%)",
            ),
        )
        if metric.guardrails
        else ()
    )
    return MetricAnalysis(
        metric_id=metric.id,
        name=metric.name,
        unit=unit,
        direction=metric.direction,
        expectation=exp,
        trend=trend,
        chart=ControlChart(points, phases, signals),
        assurance=Assurance(
            "inside",
            metric.target,
            phases[-1].lcl,
            phases[-1].ucl,
            phases[-1].centre,
            0.33,
            "target inside the limits: expect to miss it about 1 month in 3",
        ),
        comparison=comparison,
        guardrails=guard,
        verdict=(
            f"{metric.name} is {exp.word.lower()}: {last} {unit} against a target of "
            f"{metric.target} {unit}.",
            "The change on 2026-06-01 made a real difference.",
        ),
        lines={
            "status": f"{last} {unit} against target {metric.target} {unit} (amber "
            f"{metric.amber} {unit}): 97% of the planned gain",
            "shift": "real: p < 0.001, -3.1 h [-3.6, -2.5]; 8 points below the centre line",
            "trend": "falling 0.4 h a month (Mann-Kendall p = 0.002)",
            "assure": "target inside the limits: expect to miss it about 1 month in 3",
            "guard": "reopen rate unchanged (2.0% -> 2.1%)",
        },
    )


def make_analysis(cycle: Cycle) -> CycleAnalysis:
    if cycle.id != "email-2026":
        return CycleAnalysis(cycle.id, ())
    plan = {
        "mttr": (MTTR, "met", True),
        "sla": (SLA, "at_risk", True),
        "reopen": (REOPEN, "missed", False),
        "backlog": (BACKLOG, "unknown", True),
    }
    return CycleAnalysis(
        cycle.id,
        tuple(_analysis(m, *plan[m.id]) for m in cycle.metrics if m.id in plan),
    )


def fake_services(workspace: Workspace | None = None) -> Services:
    ws = workspace or make_workspace()
    return Services(
        open_workspace=lambda _path: (ws, None),
        compute=lambda cycle, _progress=None, _previous=None: make_compute(cycle),
        analyse=lambda cycle, _result: make_analysis(cycle),
    )


def make_app(theme: str | None = None, workspace: Workspace | None = None) -> CsiApp:
    return CsiApp(theme=theme, services=fake_services(workspace), watch_files=False)


async def settle(app: CsiApp, pilot: object) -> None:
    """Wait for the load workers and the repaint that follows them."""
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def plain(content: object, width: int = 200) -> str:
    """What a Static's content (Text, Table, str) says, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(content)
    return console.export_text()
