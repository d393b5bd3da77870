"""Period-level data-quality checks: on one source's counts of rows per period.

Which periods were not measured (outside the data's dates), have not started or ended, run past
the cycle's end or were cut off by the export, which have no rows, and whether the last one
collapsed. A period any check marks incomplete is left out of the analysis and of the checks
after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median

from csi_tui.cycle.sources import Source
from csi_tui.data.periods import Period
from csi_tui.data.results import Finding

COLLAPSE_RATIO = 0.5  # last period below half the median volume: probably a cut-off export
LISTED = 6  # periods named in a finding's message before " ..."


def period_findings(
    source: Source,
    periods: tuple[Period, ...],
    counts: dict[date, int],
    today: date,
    last_data: date | None,
    cycle_end: date | None = None,
    first_data: date | None = None,
) -> tuple[list[Finding], set[str]]:
    """Empty periods, periods not started or not over yet, a last period that runs past the
    cycle's end (``cycle_end``: its last day), periods outside the data's dates
    (``first_data``, ``last_data``), a volume collapse. Returns findings and the labels of
    incomplete periods."""
    out, incomplete = _not_measured(source, periods, today, last_data, first_data)
    for p in periods:
        if p.label in incomplete:
            continue
        found = _incomplete(source, p, today, last_data, cycle_end)
        if found is not None:
            incomplete.add(p.label)
            out.append(found)
    if source.kind == "outages":
        # A period without outages is good news, not missing data.
        return out, incomplete
    out += _empty_periods(source, periods, counts, incomplete)
    collapse = _volume_collapse(source, periods, counts, incomplete)
    if collapse is not None:
        label, finding = collapse
        incomplete.add(label)
        out.append(finding)
    return out, incomplete


# ---------------------------------------------------------------- outside the data's dates
def _not_measured(
    source: Source,
    periods: tuple[Period, ...],
    today: date,
    last_data: date | None,
    first_data: date | None,
) -> tuple[list[Finding], set[str]]:
    """One finding for the periods that start after the data ends, one for those that end
    before it starts, and the labels of all of them. A period wholly outside the export's dates
    was not measured: a count of 0 there would read as "fell to 0" (outages are different: no
    outage rows is good news)."""
    if source.kind == "outages":
        return [], set()
    # (A period not over yet says so instead, in ``_incomplete``: that is why it has no data.)
    after_end = [
        p for p in periods if last_data is not None and last_data < p.start and p.end <= today
    ]
    before_start = [p for p in periods if first_data is not None and p.end <= first_data]
    out: list[Finding] = []
    if after_end:
        out.append(
            _unmeasured_group(
                source, after_end, "after_data_end", "start", "after the data ends",
                last_data, "stops before",
            )
        )  # fmt: skip
    if before_start:
        out.append(
            _unmeasured_group(
                source, before_start, "before_data_start", "end", "before the data starts",
                first_data, "starts after",
            )
        )  # fmt: skip
    return out, {p.label for p in (*after_end, *before_start)}


def _unmeasured_group(
    source: Source,
    group: Sequence[Period],
    code: str,
    verb: str,
    relation: str,
    when: date | None,
    export: str,
) -> Finding:
    one = len(group) == 1
    subject = f"{group[0].label} {verb}s" if one else f"{len(group)} periods {verb}"
    listed = _listed([p.label for p in group])
    return Finding(
        "warning",
        code,
        f"{subject} {relation} on {when}" + ("" if one else f": {listed}"),
        f"the export {export} the cycle does: not measured, so marked incomplete and"
        " left out of the analysis; re-export the full window or move the cycle's dates",
        source=source.id,
        period=group[0].label if one else None,
        count=len(group),
    )


def _listed(labels: Sequence[str]) -> str:
    return ", ".join(labels[:LISTED]) + (" ..." if len(labels) > LISTED else "")


# ---------------------------------------------------------------- one period at a time
def _incomplete(
    source: Source,
    period: Period,
    today: date,
    last_data: date | None,
    cycle_end: date | None,
) -> Finding | None:
    """Why ``period`` holds only part of its data, if it does: the first of these checks that
    finds something."""
    return (
        _not_started(source, period, today)
        or _not_over(source, period, today)
        or _cut_by_cycle_end(source, period, cycle_end)
        or _cut_off_export(source, period, last_data)
    )


def _not_started(source: Source, p: Period, today: date) -> Finding | None:
    if p.start <= today:
        return None
    return Finding(
        "info",
        "incomplete_period",
        f"{p.label} has not started yet",
        "it has no values until it starts; compare it only when it has ended",
        source=source.id,
        period=p.label,
    )


def _not_over(source: Source, p: Period, today: date) -> Finding | None:
    if p.end <= today:
        return None
    return Finding(
        "info",
        "incomplete_period",
        f"{p.label} is not over yet",
        "its values are partial; compare it only when the period has ended",
        source=source.id,
        period=p.label,
    )


def _cut_by_cycle_end(source: Source, p: Period, cycle_end: date | None) -> Finding | None:
    """E.g. ISO week 2026-W01 (29 Dec to 4 Jan) for a cycle ending 31 Dec: the data for the
    cycle usually stops at its end, so the week is only partly measured."""
    if cycle_end is None or p.end <= cycle_end + timedelta(days=1):
        return None
    inside = (cycle_end - p.start).days + 1
    return Finding(
        "info",
        "cycle_end_cuts_period",
        f"{p.label} runs to {p.end - timedelta(days=1)}, past the cycle's end "
        f"({cycle_end}): only {inside} of its {(p.end - p.start).days} days are in "
        "the cycle",
        "its values may be partial; end the cycle on a period boundary to compare it",
        source=source.id,
        period=p.label,
    )


def _cut_off_export(source: Source, p: Period, last_data: date | None) -> Finding | None:
    """A tickets export whose last date falls inside the period, before its last day."""
    if source.kind != "tickets" or last_data is None:
        return None
    if not p.start <= last_data < p.end - timedelta(days=1):
        return None
    return Finding(
        "warning",
        "cut_off_period",
        f"{p.label}: the data stops on {last_data}, before the period ends",
        "the export looks cut off; re-export the full period",
        source=source.id,
        period=p.label,
    )


# ---------------------------------------------------------------- across the complete periods
def _empty_periods(
    source: Source, periods: tuple[Period, ...], counts: dict[date, int], incomplete: set[str]
) -> list[Finding]:
    empty = [p.label for p in periods if not counts.get(p.start) and p.label not in incomplete]
    if not empty:
        return []
    return [
        Finding(
            "warning",
            "empty_periods",
            f"{len(empty)} periods have no rows: {_listed(empty)}",
            "check the cycle's dates against the data, or a gap in the export",
            source=source.id,
            count=len(empty),
        )
    ]


def _volume_collapse(
    source: Source, periods: tuple[Period, ...], counts: dict[date, int], incomplete: set[str]
) -> tuple[str, Finding] | None:
    """The last complete period of a tickets source with under ``COLLAPSE_RATIO`` of the
    median rows of those before it (at least three before it): its label and finding."""
    complete = [p for p in periods if p.label not in incomplete]
    full = [counts.get(p.start, 0) for p in complete]
    if source.kind != "tickets" or len(full) < 4:
        return None
    last, typical = full[-1], median(full[:-1])
    if not (typical > 0 and last < COLLAPSE_RATIO * typical):
        return None
    label = complete[-1].label
    return label, Finding(
        "warning",
        "volume_collapse",
        f"{label} has {last} rows against a typical {typical:g}",
        "the export may be cut off; the period is marked incomplete",
        source=source.id,
        period=label,
        count=last,
    )
