"""The history of a service: every cycle in order, what was decided and adopted, per metric.

Cycles belong to a service's history when they share its ``[cycle] service`` or are linked to it
through ``previous``. The ``previous`` links must form a chain: one that names a cycle the
workspace does not have, or that comes back to itself, is reported as a problem (and adopting
from such a cycle is refused, ``cycle/closing.py``).

Per metric the history says baseline -> result -> adopted baseline: the baseline the cycle
started from, the value its results gave by the cycle's adoption method (when its numbers were
computed: ``results``), and the baseline it adopted (``[adoption] baselines``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from csi_tui.cycle.model import ClosureCode, Cycle, DecisionKind, Workspace
from csi_tui.errors import CsiError, Problem

if TYPE_CHECKING:
    from csi_tui.analysis.results import CycleAnalysis
    from csi_tui.data.results import ComputeResult

# cycle id -> (its computed numbers, its analysis); either may be None
Results = Mapping[str, tuple["ComputeResult | None", "CycleAnalysis | None"]]


@dataclass(frozen=True)
class MetricStep:
    """One metric in one cycle: baseline -> result -> adopted baseline."""

    metric_id: str
    name: str
    unit: str
    baseline: float | None
    result: float | None  # None: not computed, or no value
    adopted: float | None  # None: nothing adopted for it


@dataclass(frozen=True)
class CycleStep:
    cycle_id: str
    title: str
    service: str
    start: date
    end: date
    status: str
    previous: str | None
    decision: DecisionKind | None
    decision_date: date | None
    outcome: ClosureCode | None  # [outcome] result; "successful" for an adoption without one
    outcome_date: date | None
    outcome_reason: str
    next_cycle: str | None
    change_date: date | None
    metrics: tuple[MetricStep, ...]

    def metric(self, metric_id: str) -> MetricStep | None:
        return next((m for m in self.metrics if m.metric_id == metric_id), None)


@dataclass(frozen=True)
class ServiceHistory:
    service: str
    cycles: tuple[CycleStep, ...]
    problems: tuple[Problem, ...] = ()


def chain_problems(workspace: Workspace, cycles: tuple[Cycle, ...] | None = None) -> list[Problem]:
    """Broken (a ``previous`` the workspace lacks) and circular ``previous`` links."""
    by_id = {c.id: c for c in workspace.cycles}
    problems: list[Problem] = []
    reported: set[str] = set()
    for cycle in cycles if cycles is not None else workspace.cycles:
        seen = [cycle.id]
        current = cycle
        while current.cycle.previous is not None:
            previous = current.cycle.previous
            if previous not in by_id:
                if current.id not in reported:
                    reported.add(current.id)
                    problems.append(
                        Problem(
                            f"cycle {current.id!r} follows {previous!r}, which is not in this "
                            "workspace",
                            file=current.path,
                            key="cycle.previous",
                            hint="fix cycle.previous or add the missing cycle file",
                        )
                    )
                break
            if previous in seen:
                loop = " -> ".join([*seen[seen.index(previous) :], previous])
                if not reported & set(seen):
                    problems.append(
                        Problem(
                            f"the previous links go round in a circle: {loop}",
                            file=current.path,
                            key="cycle.previous",
                            hint="each cycle must follow an older one; fix cycle.previous",
                        )
                    )
                reported.update(seen)
                break
            seen.append(previous)
            current = by_id[previous]
    return problems


def previous_chain(workspace: Workspace, cycle: Cycle) -> tuple[Cycle, ...]:
    """The cycles ``cycle`` follows, oldest first, ending with itself; CsiError when broken."""
    problems = chain_problems(workspace, (cycle,))
    if problems:
        raise CsiError(tuple(problems))
    by_id = {c.id: c for c in workspace.cycles}
    chain = [cycle]
    while chain[-1].cycle.previous is not None:
        chain.append(by_id[chain[-1].cycle.previous])
    return tuple(reversed(chain))


def service_cycles(workspace: Workspace, service: str) -> tuple[Cycle, ...]:
    """The service's cycles and those linked to them by ``previous``, oldest first."""
    by_id = {c.id: c for c in workspace.cycles}
    wanted = {c.id for c in workspace.cycles if c.cycle.service == service}
    changed = True
    while changed:
        changed = False
        for cycle in workspace.cycles:
            linked = cycle.cycle.previous in wanted or any(
                by_id[w].cycle.previous == cycle.id for w in wanted
            )
            if cycle.id not in wanted and linked:
                wanted.add(cycle.id)
                changed = True
    return tuple(sorted((by_id[i] for i in wanted), key=lambda c: (c.cycle.start, c.id)))


def _result_of(cycle: Cycle, metric_id: str, results: Results) -> float | None:
    if cycle.id not in results:
        return None
    from csi_tui.analysis.adoption import adopted_value

    compute, analysis = results[cycle.id]
    metric = cycle.metric(metric_id)
    if metric is None or compute is None:
        return None
    return adopted_value(cycle, metric, compute, analysis).value


def cycle_step(cycle: Cycle, results: Results) -> CycleStep:
    decision = cycle.decision
    adoption = cycle.adoption
    outcome = cycle.outcome
    result: ClosureCode | None = outcome.result if outcome is not None else None
    when = outcome.date if outcome is not None else None
    if outcome is None and adoption is not None:
        result, when = "successful", adoption.date  # adopted before [outcome] was recorded
    metrics = tuple(
        MetricStep(
            metric_id=m.id,
            name=m.name,
            unit=m.unit,
            baseline=m.baseline,
            result=_result_of(cycle, m.id, results),
            adopted=adoption.baselines.get(m.id) if adoption is not None else None,
        )
        for m in cycle.metrics
    )
    return CycleStep(
        cycle_id=cycle.id,
        title=cycle.cycle.title,
        service=cycle.cycle.service,
        start=cycle.cycle.start,
        end=cycle.cycle.end,
        status=cycle.cycle.status,
        previous=cycle.cycle.previous,
        decision=decision.decision if decision is not None else None,
        decision_date=decision.date if decision is not None else None,
        outcome=result,
        outcome_date=when,
        outcome_reason=outcome.reason if outcome is not None else "",
        next_cycle=adoption.next_cycle if adoption is not None else None,
        change_date=cycle.analysis.change_date,
        metrics=metrics,
    )


def service_history(
    workspace: Workspace, service: str, results: Results | None = None
) -> ServiceHistory:
    cycles = service_cycles(workspace, service)
    return ServiceHistory(
        service=service,
        cycles=tuple(cycle_step(c, results or {}) for c in cycles),
        problems=tuple(chain_problems(workspace, cycles)),
    )


def history_to_json(history: ServiceHistory) -> dict[str, Any]:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "service": history.service,
        "cycles": [
            {
                "id": c.cycle_id,
                "title": c.title,
                "start": day(c.start),
                "end": day(c.end),
                "status": c.status,
                "previous": c.previous,
                "change_date": day(c.change_date),
                "decision": c.decision,
                "decision_date": day(c.decision_date),
                "outcome": c.outcome,
                "outcome_date": day(c.outcome_date),
                "outcome_reason": c.outcome_reason,
                "next_cycle": c.next_cycle,
                "metrics": [
                    {
                        "id": m.metric_id,
                        "name": m.name,
                        "unit": m.unit,
                        "baseline": m.baseline,
                        "result": m.result,
                        "adopted": m.adopted,
                    }
                    for m in c.metrics
                ],
            }
            for c in history.cycles
        ],
        "problems": [p.format() for p in history.problems],
    }
