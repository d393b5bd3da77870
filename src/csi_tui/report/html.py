"""The report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched.

Readable on a phone (viewport meta, one column, wide tables scroll in their own box), printed
(``@media print``: black on white, charts kept whole on a page) and in the reader's light or dark
preference (``prefers-color-scheme``). Status is glyph and word, as everywhere in csi-tui; the
exact value of each period is kept in ``data-value`` so a script (and the tests) can read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from csi_tui.analysis import fmt
from csi_tui.data.periods import grain_noun
from csi_tui.report.markdown import AUDIENCE_WORDS, SCORE_COLUMNS
from csi_tui.report.report_model import Lineage, MetricSection, Report
from csi_tui.report.svg_chart import svg_chart

CSS = """
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --series: #0b5cad; --target: #a15c00; --baseline: #6e7781; --limit: #8250df;
  --centre: #8250df; --change: #cf222e; --good: #116329; --amber: #8a5a00; --bad: #b3261e; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
  --series: #6cb6ff; --target: #f0b72f; --baseline: #9da7b3; --limit: #d2a8ff;
  --centre: #d2a8ff; --change: #ff7b72; --good: #56d364; --amber: #e3b341; --bad: #ff7b72; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: .2rem 0 .4rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid var(--line); } h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.meta, .muted { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--panel); } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 700; white-space: nowrap; }
.status.met { color: var(--good); } .status.at_risk { color: var(--amber); }
.status.missed { color: var(--bad); } .status.unknown { color: var(--muted); }
.spark { font-family: ui-monospace, monospace; letter-spacing: -1px; white-space: nowrap; }
.caveat.error { border-left: 4px solid var(--bad); }
.caveat.warning { border-left: 4px solid var(--amber); }
.caveats li { padding-left: .5rem; margin: .3rem 0; list-style: none; }
.caveats { padding-left: 0; }
code { font-family: ui-monospace, monospace; font-size: .9em; background: var(--panel);
  padding: 0 .2em; }
