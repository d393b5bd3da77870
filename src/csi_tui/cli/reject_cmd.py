"""``csi-tui reject CYCLE --reason TEXT``: the change is not kept; the cycle and its register
entry close as unsuccessful, the baselines stay as they were."""

from __future__ import annotations

import argparse

from csi_tui.cli.closing_args import add_cycle_arguments, decision_of, pick, today

NAME = "reject"
HELP = "reject the change: close the cycle and its register entry as unsuccessful"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_cycle_arguments(parser)
    parser.add_argument("--reason", required=True, help="why the change is not kept")
    parser.add_argument(
        "--withdrawn",
        action="store_true",
        help="closed as withdrawn (stopped for reasons outside the results), not unsuccessful",
    )


def run(args: argparse.Namespace) -> int:
    from csi_tui.cycle.closing import reject

    workspace, cycle = pick(args)
    done = reject(
        workspace,
        cycle,
        args.reason,
        today=today(args),
        by=args.by,
        decision=decision_of(args, "reject", args.reason),
        withdrawn=args.withdrawn,
    )
    result = "withdrawn" if args.withdrawn else "unsuccessful"
    print(f"Closed {cycle.id} ({result}): {done.cycle.path}")
    if done.register is not None:
        print(f"Register entry {cycle.cycle.register_id} closed: {result}")
    return 0
