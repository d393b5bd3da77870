"""The report as Markdown that reads well on a git web view: headings, pipe tables, and charts in
plain characters inside fenced code blocks (no images, nothing to fetch)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from csi_tui.analysis import fmt
from csi_tui.report.report_model import Lineage, MetricSection, Report
from csi_tui.report.text_chart import text_chart

AUDIENCE_WORDS = {
    "business": "for business readers",
    "it": "for IT readers: with test statistics and the lineage of every figure",
}
SCORE_COLUMNS = ("Metric", "Status", "Now", "Target", "Since baseline", "Trend")


def cell(text: object) -> str:
    """A table cell: pipes escaped, line breaks flattened (either would break the table)."""
    return " ".join(str(text).split()).replace("|", "\\|") or " "


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _header(report: Report) -> list[str]:
    when = report.generated.strftime("%Y-%m-%d %H:%M") if report.generated else "not computed"
    change = f", change live on {report.change_date.isoformat()}" if report.change_date else ""
    return [
        f"# {report.heading}",
        "",
        f"Cycle `{report.cycle_id}`, owner {report.owner}, {report.start.isoformat()} to"
        f" {report.end.isoformat()} ({report.period_words}{change}), status {report.status}."
        f" Report {AUDIENCE_WORDS[report.audience]}, computed {when}.",
        "",
    ]


def _summary(report: Report) -> list[str]:
    lines = ["## In short", ""]
    if not report.summary:
        return [*lines, "No analysis: the data could not be computed (see the caveats).", ""]
    lines += [f"- **{badge}**: {sentence}" for badge, sentence in report.summary]
    return [*lines, ""]


def _scorecard(report: Report) -> list[str]:
    period = next((r.period for r in report.scorecard if r.period), "")
    title = "## Scorecard" + (f" (latest period {period})" if period else "")
    rows = [
        (r.name, f"**{r.badge}**", r.current, r.target, r.change, r.spark or "-")
        for r in report.scorecard
    ]
    return [title, "", *table(SCORE_COLUMNS, rows), ""]


def _decisions(report: Report) -> list[str]:
    lines = ["## Decision and actions", ""]
    d = report.decision
    if d is None:
        lines.append("No decision recorded yet.")
    else:
        who = f" by {d.decided_by}" if d.decided_by else ""
        lines.append(f"**{report.decision_words(d)}** ({d.date.isoformat()}{who}).")
        if d.rationale:
            lines += ["", " ".join(d.rationale.split())]
    earlier = [x for x in report.decisions if x is not d]
    if earlier:
        lines += ["", "Earlier decisions:"]
        lines += [
            f"- {x.date.isoformat()}: {report.decision_words(x)}"
            + (f". {' '.join(x.rationale.split())}" if x.rationale else "")
            for x in earlier
        ]
    lines.append("")
    if report.actions:
        rows = [
            (a.id, a.title, a.owner, a.due.isoformat() if a.due else "-", report.action_words(a))
            for a in report.actions
        ]
        if report.overdue:
            lines += [f"**{report.overdue} overdue** {report.as_of_words}.", ""]
        lines += [*table(("Action", "What", "Owner", "Due", "Status"), rows), ""]
    else:
        lines += ["No actions recorded.", ""]
    if report.notes:
        lines += ["Meeting notes:", ""]
        lines += [
            f"- {n.date.isoformat()}{f' ({n.author})' if n.author else ''}:"
            f" {' '.join(n.text.split())}"
            for n in report.notes
        ]
        lines.append("")
    return lines


def _outcome(report: Report) -> list[str]:
    """After the review: continued, adopted (the new baselines), closed."""
    if not report.closing:
        return []
    lines = ["## Outcome", ""]
    lines += [f"- {line}" for line in report.closing.lines]
    lines.append("")
    if report.closing.baselines:
        header = ("Metric", "Baseline before", "Adopted baseline")
        lines += [*table(header, report.closing.baselines), ""]
    return lines


def _caveats(report: Report) -> list[str]:
    lines = ["## Data-quality caveats", ""]
    if not report.caveats:
        return [*lines, "None: no warnings or errors in the data behind these figures.", ""]
    lines.append("What could change the conclusions above:")
    lines.append("")
    for c in report.caveats:
        advice = f" What to do: {c.advice}." if c.advice else ""
        lines.append(f"- **{c.badge}** {c.where}: {c.message}.{advice}")
    return [*lines, ""]


def _lineage(lineage: Lineage) -> list[str]:
    rows: list[tuple[str, str]] = [("Source", lineage.source), ("Files", ", ".join(lineage.files))]
    if lineage.rolled_up_from is not None:
        rows.append(("Events rolled up", f"{lineage.rolled_up_from:,}"))
    if lineage.rows_read is not None:
        rows.append(("Rows in", f"{lineage.rows_read:,}"))
        rows.append(("Rows kept", f"{lineage.rows_kept:,}"))
        dropped = sum(c for _r, c in lineage.dropped)
        why = "; ".join(f"{c:,}: {r}" for r, c in lineage.dropped)
        rows.append(("Rows dropped", f"{dropped:,}" + (f" ({why})" if why else "")))
    if lineage.source_filter:
        rows.append(("Source filter", f"`{lineage.source_filter}`"))
    if lineage.metric_filter:
        rows.append(("Metric filter", f"`{lineage.metric_filter}`"))
    if lineage.kpi:
        rows.append(("KPI", f"`{lineage.kpi}` (see docs/kpis.md)"))
    if lineage.formula:
        rows.append(("Formula", f"`{lineage.formula}`"))
    if lineage.observations is not None:
        rows.append(("Per-ticket values", f"{lineage.observations:,}"))
    return ["Lineage:", "", *table(("", "Value"), rows), ""]


def _metric(section: MetricSection, audience: str) -> list[str]:
    # "Incidents, incidents" says the unit twice
    unit = f", {section.unit}" if section.unit and section.unit not in section.name.lower() else ""
    lines = [
        f"### {section.name}{unit}: {section.badge}",
        "",
        f"{section.direction.capitalize()} is better."
        f" Now {fmt.value(section.actual, section.unit)}"
        + (f" ({section.actual_period})" if section.actual_period else "")
        + f", target {fmt.value(section.target, section.unit)},"
        f" baseline {fmt.value(section.baseline, section.unit)}.",
        "",
    ]
    lines += [" ".join(section.verdict)] if section.verdict else ["No verdict: no analysis."]
    lines += ["", "```text", text_chart(section.chart), "```", ""]
    rows = [
        (
            p.period,
            fmt.value(p.value, section.unit),
            f"{p.n:,}",
            "yes" if p.complete else "no: not over or cut off",
        )
        for p in section.periods
    ]
    lines += [*table(("Period", "Value", "Rows", "Complete"), rows), ""]
    if audience == "it":
        if section.statistics:
            lines += ["Statistics:", ""]
            lines += [f"- {label}: {' '.join(text.split())}" for label, text in section.statistics]
            lines.append("")
        if section.lineage is not None:
            lines += _lineage(section.lineage)
    return lines


def report_to_markdown(report: Report) -> str:
    lines = _header(report) + _summary(report) + _outcome(report) + _scorecard(report)
    lines += _decisions(report) + _caveats(report)
    lines += ["## Metrics", ""]
    for section in report.metrics:
        lines += _metric(section, report.audience)
    lines.append(f"*Generated by csi-tui from `{report.path or report.cycle_id}`.*")
    return "\n".join(lines) + "\n"
