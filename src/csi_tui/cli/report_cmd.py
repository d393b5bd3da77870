"""``csi-tui report CYCLE_OR_WORKSPACE``: the report for decision makers, Markdown or HTML.

CYCLE is a cycle file, or a workspace folder with ``--cycle ID`` (default: its open cycle), as
``csi-tui compute`` takes it. Markdown goes to stdout unless ``-o FILE``; HTML is a file, by
default beside the cycle file (``cycles/q4.toml`` -> ``cycles/q4-report.html``, ``-report-it`` for
the IT audience), and the path written is printed. Exit status as ``compute``: 2 on a user error
or when the data has error findings (the report is still written, its caveats name them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csi_tui.cli.compute_cmd import analyse, pick_cycle, report_errors
from csi_tui.errors import CsiError

NAME = "report"
HELP = "the report for decision makers (Markdown or HTML)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a cycle file or a workspace folder")
    parser.add_argument("--cycle", help="cycle id (in a workspace; default: the open cycle)")
    parser.add_argument(
        "--format", choices=("md", "html"), default="md", help="md (default) or html"
    )
    parser.add_argument(
        "--audience",
        choices=("business", "it"),
        default="business",
        help="business (default): plain words; it: with test statistics and lineage",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="file to write (md default: stdout; html default: beside the cycle file)",
    )
    parser.add_argument("--no-cache", action="store_true", help="read and compute afresh")


def run(args: argparse.Namespace) -> int:
    from csi_tui.data.engine import compute_cycle
    from csi_tui.report.report_model import build_report
    from csi_tui.report.write import default_report_path, render, write_report

    cycle = pick_cycle(Path(args.path), args.cycle)
    output = Path(args.output) if args.output else None
    if output is not None and output.is_dir():
        raise CsiError.one("is a folder", file=output, hint="give a file name, e.g. -o report.html")
    result = compute_cycle(cycle, use_cache=not args.no_cache, keep_going=True)
    report = build_report(cycle, result, analyse(cycle, result), args.audience)
    text = render(report, args.format)
    if output is None and args.format == "md":
        sys.stdout.write(text)
    else:
        target = output or default_report_path(cycle, args.format, args.audience)
        write_report(target, text)
        print(f"wrote {target}")
    return report_errors(cycle, result)
