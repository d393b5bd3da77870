"""``csi-tui minutes CYCLE_OR_WORKSPACE``: the minutes of a review meeting, without the TUI.

The same Markdown the app writes when a meeting ends (``csi_tui.report.minutes``): the notes and
decisions dated that day, every action, the scorecard as computed now. Written to
``minutes/<cycle-id>-<date>.md`` (never over an existing file) and its path printed; ``--stdout``
prints the Markdown instead; ``--record`` also records the meeting in the cycle's ``[[meetings]]``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from csi_tui.errors import CsiError

NAME = "minutes"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write the date as YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a cycle file or a workspace folder")
    parser.add_argument("--cycle", help="cycle id (in a workspace; default: the open cycle)")
    parser.add_argument("--date", type=_day, help="the meeting's day, YYYY-MM-DD (default: today)")
    parser.add_argument("--chair", default="", help="who chaired the meeting")
    parser.add_argument("--attendee", action="append", default=[], help="who attended (repeatable)")
    parser.add_argument("--stdout", action="store_true", help="print the Markdown, write nothing")
    parser.add_argument("--record", action="store_true", help="also add it to [[meetings]]")


def run(args: argparse.Namespace) -> int:
    from csi_tui.cli.compute_cmd import analyse, pick_cycle
    from csi_tui.cycle.edit_meeting import record_meeting
    from csi_tui.cycle.model import Meeting
    from csi_tui.data.engine import compute_cycle
    from csi_tui.report.minutes import minutes_markdown, relative_to_cycle, write_minutes
    from csi_tui.report.scorecard import score_rows

    if args.stdout and args.record:
        raise CsiError.one("--stdout writes nothing, so there is no minutes file to record")
    cycle = pick_cycle(Path(args.path), args.cycle)
    day = args.date or date.today()
    result = compute_cycle(cycle, keep_going=True)
    rows = score_rows(cycle, result, analyse(cycle, result))
    meeting = Meeting(day, args.chair, tuple(args.attendee))
    shown = cycle.path.name if cycle.path is not None else None
    text = minutes_markdown(cycle, meeting, rows, cycle_file=shown)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    path = write_minutes(cycle, day, text)
    print(path)
    if args.record:
        record_meeting(
            cycle, Meeting(day, args.chair, tuple(args.attendee), relative_to_cycle(cycle, path))
        )
    return 0
