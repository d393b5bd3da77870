"""Step 7: adopt the results as the new baseline, continue testing, or reject; each written to
the files with the comments people wrote kept, and nothing half-written.

- **adopt** writes the next cycle's file (from the adopted file's text, through tomlkit, so the
  team's comments carry over), then records ``[adoption]``, ``[outcome]`` and
  ``[cycle] status = "closed"`` in the adopted file (nothing else in it changes), then closes the
  register entry. Should a later write fail, the earlier ones are undone: the new file removed,
  the adopted file put back byte for byte.
- **continue testing** moves ``[cycle] end`` later and records why in ``[[extensions]]``.
- **reject** records ``[outcome]`` unsuccessful with the reason, closes the cycle and its register
  entry; the baselines stay as they were.

Every refusal is a ``CsiError`` raised before anything is written.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.analysis.adoption import AdoptedValue, not_met
from csi_tui.cycle import model
from csi_tui.cycle.edit import (
    append_record,
    edit_cycle,
    edit_register,
    find_table,
    new_table,
    set_key,
)
from csi_tui.cycle.history import previous_chain
from csi_tui.cycle.load import parse_cycle
from csi_tui.cycle.save import atomic_write, check_unchanged, file_hash
from csi_tui.data.results import ComputeResult
from csi_tui.errors import CsiError

# What belongs to the adopted cycle's meetings and not to the next cycle.
MEETING_KEYS = ("notes", "decisions", "actions", "adoption", "extensions", "outcome", "meetings")
# Dates of the adopted cycle's change; the next cycle sets its own.
ANALYSIS_DATES = ("change_date", "baseline_start", "baseline_end")


@dataclass(frozen=True)
class NextCycle:
    """Where and when the next cycle goes."""

    id: str
    start: date
    end: date
    path: Path


@dataclass(frozen=True)
class Adopted:
    cycle: model.Cycle  # the adopted cycle, closed, as saved
    next_cycle: model.Cycle  # the new file, as saved
    register: model.Register | None  # None: the cycle names no register entry


@dataclass(frozen=True)
class Rejected:
    cycle: model.Cycle
    register: model.Register | None


# ---------------------------------------------------------------- the next cycle's id and dates
_QUARTER = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<sep>[-_]?)(?P<q>[qQ])[1-4]$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def next_dates(cycle: model.Cycle, start: date | None = None) -> tuple[date, date]:
    """The next cycle's start (default: the day after this one ends) and end (the same length:
    in whole months when the cycle runs from a 1st to a month's last day, else in days)."""
    info = cycle.cycle
    begin = start or info.end + timedelta(days=1)
    whole_months = info.start.day == 1 and info.end.day == _last_day(info.end)
    if whole_months and begin.day == 1:
        months = (info.end.year - info.start.year) * 12 + info.end.month - info.start.month + 1
        last = _add_months(begin, months - 1)
        return begin, last.replace(day=_last_day(last))
    return begin, begin + (info.end - info.start)


