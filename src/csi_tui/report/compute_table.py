"""``csi-tui compute --format table``: plain text for a terminal or a log, 80 columns wide.

Severity is spelt out beside its glyph, never shown by colour alone. The glyphs are the TUI's
step 3 ones; ▲ is never used for a problem, since everywhere else in csi-tui it means improvement.
With the step-5 analysis, each metric also shows its status badge (glyph and word) and the
Status / Shift / Trend / Assure / Guard lines and the verdict of the TUI's step 5, wrapped under
their labels so no line passes 80 columns.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from csi_tui.analysis import fmt
from csi_tui.analysis.results import LABEL_GLYPHS, CycleAnalysis, MetricAnalysis
from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult, Finding

GLYPH = {"error": "✖ ERROR", "warning": "⚠ WARNING", "info": "ℹ INFO"}
WIDTH = 80
# The step-5 lines in the order a reviewer reads them (as in the TUI's numbers panel).
ANALYSIS_ROWS = (("shift", "Shift"), ("trend", "Trend"), ("assure", "Assure"))
LABEL = 9  # "  Verdict" and the space after the longest label


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` after ``first``, continued under ``rest``, no line wider than WIDTH."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _row(label: str, text: str) -> list[str]:
    return _wrap(text, f"  {label:<{LABEL - 2}} ", " " * (LABEL + 1))


def _analysis(found: MetricAnalysis) -> list[str]:
    lines = dict(found.lines)
    badge = found.expectation.badge
    # the analysis' status line starts with the badge: say it once, with even spacing
    status = lines.get("status", "").removeprefix(badge).strip()
    out = _row("Status", f"{badge}  {status}".strip())
    for key, title in ANALYSIS_ROWS:
        if lines.get(key):
            out += _row(title, lines[key])
    flagged = found.flagged_guardrails
    for flag in flagged:
        out += _row("Guard", f"{LABEL_GLYPHS['concern']} concern {flag.sentence}")
    if not flagged and lines.get("guard"):
        out += _row("Guard", lines["guard"])
    for index, sentence in enumerate(found.verdict):
        out += _row("Verdict" if index == 0 else "", sentence)
    for warning in found.warnings:
        out += _row("Note", warning)
    return out


def _finding(f: Finding, indent: str = "  ") -> list[str]:
    where = f" [{f.period}]" if f.period else ""
    advice = f" — {f.advice}" if f.advice else ""
    return _wrap(f"{GLYPH[f.severity]}{where}: {f.message}{advice}", indent, indent + "  ")


def compute_to_table(
    cycle: Cycle,
    result: ComputeResult,
    metric_ids: Iterable[str] | None = None,
    analysis: CycleAnalysis | None = None,
) -> str:
    wanted = set(metric_ids) if metric_ids is not None else None
    lines = [
        f"{cycle.cycle.title} ({cycle.id}) · {result.grain} periods · {result.timezone}",
        "",
        "Sources",
    ]
    for s in result.sources:
        dropped = sum(d.count for d in s.dropped)
        rolled = f" (rolled up to {s.rolled_up_to:,} tickets)" if s.rolled_up_to is not None else ""
        lines.append(
            f"  {s.id}: {s.rows_read:,} read{rolled}, {s.rows_kept:,} kept, {dropped:,} dropped"
        )
        lines.extend(f"    - {d.reason}: {d.count:,}" for d in s.dropped)
        for f in s.findings:
            lines += _finding(f, "    ")
    for m in result.metrics:
        if wanted is not None and m.metric_id not in wanted:
            continue
        metric = cycle.metric(m.metric_id)
        name = metric.name if metric else m.metric_id
        unit = f", {m.unit}" if m.unit else ""
        found = analysis.metric(m.metric_id) if analysis is not None else None
        badge = f" · {found.expectation.badge}" if found is not None else ""
        lines += ["", *_wrap(f"{name} ({m.metric_id}{unit}){badge}", "", "  ")]
        lines.append(f"  {'period':<10} {'value':>12} {'n':>8}")
        for p in m.periods:
            flag = "  not complete" if not p.complete else ""
            lines.append(f"  {p.period:<10} {fmt.number(p.value, m.unit):>12} {p.n:>8}{flag}")
        for column, values in m.breakdowns.items():
            groups = sorted({b.group for b in values})
            lines.append(f"  by {column}: {len(groups)} groups (see --format json or csv)")
        for f in m.findings:
            lines += _finding(f)
        if found is not None:
            lines += _analysis(found)
    return "\n".join(lines) + "\n"
