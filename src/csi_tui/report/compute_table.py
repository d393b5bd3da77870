"""``csi-tui compute --format table``: plain text for a terminal or a log, 80 columns wide.

Severity is spelt out beside its glyph, never shown by colour alone. The glyphs are the TUI's
step 3 ones; ▲ is never used for a problem, since everywhere else in csi-tui it means improvement.
"""

from __future__ import annotations

from collections.abc import Iterable

from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult, Finding

GLYPH = {"error": "✖ ERROR", "warning": "⚠ WARNING", "info": "ℹ INFO"}


def _fmt(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def _finding(f: Finding) -> str:
    where = f" [{f.period}]" if f.period else ""
    advice = f" — {f.advice}" if f.advice else ""
    return f"  {GLYPH[f.severity]}{where}: {f.message}{advice}"


def compute_to_table(
    cycle: Cycle, result: ComputeResult, metric_ids: Iterable[str] | None = None
) -> str:
    wanted = set(metric_ids) if metric_ids is not None else None
    lines = [
        f"{cycle.cycle.title} ({cycle.id}) · {result.grain} periods · {result.timezone}",
        "",
        "Sources",
    ]
    for s in result.sources:
        dropped = sum(d.count for d in s.dropped)
        lines.append(f"  {s.id}: {s.rows_read:,} read, {s.rows_kept:,} kept, {dropped:,} dropped")
        lines.extend(f"    - {d.reason}: {d.count:,}" for d in s.dropped)
        lines.extend("  " + _finding(f) for f in s.findings)
    for m in result.metrics:
        if wanted is not None and m.metric_id not in wanted:
            continue
        metric = cycle.metric(m.metric_id)
        name = metric.name if metric else m.metric_id
        unit = f", {m.unit}" if m.unit else ""
        lines += ["", f"{name} ({m.metric_id}{unit})", f"  {'period':<10} {'value':>12} {'n':>8}"]
        for p in m.periods:
            flag = "  not complete" if not p.complete else ""
            lines.append(f"  {p.period:<10} {_fmt(p.value):>12} {p.n:>8}{flag}")
        for column, values in m.breakdowns.items():
            groups = sorted({b.group for b in values})
            lines.append(f"  by {column}: {len(groups)} groups (see --format json or csv)")
        lines.extend(_finding(f) for f in m.findings)
    return "\n".join(lines) + "\n"
