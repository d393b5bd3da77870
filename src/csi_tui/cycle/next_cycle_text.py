"""The next cycle's file, written from the adopted file's text (through tomlkit) so the team's
comments carry over: a new identity, the adopted values as baselines, no meeting records, and
source paths still pointing at the same files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.analysis.adoption import AdoptedValue
from csi_tui.cycle import model
from csi_tui.cycle.edit import set_key
from csi_tui.cycle.next_cycle import NextCycle
from csi_tui.errors import CsiError

# What belongs to the adopted cycle's meetings and not to the next cycle.
MEETING_KEYS = ("notes", "decisions", "actions", "adoption", "extensions", "outcome", "meetings")
# Dates of the adopted cycle's change; the next cycle sets its own.
ANALYSIS_DATES = ("change_date", "baseline_start", "baseline_end")


def next_cycle_text(
    cycle: model.Cycle,
    plan: NextCycle,
    values: Sequence[AdoptedValue],
    *,
    today: date,
    carry_targets: bool = True,
) -> str:
    """The next cycle's TOML, written from the adopted file's text so its comments carry over."""
    assert cycle.path is not None
    doc = _read(cycle.path)
    _renew_identity(doc, cycle, plan)
    _drop_adopted_records(doc)
    reached = _carry_metrics(doc, cycle, plan, values, carry_targets)
    _rebase_sources(doc, cycle.path.parent, plan.path.parent)
    method = values[0].method if values else cycle.analysis.adopt_baseline
    return _header(cycle, today, method, carry_targets, reached) + tomlkit.dumps(doc)


def _read(path: Path) -> TOMLDocument:
    return tomlkit.parse(path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8"))


def _renew_identity(doc: TOMLDocument, cycle: model.Cycle, plan: NextCycle) -> None:
    """``[cycle]``: the new id and dates, a draft that follows the adopted cycle."""
    info = doc.get("cycle")
    if not isinstance(info, Table):
        raise CsiError.one("the file has no [cycle] table", file=cycle.path)
    set_key(info, "id", plan.id)
    set_key(info, "status", "draft")
    set_key(info, "start", plan.start)
    set_key(info, "end", plan.end)
    set_key(info, "previous", cycle.id)


def _drop_adopted_records(doc: TOMLDocument) -> None:
    """The adopted cycle's meeting records and change dates stay with it."""
    for key in MEETING_KEYS:
        if key in doc:
            del doc[key]
    # The agenda's steps and time boxes are the team's template; its topics were this review's.
    for item in _tables(doc, "agenda"):
        if "topic" in item:
            del item["topic"]
    analysis = doc.get("analysis")
    if isinstance(analysis, Table | InlineTable):
        for key in ANALYSIS_DATES:
            if key in analysis:
                del analysis[key]


def _carry_metrics(
    doc: TOMLDocument,
    cycle: model.Cycle,
    plan: NextCycle,
    values: Sequence[AdoptedValue],
    carry_targets: bool,
) -> list[str]:
    """Each metric's adopted value as its baseline; its target and amber dropped when targets
    are not carried or the baseline already reaches them; a review date now past dropped.
    Returns the targets already reached, as ``<id> (was <target>)``."""
    adopted = {v.metric_id: v for v in values}
    reached: list[str] = []
    for table in _tables(doc, "metrics"):
        value = adopted.get(str(table.get("id")))
        baseline = value.next_baseline if value is not None else None
        if baseline is not None:
            set_key(table, "baseline", baseline)
        target = _reached_target(cycle.metric(str(table.get("id"))), baseline)
        if target is not None:
            reached.append(f"{table.get('id')} (was {target:g})")
        if not carry_targets or target is not None:
            for key in ("target", "amber"):
                if key in table:
                    del table[key]
        target_date = table.get("target_date")
        if isinstance(target_date, date) and target_date < plan.start:
            del table["target_date"]  # the adopted cycle's review date, past now
    return reached


def _reached_target(metric: model.Metric | None, baseline: float | None) -> float | None:
    """The metric's target when the new baseline already reaches it (no goal for the next
    cycle), else None."""
    if metric is None or metric.target is None or baseline is None:
        return None
    target = metric.target
    reached = baseline <= target if metric.direction == "lower" else baseline >= target
    return target if reached else None


def rebase_path(path: str, old_folder: Path, new_folder: Path) -> str:
    """A source path relative to the old file, made right relative to the new one."""
    given = Path(path).expanduser()
    if given.is_absolute() or path.startswith("~") or old_folder == new_folder:
        return path
    return Path(os.path.relpath(old_folder / given, new_folder)).as_posix()


def _rebase_sources(doc: TOMLDocument, old_folder: Path, new_folder: Path) -> None:
    for table in _tables(doc, "sources"):
        path = table.get("path")
        if isinstance(path, str):
            rebased = rebase_path(path, old_folder, new_folder)
            if rebased != path:
                set_key(table, "path", rebased)


def _header(
    cycle: model.Cycle,
    today: date,
    method: model.AdoptBaseline,
    carry_targets: bool,
    reached: Sequence[str],
) -> str:
    """Comment lines on top of the new file: where it came from and what to review."""
    lines = [
        f"Opened by csi-tui on {today} when {cycle.id} was adopted: the baselines are",
        f"its results ({method}); set [analysis] change_date when the next change goes live.",
    ]
    if not carry_targets:
        lines.append("Targets are left for the team to set.")
    else:
        lines.append("Targets carried over: review them.")
        if reached:
            lines.append("Targets the new baselines already reach, left to set:")
            lines.append(", ".join(reached))
    return "".join(f"# {line}\n" for line in lines)


def _tables(doc: TOMLDocument, key: str) -> list[Table | InlineTable]:
    items = doc.get(key)
    if isinstance(items, AoT | Array):
        return [t for t in items if isinstance(t, Table | InlineTable)]
    return []
