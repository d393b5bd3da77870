"""Why a cycle cannot be adopted, extended or rejected: each a ``CsiError`` raised before anything
is written (a closed cycle, no adopt decision, a broken ``previous`` chain, an unknown register
entry, results short of a target without a reason, numbers with errors in them)."""

from __future__ import annotations

from collections.abc import Sequence

from csi_tui.analysis.adoption import AdoptedValue, not_met
from csi_tui.cycle import model
from csi_tui.cycle.history import previous_chain
from csi_tui.data.results import ComputeResult
from csi_tui.errors import CsiError


def refuse_closed(cycle: model.Cycle, doing: str) -> None:
    """Refuse ``doing`` (adopt, extend, reject) a cycle already adopted or closed."""
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
    refuse_closed(cycle, "adopt")
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
    register_entry(workspace, cycle)


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


def register_entry(workspace: model.Workspace, cycle: model.Cycle) -> model.Opportunity | None:
    """The register entry the cycle works on (None: it names none); refused if it is unknown."""
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
