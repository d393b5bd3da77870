"""The report for decision makers, as plain data built once from the compute and analysis results.

The Markdown and HTML writers only lay this out, so both say the same thing, and a test can check
the numbers here against ``csi-tui compute --format json``. Two audiences: ``business`` reads the
verdicts, the scorecard, the charts, the caveats and the decisions in plain words; ``it`` also
gets the test statistics, the control limits and the lineage of every figure (source files, rows
in / kept / dropped and why, filters, KPI or formula).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from csi_tui.analysis import fmt
from csi_tui.analysis.results import CycleAnalysis, MetricAnalysis, Status
from csi_tui.cycle.model import Action, Cycle, Decision, Metric, Note
from csi_tui.data.periods import grain_adjective
from csi_tui.data.results import ComputeResult, Finding, MetricSeries
from csi_tui.report import decision_words
from csi_tui.report.action_status import count_overdue, status_words
from csi_tui.report.chart_spec import ChartSpec
from csi_tui.report.closing_words import Closing, closing
from csi_tui.report.metric_spec import build_spec
from csi_tui.report.scorecard import ScoreRow, score_rows

Audience = Literal["business", "it"]
AUDIENCES: tuple[Audience, ...] = ("business", "it")

SEVERITY_GLYPHS = {"error": "✖", "warning": "⚠"}

# Test statistics inside a verdict sentence: "(p < 0.001, 5 points ...)", "(Mann-Kendall p = 0.2)".
_STATISTIC = re.compile(
    r"(?:Mann-Kendall |Mann-Whitney |Welch )?p (?:< |= )?"
    rf"(?:{re.escape(fmt.MISSING)}|\d+(?:\.\d+)?)"
)


def plain_words(sentence: str) -> str:
    """A verdict sentence without its test statistics, for business readers.

    "the drop is a real shift (p < 0.001, 5 points below ...)" keeps the evidence a reader can
    see on the chart ("5 points below ...") and loses the p-value; an emptied bracket goes too.
    """
    text = _STATISTIC.sub("", sentence)
    text = re.sub(r"\(\s*,\s*", "(", text)
    text = re.sub(r",\s*\)", ")", text)
    text = re.sub(r"\s*\(\s*\)", "", text)
    return re.sub(r"  +", " ", text)


@dataclass(frozen=True)
class PeriodRow:
    period: str
    value: float | None  # None: no data (NaN and infinities too, as in the JSON)
    n: int
    complete: bool


@dataclass(frozen=True)
class Lineage:
    """Where one metric's figures come from (IT readers)."""

    source: str
    files: tuple[str, ...]
    rows_read: int | None
    rows_kept: int | None
    dropped: tuple[tuple[str, int], ...]  # (reason, rows)
    source_filter: str | None
    metric_filter: str | None
    kpi: str | None
    formula: str | None
    observations: int | None  # per-ticket values behind the metric
    rolled_up_from: int | None = None


@dataclass(frozen=True)
class Caveat:
    """A data-quality finding that can change what the numbers mean."""

    severity: str  # "warning" or "error"
    where: str  # "source incidents", "metric MTTR P1/P2", "cycle"
    message: str
    advice: str = ""

    @property
    def badge(self) -> str:
        return f"{SEVERITY_GLYPHS.get(self.severity, '•')} {self.severity.upper()}"


@dataclass(frozen=True)
class MetricSection:
    metric_id: str
    name: str
    unit: str
    direction: str
    status: Status
    badge: str  # "▲ MET"
    actual: float | None
    actual_period: str
    target: float | None
    baseline: float | None
    verdict: tuple[str, ...]  # sentences; business: without test statistics
    periods: tuple[PeriodRow, ...]
    chart: ChartSpec
    statistics: tuple[tuple[str, str], ...] = ()  # IT only: (label, text)
    lineage: Lineage | None = None  # IT only


@dataclass(frozen=True)
class Report:
    audience: Audience
    cycle_id: str
    title: str
    service: str
    owner: str
    status: str
    start: date
    end: date
    grain: str
    change_date: date | None
    generated: datetime | None
    path: str | None
    summary: tuple[tuple[str, str], ...]  # (badge, first verdict sentence) per analysed metric
    scorecard: tuple[ScoreRow, ...]
    metrics: tuple[MetricSection, ...]
    caveats: tuple[Caveat, ...]
    decision: Decision | None
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]
    notes: tuple[Note, ...]
    closing: Closing = field(default_factory=lambda: Closing((), ()))  # after the review

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.service})"

    @property
    def period_words(self) -> str:
        return f"{grain_adjective(self.grain)} periods"

    def decision_words(self, decision: Decision) -> str:
        return decision_words.summary(decision.decision)

    @property
    def as_of(self) -> date | None:
        """The day actions are judged late on: the day the figures were computed."""
        return self.generated.date() if self.generated is not None else None

    @property
    def as_of_words(self) -> str:
        return f"on {self.as_of.isoformat()}" if self.as_of is not None else ""

    def action_words(self, action: Action) -> str:
        return status_words(action, self.as_of)

    @property
    def overdue(self) -> int:
        return count_overdue(self.actions, self.as_of)