figure { margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: var(--muted); font-size: .9rem; }
svg.chart { width: 100%; height: auto; display: block; }
svg .plot { fill: var(--panel); } svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); } svg text { fill: var(--fg); font: 11px system-ui, sans-serif; }
svg .tick, svg .axis-title, svg .legend-text { fill: var(--muted); }
svg .series { fill: none; stroke: var(--series); stroke-width: 2.2; }
svg .point { fill: var(--series); stroke: var(--bg); stroke-width: 1; }
svg .point.partial { fill: var(--bg); stroke: var(--series); stroke-width: 1.5; }
svg .target { stroke: var(--target); stroke-width: 2; stroke-dasharray: 8 4; }
svg .baseline { stroke: var(--baseline); stroke-width: 1.5; stroke-dasharray: 2 3; }
svg .limit { stroke: var(--limit); stroke-width: 1.2; stroke-dasharray: 1 3; }
svg .centre { stroke: var(--centre); stroke-width: 1.2; stroke-dasharray: 10 3 2 3; }
svg .change { stroke: var(--change); stroke-width: 1.5; } svg .change-label { fill: var(--change); }
svg .signal { font-size: 13px; } svg .signal.improvement { fill: var(--good); }
svg .signal.concern { fill: var(--bad); } svg .note { fill: var(--muted); font-size: 14px; }
details { margin: .5rem 0; } summary { cursor: pointer; color: var(--muted); }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 15px; } th, td { padding: .25rem .35rem; } }
@media print {
  /* paper is white whatever the screen's preference: the light palette, darker still */
  :root { --bg: #fff; --fg: #000; --muted: #333; --panel: #f2f2f2; --line: #999;
    --series: #0b5cad; --target: #8a4b00; --baseline: #555; --limit: #6a3fc0; --centre: #6a3fc0;
    --change: #b3261e; --good: #0f5a25; --amber: #7a4f00; --bad: #a31d16; }
  body { max-width: none; font-size: 11pt; } h2 { break-after: avoid; } details { display: block; }
  a { color: inherit; text-decoration: none; } .scroll { overflow: visible; }
}
"""


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "", raw: bool = False
) -> str:
    """``raw``: cells are already HTML (otherwise escaped)."""
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{c if raw else escape(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    attr = f' class="{cls}"' if cls else ""
    return (
        f'<div class="scroll"><table{attr}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _badge(status: str, text: str) -> str:
    return f'<span class="status {escape(status)}">{escape(text)}</span>'


def _header(report: Report) -> str:
    when = report.generated.strftime("%Y-%m-%d %H:%M") if report.generated else "not computed"
    change = f", change live on {report.change_date.isoformat()}" if report.change_date else ""
    return (
        f"<header><h1>{escape(report.heading)}</h1><p class='meta'>Cycle"
        f" <code>{escape(report.cycle_id)}</code>, owner {escape(report.owner)},"
        f" {report.start.isoformat()} to {report.end.isoformat()}"
        f" ({escape(report.period_words)}{escape(change)}), status {escape(report.status)}."
        f" Report {escape(AUDIENCE_WORDS[report.audience])}, computed {when}.</p></header>"
    )


def _outcome(report: Report) -> str:
    """After the review: continued, adopted (the new baselines), closed."""
    if not report.closing:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in report.closing.lines)
    out = [f"<h2 id='outcome'>Outcome</h2><ul>{items}</ul>"]
    if report.closing.baselines:
        header = ("Metric", "Baseline before", "Adopted baseline")
        out.append(_table(header, report.closing.baselines))
    return "".join(out)


def _summary(report: Report) -> str:
    if not report.summary:
        return (
            "<h2>In short</h2><p>No analysis: the data could not be computed (see the caveats).</p>"
        )
    statuses = {s.badge: s.status for s in report.metrics}
    items = "".join(
        f"<li>{_badge(statuses.get(badge, 'unknown'), badge)} {escape(sentence)}</li>"
        for badge, sentence in report.summary
    )
    return f"<h2 id='in-short'>In short</h2><ul class='summary'>{items}</ul>"


def _scorecard(report: Report) -> str:
    period = next((r.period for r in report.scorecard if r.period), "")
    title = "Scorecard" + (f" (latest period {period})" if period else "")
    rows = [
        (
            f"<a href='#m-{escape(r.metric_id)}'>{escape(r.name)}</a>",
            _badge(r.status, r.badge),
            escape(r.current),
            escape(r.target),
            escape(r.change),
            f"<span class='spark' aria-label='trend'>{escape(r.spark or '-')}</span>",
        )
        for r in report.scorecard
    ]
    table = _table(SCORE_COLUMNS, rows, cls="scorecard", raw=True)
    return f"<h2 id='scorecard'>{escape(title)}</h2>{table}"


def _decisions(report: Report) -> str:
    out = ["<h2 id='decision'>Decision and actions</h2>"]
    d = report.decision
    if d is None:
        out.append("<p>No decision recorded yet.</p>")
    else:
        who = f" by {d.decided_by}" if d.decided_by else ""
        out.append(
            f"<p><strong>{escape(report.decision_words(d))}</strong>"
            f" ({d.date.isoformat()}{escape(who)}).</p>"
        )
        if d.rationale:
            out.append(f"<p>{escape(' '.join(d.rationale.split()))}</p>")
    earlier = [x for x in report.decisions if x is not d]
    if earlier:
        items = "".join(
            f"<li>{x.date.isoformat()}: {escape(report.decision_words(x))}"
            + (f". {escape(' '.join(x.rationale.split()))}" if x.rationale else "")
            + "</li>"
            for x in earlier
        )
        out.append(f"<p>Earlier decisions:</p><ul>{items}</ul>")
    if report.actions:
        rows = [
            (
                a.id,
                a.title,
                a.owner,
                a.due.isoformat() if a.due else "-",
                report.action_words(a),
            )
            for a in report.actions
        ]
        if report.overdue:
            out.append(f"<p><strong>{report.overdue} overdue</strong> {report.as_of_words}.</p>")
        out.append(_table(("Action", "What", "Owner", "Due", "Status"), rows, cls="actions"))
    else:
        out.append("<p>No actions recorded.</p>")
    if report.notes:
        items = "".join(
            f"<li>{n.date.isoformat()}{escape(f' ({n.author})' if n.author else '')}:"
            f" {escape(' '.join(n.text.split()))}</li>"
            for n in report.notes
        )
        out.append(f"<p>Meeting notes:</p><ul class='notes'>{items}</ul>")
    return "".join(out)


def _caveats(report: Report) -> str:
    head = "<h2 id='caveats'>Data-quality caveats</h2>"
    if not report.caveats:
        return head + "<p>None: no warnings or errors in the data behind these figures.</p>"
    items = "".join(
        f"<li class='caveat {escape(c.severity)}'><strong>{escape(c.badge)}</strong>"
        f" {escape(c.where)}: {escape(c.message)}."
        + (f" <span class='muted'>What to do: {escape(c.advice)}.</span>" if c.advice else "")
        + "</li>"
        for c in report.caveats
    )
    return head + f"<p>What could change the conclusions above:</p><ul class='caveats'>{items}</ul>"


def _lineage(lineage: Lineage) -> str:
    rows: list[tuple[str, str]] = [
        ("Source", escape(lineage.source)),
        ("Files", ", ".join(f"<code>{escape(f)}</code>" for f in lineage.files)),
    ]
    if lineage.rolled_up_from is not None:
        rows.append(("Events rolled up", f"{lineage.rolled_up_from:,}"))
    if lineage.rows_read is not None:
        dropped = sum(c for _r, c in lineage.dropped)
        why = "; ".join(f"{c:,}: {escape(r)}" for r, c in lineage.dropped)
        rows += [
            ("Rows in", f"{lineage.rows_read:,}"),
            ("Rows kept", f"{lineage.rows_kept:,}"),
            ("Rows dropped", f"{dropped:,}" + (f" ({why})" if why else "")),
        ]
    for label, code in (
        ("Source filter", lineage.source_filter),
        ("Metric filter", lineage.metric_filter),
        ("KPI", lineage.kpi),
        ("Formula", lineage.formula),
    ):
        if code:
            rows.append((label, f"<code>{escape(code)}</code>"))
    if lineage.observations is not None:
        rows.append(("Per-ticket values", f"{lineage.observations:,}"))
    return "<h4>Lineage</h4>" + _table(("", "Value"), rows, cls="lineage", raw=True)


def _metric(section: MetricSection, report: Report) -> str:
    # "Incidents, incidents" says the unit twice
    unit = f", {section.unit}" if section.unit and section.unit not in section.name.lower() else ""
    chart_id = f"chart-{section.metric_id}"
    grain = grain_noun(report.grain)
    out = [
        f"<section class='metric' id='m-{escape(section.metric_id)}'>",
        f"<h3>{escape(section.name + unit)}: {_badge(section.status, section.badge)}</h3>",
        f"<p class='muted'>{escape(section.direction.capitalize())} is better. Now"
        f" {escape(fmt.value(section.actual, section.unit))}"
        + (f" ({escape(section.actual_period)})" if section.actual_period else "")
        + f", target {escape(fmt.value(section.target, section.unit))},"
        f" baseline {escape(fmt.value(section.baseline, section.unit))}.</p>",
    ]
    verdict = " ".join(section.verdict) if section.verdict else "No verdict: no analysis."
    out.append(f"<p class='verdict'>{escape(verdict)}</p>")
    out.append(
        f"<figure>{svg_chart(section.chart, chart_id, grain)}"
        f"<figcaption>{escape(section.chart.title)}, per {escape(grain)}.</figcaption></figure>"
    )
    rows = "".join(
        f"<tr><td>{escape(p.period)}</td>"
        f"<td class='num' data-value='{'' if p.value is None else repr(p.value)}'>"
        f"{escape(fmt.value(p.value, section.unit))}</td>"
        f"<td class='num'>{p.n:,}</td>"
        f"<td>{'yes' if p.complete else 'no: not over or cut off'}</td></tr>"
        for p in section.periods
    )
    out.append(
        "<details open><summary>Values per period</summary><div class='scroll'>"
        f"<table class='periods' data-metric='{escape(section.metric_id)}'><thead><tr>"
        "<th scope='col'>Period</th><th scope='col'>Value</th><th scope='col'>Rows</th>"
        f"<th scope='col'>Complete</th></tr></thead><tbody>{rows}</tbody></table></div></details>"
    )
    if report.audience == "it":
        if section.statistics:
            items = "".join(
                f"<li><strong>{escape(label)}</strong>: {escape(' '.join(text.split()))}</li>"
                for label, text in section.statistics
            )
            out.append(f"<h4>Statistics</h4><ul class='statistics'>{items}</ul>")
        if section.lineage is not None:
            out.append(_lineage(section.lineage))
    out.append("</section>")
    return "".join(out)


def report_to_html(report: Report) -> str:
    body = [
        _header(report),
        "<main>",
        _summary(report),
        _outcome(report),
        _scorecard(report),
        _decisions(report),
        _caveats(report),
        "<h2 id='metrics'>Metrics</h2>",
        *(_metric(s, report) for s in report.metrics),
        "</main>",
        f"<footer><p class='muted'>Generated by csi-tui from"
        f" <code>{escape(report.path or report.cycle_id)}</code>.</p></footer>",
    ]
    title = f"{report.heading}: report"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta name='color-scheme' content='light dark'>"
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
