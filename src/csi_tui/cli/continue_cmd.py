"""``csi-tui continue CYCLE --until DATE --reason TEXT``: keep testing, the cycle ends later."""

from __future__ import annotations

import argparse

from csi_tui.cli.closing_args import a_date, add_cycle_arguments, decision_of, pick, today

NAME = "continue"
HELP = "continue testing: move the cycle's end later, with the reason"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_cycle_arguments(parser)
    parser.add_argument("--until", type=a_date, required=True, help="the new end, YYYY-MM-DD")
    parser.add_argument("--reason", required=True, help="why testing continues")


def run(args: argparse.Namespace) -> int:
    from csi_tui.cycle.closing import continue_testing

    _workspace, cycle = pick(args)
    saved = continue_testing(
        cycle,
        args.until,
        args.reason,
        today=today(args),
        by=args.by,
        decision=decision_of(args, "continue", args.reason),
    )
    print(f"{cycle.id} now ends {saved.cycle.end} (was {cycle.cycle.end}): {saved.path}")
    return 0