def _caveats(cycle: Cycle, compute: ComputeResult | None) -> tuple[Caveat, ...]:
    if compute is None:
        return ()
    names = {m.id: m.name for m in cycle.metrics}
    found: list[tuple[str, Finding]] = [("cycle", f) for f in compute.findings]
    found += [(f"source {s.id}", f) for s in compute.sources for f in s.findings]
    found += [
        (f"metric {names.get(m.metric_id, m.metric_id)}", f)
        for m in compute.metrics
        for f in m.findings
    ]
    # one caveat per message: "2026-12 is not over yet" for three sources reads once
    merged: dict[tuple[str, str, str], list[str]] = {}
    for where, f in found:
        # incomplete periods are left out of the analysis: they change what the latest value is
        if f.severity in ("warning", "error") or f.code in ("incomplete_period", "cut_off_period"):
            severity = f.severity if f.severity != "info" else "warning"
            wheres = merged.setdefault((severity, f.message, f.advice), [])
            if where not in wheres:
                wheres.append(where)
    out = [
        Caveat(severity, _join_places(wheres), message, advice)
        for (severity, message, advice), wheres in merged.items()
    ]
    for s in compute.sources:
        # rows a filter leaves out are the cycle's scope, not a flaw: lineage lists them
        lost = [d for d in s.dropped if not d.reason.startswith("filter")]
        dropped = sum(d.count for d in lost)
        if dropped:
            share = dropped / s.rows_read if s.rows_read else 0.0
            reasons = "; ".join(f"{d.count:,}: {d.reason}" for d in lost)
            out.append(
                Caveat(
                    "warning",
                    f"source {s.id}",
                    f"{dropped:,} of {s.rows_read:,} rows ({fmt.percent(share)}) could not be used"
                    f" ({reasons})",
                )
            )
    order = {"error": 0, "warning": 1}
    return tuple(sorted(out, key=lambda c: order.get(c.severity, 2)))


def _join_places(wheres: list[str]) -> str:
    """["source a", "source b"] -> "sources a, b"."""
    kinds = {w.split(" ", 1)[0] for w in wheres}
    if len(wheres) > 1 and len(kinds) == 1 and " " in wheres[0]:
        kind = wheres[0].split(" ", 1)[0]
        return f"{kind}s " + ", ".join(w.split(" ", 1)[1] for w in wheres)
    return "; ".join(wheres)


def _lineage(cycle: Cycle, metric: Metric, compute: ComputeResult | None) -> Lineage:
    source = cycle.source(metric.source)
    report = compute.source(metric.source) if compute is not None else None
    series = compute.metric(metric.id) if compute is not None else None
    return Lineage(
        source=metric.source,
        files=report.files if report is not None else ((source.path,) if source else ()),
        rows_read=report.rows_read if report is not None else None,
        rows_kept=report.rows_kept if report is not None else None,
        dropped=tuple((d.reason, d.count) for d in report.dropped) if report is not None else (),
        source_filter=source.filter if source is not None else None,
        metric_filter=metric.filter,
        kpi=metric.kpi,
        formula=metric.formula,
        observations=series.observations_n if series is not None else None,
        rolled_up_from=report.rolled_up_from if report is not None else None,
    )


