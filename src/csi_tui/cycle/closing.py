"""Step 7: adopt the results as the new baseline, continue testing, or reject; each written to
the files with the comments people wrote kept, and nothing half-written.

- **adopt** writes the next cycle's file (``next_cycle_text.py``, from the adopted file's text so
  the team's comments carry over), then records ``[adoption]``, ``[outcome]`` and
  ``[cycle] status = "closed"`` in the adopted file (nothing else in it changes), then closes the
  register entry. Should a later write fail, the earlier ones are undone (``closing_writes.py``):
  the new file removed, the adopted file put back byte for byte.
- **continue testing** moves ``[cycle] end`` later and records why in ``[[extensions]]``.
- **reject** records ``[outcome]`` unsuccessful with the reason, closes the cycle and its register
  entry; the baselines stay as they were.

Every refusal is a ``CsiError`` raised before anything is written (``closing_refusals.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from tomlkit.items import Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.analysis.adoption import AdoptedValue
from csi_tui.cycle import model
from csi_tui.cycle.closing_refusals import check_adoptable, refuse_closed, register_entry
from csi_tui.cycle.closing_writes import (
    check_files_unchanged,
    close_register,
    cycle_change,
    remove_file,
    restore_file,
)
from csi_tui.cycle.edit import append_record, edit_cycle, set_key
from csi_tui.cycle.load import parse_cycle
from csi_tui.cycle.next_cycle import NextCycle, plan_next
from csi_tui.cycle.next_cycle_text import next_cycle_text
from csi_tui.cycle.save import atomic_write, file_hash
from csi_tui.errors import CsiError


@dataclass(frozen=True)
class Adopted:
    cycle: model.Cycle  # the adopted cycle, closed, as saved
    next_cycle: model.Cycle  # the new file, as saved
    register: model.Register | None  # None: the cycle names no register entry


@dataclass(frozen=True)
class Rejected:
    cycle: model.Cycle
    register: model.Register | None


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
    check_files_unchanged(workspace, cycle)
    assert cycle.path is not None
    text = next_cycle_text(cycle, plan, values, today=today, carry_targets=carry_targets)
    parsed_next = parse_cycle(text, plan.path)  # never write a file we could not read back
    adoption, outcome = _adoption_records(
        cycle, plan, values, today=today, by=by, override=override
    )

    next_hash = atomic_write(plan.path, text.encode("utf-8"), None)
    original = cycle.path.read_bytes()
    try:
        closed = edit_cycle(
            cycle,
            cycle_change(
                cycle, adoption=adoption, outcome=outcome, decision=decision, status="closed"
            ),
        )
    except BaseException:
        remove_file(plan.path)
        raise

    def undo() -> None:
        restore_file(cycle.path, original, closed.loaded_hash)  # type: ignore[arg-type]
        remove_file(plan.path)

    register = close_register(workspace, cycle, "successful", outcome.reason, plan.id, undo)
    next_saved = replace(parsed_next, path=plan.path, loaded_hash=next_hash)
    assert file_hash(plan.path) == next_hash
    return Adopted(cycle=closed, next_cycle=next_saved, register=register)


def _adoption_records(
    cycle: model.Cycle,
    plan: NextCycle,
    values: Sequence[AdoptedValue],
    *,
    today: date,
    by: str,
    override: str,
) -> tuple[model.Adoption, model.Outcome]:
    """What the adopted file records: ``[adoption]`` and a successful ``[outcome]`` whose reason
    the register entry repeats."""
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
    return adoption, outcome


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
    refuse_closed(cycle, "extend")
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
    refuse_closed(cycle, "reject")
    if not reason.strip():
        raise CsiError.one("say why the change is rejected (a reason is required)", key="--reason")
    register_entry(workspace, cycle)
    check_files_unchanged(workspace, cycle)
    assert cycle.path is not None
    result: model.ClosureCode = "withdrawn" if withdrawn else "unsuccessful"
    outcome = model.Outcome(date=today, result=result, reason=reason.strip(), by=by)
    original = cycle.path.read_bytes()
    closed = edit_cycle(
        cycle, cycle_change(cycle, outcome=outcome, decision=decision, status="closed")
    )

    def undo() -> None:
        restore_file(cycle.path, original, closed.loaded_hash)  # type: ignore[arg-type]

    word = "Withdrawn" if withdrawn else "Rejected"
    text = f"{word} {today}" + (f" by {by}" if by else "") + f": {reason.strip()}"
    register = close_register(workspace, cycle, result, text, None, undo)
    return Rejected(cycle=closed, register=register)
