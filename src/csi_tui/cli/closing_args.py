"""What ``adopt``, ``continue`` and ``reject`` share: the cycle argument, dates, who and when."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from csi_tui.cycle.model import Cycle, Decision, DecisionKind, Workspace
from csi_tui.errors import CsiError


def a_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from error


def add_cycle_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="CYCLE", help="a cycle file, or a workspace folder")
    parser.add_argument("--cycle", help="cycle id (in a workspace; default: the open cycle)")
    parser.add_argument("--by", default="", help="who decided (recorded with it)")
    parser.add_argument(
        "--date", type=a_date, help="the date recorded, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--record-decision",
        action="store_true",
        help="also record the decision itself in [[decisions]] (the review took it now)",
    )


def pick(args: argparse.Namespace) -> tuple[Workspace, Cycle]:
    """The workspace and the cycle named on the command line."""
    from csi_tui.cli.compute_cmd import warn_broken
    from csi_tui.cycle.workspace import open_target

    path = Path(args.path)
    workspace = open_target(path)
    cycle = workspace.cycle(args.cycle) if args.cycle else workspace.open_cycle()
    if cycle is None:
        known = ", ".join(sorted(c.id for c in workspace.cycles)) or "none loaded"
        what = f"no cycle {args.cycle!r} here" if args.cycle else "no cycle files found"
        raise CsiError.one(what, file=path, hint=f"cycles: {known}")
    warn_broken(workspace.broken, workspace.root)
    return workspace, cycle


def today(args: argparse.Namespace) -> date:
    chosen: date = args.date or date.today()
    return chosen


def decision_of(args: argparse.Namespace, kind: DecisionKind, rationale: str) -> Decision | None:
    if not args.record_decision:
        return None
    return Decision(date=today(args), decision=kind, rationale=rationale, decided_by=args.by)