def suggested_extension(cycle: model.Cycle) -> date:
    """A new end for continue testing: a quarter of the cycle's length more (at least a month,
    to a month's end, for a cycle of whole months)."""
    info = cycle.cycle
    if info.start.day == 1 and info.end.day == _last_day(info.end):
        months = (info.end.year - info.start.year) * 12 + info.end.month - info.start.month + 1
        last = _add_months(info.end.replace(day=1), max(1, months // 4))
        return last.replace(day=_last_day(last))
    return info.end + max(timedelta(days=7), (info.end - info.start) // 4)


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_id(cycle_id: str, start: date) -> str:
    """A trailing year and quarter (``email-2026-q2``) become the new start's; else the last year
    in the id (``email-2026-p1p2-mttr`` -> ``email-2027-p1p2-mttr``); else ``<id>-next``."""
    quarter = _QUARTER.search(cycle_id)
    if quarter is not None:
        q = (start.month - 1) // 3 + 1
        new = f"{cycle_id[: quarter.start()]}{start.year}{quarter['sep']}{quarter['q']}{q}"
        if new != cycle_id:
            return new
    years = list(_YEAR.finditer(cycle_id))
    if years and int(years[-1].group()) < start.year:
        last = years[-1]
        return f"{cycle_id[: last.start()]}{start.year}{cycle_id[last.end() :]}"
    return f"{cycle_id}-next"


def plan_next(
    workspace: model.Workspace,
    cycle: model.Cycle,
    cycle_id: str | None = None,
    start: date | None = None,
) -> NextCycle:
    """The next cycle's id, dates and file (beside the adopted one); refused if it exists."""
    if cycle.path is None:
        raise CsiError.one("this cycle was not loaded from a file", hint="save it first")
    begin, end = next_dates(cycle, start)
    if begin <= cycle.cycle.start:
        raise CsiError.one(
            f"the next cycle cannot start ({begin}) before this one ({cycle.cycle.start})",
            key="--start",
        )
    chosen = cycle_id or next_id(cycle.id, begin)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", chosen):
        raise CsiError.one(
            f"{chosen!r} cannot be a cycle id (it names the file)",
            key="--next-id",
            hint="use letters, digits, '-', '_' and '.'",
        )
    path = cycle.path.parent / f"{chosen}.toml"
    if workspace.cycle(chosen) is not None or path.exists():
        raise CsiError.one(
            f"the next cycle {chosen!r} already exists; nothing was written",
            file=path,
            hint="choose another id with --next-id, or remove that file",
        )
    return NextCycle(id=chosen, start=begin, end=end, path=path)


# ---------------------------------------------------------------- refusals
def _refuse_closed(cycle: model.Cycle, doing: str) -> None:
    if cycle.adoption is not None:
        raise CsiError.one(
            f"cycle {cycle.id!r} was already adopted on {cycle.adoption.date}"
            + (f" (next cycle {cycle.adoption.next_cycle})" if cycle.adoption.next_cycle else "")
            + f"; cannot {doing} it again",
            file=cycle.path,
            key="adoption",
        )
    if cycle.outcome is not None or cycle.cycle.status == "closed":
        result = f" ({cycle.outcome.result})" if cycle.outcome is not None else ""
        raise CsiError.one(
            f"cycle {cycle.id!r} is closed{result}; cannot {doing} it",
            file=cycle.path,
            key="outcome" if cycle.outcome is not None else "cycle.status",
            hint="open the cycle it led to, or start a new one",
        )


def check_can_adopt(workspace: model.Workspace, cycle: model.Cycle) -> None:
    """Refuse adopting whatever the numbers: closed or adopted already, no adopt decision, a
    broken ``previous`` chain, an unknown register entry."""
    _refuse_closed(cycle, "adopt")
    decision = cycle.decision
    if decision is None or decision.decision != "adopt":
        said = f"the latest decision is {decision.decision!r}" if decision else "no decision yet"
        raise CsiError.one(
            f"cycle {cycle.id!r}: {said}; adopting needs an adopt decision",
            file=cycle.path,
            key="decisions",
            hint="record the review's decision (step 6, or [[decisions]] in the file) first",
        )
    previous_chain(workspace, cycle)
    _register_entry(workspace, cycle)


def check_adoptable(
    workspace: model.Workspace,
    cycle: model.Cycle,
    values: Sequence[AdoptedValue],
    override: str = "",
) -> None:
    """As ``check_can_adopt``, and results short of a target need a stated reason."""
    check_can_adopt(workspace, cycle)
    short = not_met(values)
    if short and not override.strip():
        names = ", ".join(f"{v.name} ({v.status.replace('_', ' ')})" for v in short)
        raise CsiError.one(
            f"the results do not meet the target for {names}; not adopted",
            file=cycle.path,
            hint="adopt anyway only with a stated reason (--override REASON)",
        )


def check_computed(cycle: model.Cycle, result: ComputeResult) -> None:
    """Refuse adopting numbers with errors in them (a source or metric that could not be
    computed, an error finding): the next cycle's baselines would be wrong."""
    if not result.has_errors():
        return
    lines = "; ".join(p.message for p in result.problems) or "run csi-tui compute to see them"
    raise CsiError.one(
        f"the cycle's numbers have errors ({lines}); not adopted",
        file=cycle.path,
        hint="fix the data first: adopting needs every metric's numbers",
    )


def _register_entry(workspace: model.Workspace, cycle: model.Cycle) -> model.Opportunity | None:
    register_id = cycle.cycle.register_id
    if register_id is None:
        return None
    entry = workspace.register.get(register_id) if workspace.register is not None else None
    if entry is None:
        known = (
            ", ".join(o.id for o in workspace.register.opportunities)
            if workspace.register is not None
            else "no register.toml in the workspace"
        )
        raise CsiError.one(
            f"register entry {register_id!r} is not in the register; nothing was written",
            file=cycle.path,
            key="cycle.register_id",
            hint=f"known: {known or 'none'}",
        )
    return entry


# ---------------------------------------------------------------- the next cycle's file
def rebase_path(path: str, old_folder: Path, new_folder: Path) -> str:
    """A source path relative to the old file, made right relative to the new one."""
    given = Path(path).expanduser()
    if given.is_absolute() or path.startswith("~") or old_folder == new_folder:
        return path
    return Path(os.path.relpath(old_folder / given, new_folder)).as_posix()


def _tables(doc: TOMLDocument, key: str) -> list[Table | InlineTable]:
    items = doc.get(key)
    if isinstance(items, AoT | Array):
        return [t for t in items if isinstance(t, Table | InlineTable)]
    return []


def _reached(baseline: float, target: float, direction: model.Direction) -> bool:
    return baseline <= target if direction == "lower" else baseline >= target


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
    raw = cycle.path.read_bytes()
    doc = tomlkit.parse(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    info = doc.get("cycle")
    if not isinstance(info, Table):
        raise CsiError.one("the file has no [cycle] table", file=cycle.path)
    set_key(info, "id", plan.id)
    set_key(info, "status", "draft")
    set_key(info, "start", plan.start)
    set_key(info, "end", plan.end)
    set_key(info, "previous", cycle.id)
    for key in MEETING_KEYS:
        if key in doc:
            del doc[key]
    analysis = doc.get("analysis")
    if isinstance(analysis, Table | InlineTable):
        for key in ANALYSIS_DATES:
            if key in analysis:
                del analysis[key]
    adopted = {v.metric_id: v for v in values}
    reached: list[str] = []
    for table in _tables(doc, "metrics"):
        metric = cycle.metric(str(table.get("id")))
        value = adopted.get(str(table.get("id")))
        baseline = value.next_baseline if value is not None else None
        if baseline is not None:
            set_key(table, "baseline", baseline)
        target = metric.target if metric is not None else None
        # A target the adopted results already reach is no goal for the next cycle.
        done = (
            metric is not None
            and target is not None
            and baseline is not None
            and _reached(baseline, target, metric.direction)
        )
        if done:
            reached.append(f"{table.get('id')} (was {target:g})")
        if not carry_targets or done:
            for key in ("target", "amber"):
                if key in table:
                    del table[key]
        target_date = table.get("target_date")
        if isinstance(target_date, date) and target_date < plan.start:
            del table["target_date"]  # the adopted cycle's review date, past now
    old_folder, new_folder = cycle.path.parent, plan.path.parent
    for table in _tables(doc, "sources"):
        path = table.get("path")
        if isinstance(path, str):
            rebased = rebase_path(path, old_folder, new_folder)
            if rebased != path:
                set_key(table, "path", rebased)
    method = values[0].method if values else cycle.analysis.adopt_baseline
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
    header = "".join(f"# {line}\n" for line in lines)
    return header + tomlkit.dumps(doc)


# ---------------------------------------------------------------- writing several files
def _restore(path: Path, original: bytes, written_hash: str | None) -> None:
    """Put a file back as it was before we wrote it (best effort: we are already failing)."""
    with contextlib.suppress(CsiError, OSError):
        atomic_write(path, original, written_hash)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _cycle_change(
    cycle: model.Cycle,
    *,
    outcome: model.Outcome | None = None,
    adoption: model.Adoption | None = None,
    decision: model.Decision | None = None,
    status: model.CycleStatus | None = None,
) -> Callable[[TOMLDocument], None]:
    def change(doc: TOMLDocument) -> None:
        if decision is not None:
            append_record(doc, "decisions", decision)
        if adoption is not None:
            doc.append("adoption", new_table(adoption))
        if outcome is not None:
            doc.append("outcome", new_table(outcome))
        if status is not None:
            info = doc.get("cycle")
            if not isinstance(info, Table):
                raise CsiError.one("the file has no [cycle] table", file=cycle.path)
            set_key(info, "status", status)

    return change


def _register_change(
    entry_id: str, closure: model.ClosureCode, outcome: str, add_cycle: str | None
) -> Callable[[TOMLDocument], None]:
    def change(doc: TOMLDocument) -> None:
        table = find_table(doc, "opportunities", entry_id, "opportunity")
        set_key(table, "state", "closed")
        set_key(table, "closure_code", closure)
        set_key(table, "outcome", outcome)
        if add_cycle is not None:
            cycles = table.get("cycles")
            if isinstance(cycles, Array):
                if add_cycle not in cycles:
                    cycles.append(add_cycle)
            else:
                set_key(table, "cycles", [add_cycle])

    return change


def _close_register(
    workspace: model.Workspace,
    cycle: model.Cycle,
    closure: model.ClosureCode,
    outcome: str,
    add_cycle: str | None,
    undo: Callable[[], None],
) -> model.Register | None:
    entry = _register_entry(workspace, cycle)
    if entry is None or workspace.register is None:
        return None
    try:
        return edit_register(
            workspace.register, _register_change(entry.id, closure, outcome, add_cycle)
        )
    except BaseException:
        undo()
        raise


def _check_files(workspace: model.Workspace, cycle: model.Cycle) -> None:
    """Both files as loaded, before anything is written (edit_file checks again)."""
    if cycle.path is None or cycle.loaded_hash is None:
        raise CsiError.one("this cycle was not loaded from a file; it cannot be closed here")
    check_unchanged(cycle.path, cycle.loaded_hash)
    register = workspace.register
    if cycle.cycle.register_id is not None and register is not None and register.path is not None:
        check_unchanged(register.path, register.loaded_hash)


# ---------------------------------------------------------------- adopt
def adopt(
    workspace: model.Workspace,
    cycle: model.Cycle,
    values: Sequence[AdoptedValue],
    *,
    today: date,
    by: str = "",
    override: str = "",
    next_cycle_id: str | None = None,
    start: date | None = None,
    carry_targets: bool = True,
    decision: model.Decision | None = None,
) -> Adopted:
    """Adopt ``values`` (``analysis.adoption.adopted_values``) as the new baselines;
    ``decision``: an adopt decision to record with it (the review's, taken now)."""
    decided = replace(cycle, decisions=(*cycle.decisions, decision)) if decision else cycle
    check_adoptable(workspace, decided, values, override)
    plan = plan_next(workspace, cycle, next_cycle_id, start)
    _check_files(workspace, cycle)
    assert cycle.path is not None
    text = next_cycle_text(cycle, plan, values, today=today, carry_targets=carry_targets)
    parsed_next = parse_cycle(text, plan.path)  # never write a file we could not read back
    baselines = {v.metric_id: v.value for v in values if v.value is not None}
    method = values[0].method if values else cycle.analysis.adopt_baseline
    adoption = model.Adoption(
        date=today,
        by=by,
        baselines=baselines,
        next_cycle=plan.id,
        method=method,
        override=override.strip(),
    )
    summary = f"Adopted {today}" + (f" by {by}" if by else "") + f"; next cycle {plan.id}."
    if override.strip():
        summary += f" Adopted although short of a target: {override.strip()}"
    outcome = model.Outcome(date=today, result="successful", reason=summary, by=by)

    next_hash = atomic_write(plan.path, text.encode("utf-8"), None)
    original = cycle.path.read_bytes()
    try:
        closed = edit_cycle(
            cycle,
            _cycle_change(
                cycle, adoption=adoption, outcome=outcome, decision=decision, status="closed"
            ),
        )
    except BaseException:
        _remove(plan.path)
        raise

    def undo() -> None:
        _restore(cycle.path, original, closed.loaded_hash)  # type: ignore[arg-type]
        _remove(plan.path)

    register = _close_register(workspace, cycle, "successful", summary, plan.id, undo)
    next_saved = replace(parsed_next, path=plan.path, loaded_hash=next_hash)
    assert file_hash(plan.path) == next_hash
    return Adopted(cycle=closed, next_cycle=next_saved, register=register)


# ---------------------------------------------------------------- continue testing, reject
def continue_testing(
    cycle: model.Cycle,
    until: date,
    reason: str,
    *,
    today: date,
    by: str = "",
    decision: model.Decision | None = None,
) -> model.Cycle:
    """Move ``[cycle] end`` to ``until`` and record why (``[[extensions]]``)."""
    _refuse_closed(cycle, "extend")
    if not reason.strip():
        raise CsiError.one("say why testing continues (a reason is required)", key="--reason")
    if until <= cycle.cycle.end:
        raise CsiError.one(
            f"the new end {until} must come after the cycle's end {cycle.cycle.end}",
            file=cycle.path,
            key="--until",
        )
    extension = model.Extension(
        new_end=until, previous_end=cycle.cycle.end, date=today, reason=reason.strip(), by=by
    )

    def change(doc: TOMLDocument) -> None:
        if decision is not None:
            append_record(doc, "decisions", decision)
        info = doc.get("cycle")
        if not isinstance(info, Table):
            raise CsiError.one("the file has no [cycle] table", file=cycle.path)
        set_key(info, "end", until)
        append_record(doc, "extensions", extension)

    return edit_cycle(cycle, change)


def reject(
    workspace: model.Workspace,
    cycle: model.Cycle,
    reason: str,
    *,
    today: date,
    by: str = "",
    decision: model.Decision | None = None,
    withdrawn: bool = False,
) -> Rejected:
    """Close the cycle as unsuccessful (or ``withdrawn``: stopped for reasons outside the
    results) with the reason, and its register entry; the baselines stay."""
    _refuse_closed(cycle, "reject")
    if not reason.strip():
        raise CsiError.one("say why the change is rejected (a reason is required)", key="--reason")
    _register_entry(workspace, cycle)
    _check_files(workspace, cycle)
    assert cycle.path is not None
    result: model.ClosureCode = "withdrawn" if withdrawn else "unsuccessful"
    outcome = model.Outcome(date=today, result=result, reason=reason.strip(), by=by)
    original = cycle.path.read_bytes()
    closed = edit_cycle(
        cycle, _cycle_change(cycle, outcome=outcome, decision=decision, status="closed")
    )

    def undo() -> None:
        _restore(cycle.path, original, closed.loaded_hash)  # type: ignore[arg-type]

    word = "Withdrawn" if withdrawn else "Rejected"
    text = f"{word} {today}" + (f" by {by}" if by else "") + f": {reason.strip()}"
    register = _close_register(workspace, cycle, result, text, None, undo)
    return Rejected(cycle=closed, register=register)
