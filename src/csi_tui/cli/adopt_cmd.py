"""``csi-tui adopt CYCLE``: the results become the new standard baseline; the next cycle opens.

Computes and analyses the cycle (as ``csi-tui compute`` does) to know each metric's adopted value,
then writes the next cycle's file, records the adoption and outcome in the adopted one and closes
its register entry (``cycle/closing.py``). Refusals exit 2 with nothing written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from csi_tui.cli.closing_args import a_date, add_cycle_arguments, decision_of, pick, today

NAME = "adopt"
HELP = "adopt the results as the new baseline and open the next cycle"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_cycle_arguments(parser)
    parser.add_argument("--next-id", help="the next cycle's id (default: derived from this one)")
    parser.add_argument(
        "--start", type=a_date, help="the next cycle's first day (default: the day after the end)"
    )
    parser.add_argument(
        "--override",
        default="",
        metavar="REASON",
        help="adopt although a target is not met, for this reason (recorded)",
    )
    parser.add_argument(
        "--no-targets",
        action="store_true",
        help="leave the next cycle's targets for the team to set (default: carried over)",
    )


def run(args: argparse.Namespace) -> int:
    from csi_tui.analysis import fmt
    from csi_tui.analysis.adoption import METHOD_WORDS, adopted_values
    from csi_tui.cli.compute_cmd import analyse
    from csi_tui.cycle.closing import adopt
    from csi_tui.cycle.closing_refusals import check_can_adopt, check_computed
    from csi_tui.cycle.next_cycle import plan_next
    from csi_tui.data.engine import compute_cycle

    workspace, cycle = pick(args)
    decision = decision_of(args, "adopt", args.override)
    # What the numbers cannot change is refused before computing them (adopt() checks again).
    decided = replace(cycle, decisions=(*cycle.decisions, decision)) if decision else cycle
    check_can_adopt(workspace, decided)
    plan_next(workspace, cycle, args.next_id, args.start)
    result = compute_cycle(cycle, use_cache=True, keep_going=True)
    analysis = analyse(cycle, result)
    values = adopted_values(cycle, result, analysis)
    check_computed(cycle, result)
    done = adopt(
        workspace,
        cycle,
        values,
        today=today(args),
        by=args.by,
        override=args.override,
        next_cycle_id=args.next_id,
        start=args.start,
        carry_targets=not args.no_targets,
        decision=decision,
    )
    method = values[0].method if values else cycle.analysis.adopt_baseline
    out = sys.stdout
    out.write(f"Adopted {cycle.id}: new baselines ({METHOD_WORDS[method]})\n")
    width = max((len(v.metric_id) for v in values), default=6)
    for v in values:
        unit = f" {v.unit}" if v.unit else ""
        old = fmt.number(v.baseline, v.unit)
        new = fmt.number(v.value, v.unit) if v.value is not None else f"{old} (kept: {v.note})"
        out.write(f"  {v.metric_id:<{width}}  {old} -> {new}{unit}\n")
    nxt = done.next_cycle
    out.write(
        f"Next cycle {nxt.id} ({nxt.cycle.start} to {nxt.cycle.end}, draft): {nxt.path}\n"
        f"Closed {cycle.id} (successful): {cycle.path}\n"
    )
    if done.register is not None:
        out.write(f"Register entry {cycle.cycle.register_id} closed: successful\n")
    return 0
