"""``csi-tui history PATH``: every cycle of a service in order, with dates, decision, outcome and,
per metric, baseline -> result -> adopted baseline. Broken or circular ``previous`` links are
listed as problems (exit 2)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from csi_tui.errors import CsiError

if TYPE_CHECKING:
    from csi_tui.cycle.history import Results, ServiceHistory
    from csi_tui.cycle.model import Cycle

NAME = "history"
HELP = "the cycles of a service in order: decisions, outcomes, baselines adopted"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a workspace folder or one of its cycles")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--service", help="the service (default: the open cycle's)")
    parser.add_argument(
        "--no-results", action="store_true", help="do not compute the cycles' results (faster)"
    )


def run(args: argparse.Namespace) -> int:
    from csi_tui.cli.compute_cmd import warn_broken
    from csi_tui.cycle.history import history_to_json, service_cycles, service_history
    from csi_tui.cycle.workspace import open_target

    workspace = open_target(Path(args.path))
    warn_broken(workspace.broken, workspace.root)
    chosen = workspace.open_cycle()
    service = args.service or (chosen.cycle.service if chosen is not None else None)
    if service is None:
        raise CsiError.one("no cycle files found", file=Path(args.path))
    cycles = service_cycles(workspace, service)
    if not cycles:
        known = ", ".join(sorted({c.cycle.service for c in workspace.cycles}))
        raise CsiError.one(f"no cycle of service {service!r}", hint=f"services: {known}")
    results: Results = {} if args.no_results else _results(cycles)
    history = service_history(workspace, service, results)
    if args.format == "json":
        json.dump(history_to_json(history), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(history_table(history))
    for problem in history.problems:
        print(problem.format(), file=sys.stderr)
    return 2 if history.problems else 0


def _results(cycles: tuple[Cycle, ...]) -> Results:
    from csi_tui.cli.compute_cmd import analyse
    from csi_tui.data.engine import compute_cycle

    found: dict[str, tuple[object, object]] = {}
    for cycle in cycles:
        try:
            result = compute_cycle(cycle, use_cache=True, keep_going=True)
        except CsiError as error:
            print(f"warning: {cycle.id}: results left out: {error}", file=sys.stderr)
            continue
        # The centre line is the analysis' own; the other methods read the periods alone.
        wanted = cycle.analysis.adopt_baseline == "centre_line"
        found[cycle.id] = (result, analyse(cycle, result) if wanted else None)
    return found  # type: ignore[return-value]


def history_table(history: ServiceHistory) -> str:
    from csi_tui.analysis import fmt

    lines = [f"History of {history.service} · {len(history.cycles)} cycles", ""]
    for step in history.cycles:
        decision = f"{step.decision} {step.decision_date}" if step.decision else "no decision"
        outcome = f"{step.outcome} {step.outcome_date}" if step.outcome else "open"
        lines.append(f"{step.cycle_id} · {step.title}")
        lines.append(
            f"  {step.start} to {step.end} · {step.status} · decision {decision} · "
            f"outcome {outcome}" + (f" · next {step.next_cycle}" if step.next_cycle else "")
        )
        width = max((len(m.metric_id) for m in step.metrics), default=6)
        lines.append(f"  {'metric':<{width}}  baseline -> result -> adopted")
        for m in step.metrics:
            unit = f" {m.unit}" if m.unit else ""
            baseline, result, adopted = (
                fmt.number(v, m.unit) for v in (m.baseline, m.result, m.adopted)
            )
            lines.append(f"  {m.metric_id:<{width}}  {baseline} -> {result} -> {adopted}{unit}")
        lines.append("")
    return "\n".join(lines)