def _statistics(found: MetricAnalysis) -> tuple[tuple[str, str], ...]:
    """The step 5 figures an IT reader checks: the one-line summaries, limits and tests."""
    rows: list[tuple[str, str]] = []
    labels = {"status": "Status", "shift": "Shift", "trend": "Trend", "assure": "Assurance"}
    for key, label in labels.items():
        if key in found.lines:
            rows.append((label, " ".join(found.lines[key].split())))
    t = found.trend
    if t.s is not None:
        rows.append(
            (
                "Mann-Kendall",
                f"S = {t.s}, z = {fmt.value(t.z)}, {fmt.p_value(t.p)}, tau = {fmt.value(t.tau)};"
                f" Sen's slope {fmt.signed(t.slope, found.unit)} a period",
            )
        )
    for ph in found.chart.phases:
        rows.append(
            (
                f"XmR phase {ph.index + 1}",
                f"from {ph.start_period}: centre {fmt.value(ph.centre, found.unit)},"
                f" UCL {fmt.value(ph.ucl, found.unit)}, LCL {fmt.value(ph.lcl, found.unit)}"
                f" (average moving range {fmt.value(ph.avg_mr, found.unit)}, {ph.n} values,"
                f" {ph.reason})",
            )
        )
    for sig in found.chart.signals:
        rows.append((f"Signal {sig.glyph} {sig.label}", sig.description))
    c = found.comparison
    if c is not None:
        rows.append(
            (
                "Before / after",
                f"{c.basis} on {c.change_date.isoformat()}: n = {c.n_before} before,"
                f" {c.n_after} after; mean {fmt.value(c.mean_before, found.unit)} ->"
                f" {fmt.value(c.mean_after, found.unit)}; median"
                f" {fmt.value(c.median_before, found.unit)} ->"
                f" {fmt.value(c.median_after, found.unit)}",
            )
        )
        for test in (c.mann_whitney, c.welch, c.proportions):
            if test is not None:
                df = f", df = {fmt.value(test.df)}" if test.df is not None else ""
                rows.append(
                    (test.name, f"statistic {fmt.value(test.statistic)}{df}, {fmt.p_value(test.p)}")
                )
        if c.shift is not None:
            s = c.shift
            ci = (
                f" [{fmt.signed(s.low, found.unit)}, {fmt.signed(s.high, found.unit)}]"
                if s.low is not None and s.high is not None
                else ""
            )
            rows.append(
                (
                    "Effect",
                    f"{fmt.signed(s.estimate, found.unit)}{ci}"
                    f" at {fmt.percent(s.confidence)} ({s.method})",
                )
            )
    for g in found.guardrails:
        rows.append(("Guardrail", g.sentence))
    for w in found.warnings:
        rows.append(("Note", w))
    return tuple(rows)


def _section(
    cycle: Cycle,
    metric: Metric,
    series: MetricSeries | None,
    found: MetricAnalysis | None,
    compute: ComputeResult | None,
    audience: Audience,
) -> MetricSection:
    exp = found.expectation if found is not None else None
    periods = tuple(
        PeriodRow(p.period, fmt.finite(p.value), p.n, p.complete)
        for p in (series.periods if series is not None else ())
    )
    verdict = found.verdict if found is not None else ()
    if audience == "business":
        verdict = tuple(plain_words(s) for s in verdict)
    status: Status = exp.status if exp is not None else "unknown"
    latest = next((p for p in reversed(periods) if p.value is not None), None)
    return MetricSection(
        metric_id=metric.id,
        name=metric.name,
        unit=metric.unit,
        direction=metric.direction,
        status=status,
        badge=exp.badge if exp is not None else "? NO ANALYSIS",
        actual=fmt.finite(exp.actual) if exp is not None else (latest.value if latest else None),
        actual_period=(exp.actual_period or "")
        if exp is not None
        else (latest.period if latest else ""),
        target=metric.target,
        baseline=metric.baseline,
        verdict=verdict,
        periods=periods,
        chart=build_spec(metric, series, found, cycle.analysis.change_date),
        statistics=_statistics(found) if audience == "it" and found is not None else (),
        lineage=_lineage(cycle, metric, compute) if audience == "it" else None,
    )


def build_report(
    cycle: Cycle,
    compute: ComputeResult | None,
    analysis: CycleAnalysis | None,
    audience: Audience = "business",
) -> Report:
    """The whole report, from the same results ``csi-tui compute`` prints and the screens show."""
    sections = []
    summary = []
    for metric in cycle.metrics:
        series = compute.metric(metric.id) if compute is not None else None
        found = analysis.metric(metric.id) if analysis is not None else None
        section = _section(cycle, metric, series, found, compute, audience)
        sections.append(section)
        if found is not None and section.verdict:
            summary.append((section.badge, section.verdict[0]))
    info = cycle.cycle
    return Report(
        audience=audience,
        cycle_id=info.id,
        title=info.title,
        service=info.service,
        owner=info.owner,
        status=info.status,
        start=info.start,
        end=info.end,
        grain=compute.grain if compute is not None else info.grain,
        change_date=cycle.analysis.change_date,
        generated=compute.computed_at if compute is not None else None,
        path=str(cycle.path) if cycle.path is not None else None,
        summary=tuple(summary),
        scorecard=tuple(score_rows(cycle, compute, analysis)),
        metrics=tuple(sections),
        caveats=_caveats(cycle, compute),
        decision=cycle.decision,
        decisions=tuple(sorted(cycle.decisions, key=lambda d: d.date)),
        actions=cycle.actions,
        notes=tuple(sorted(cycle.notes, key=lambda n: n.date)),
        closing=closing(cycle),
    )
