"""Entry point: ``csi-tui [PATH]`` opens the dashboard; ``csi-tui SUBCOMMAND ...`` runs headless.

Each subcommand lives in its own module exposing ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``. User errors (``CsiError``) print one line per problem and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from csi_tui import __version__
from csi_tui.errors import CsiError

# Modules are imported only when their subcommand runs, so ``csi-tui --help`` stays fast.
SUBCOMMANDS: dict[str, str] = {
    "validate": "csi_tui.cli.validate_cmd",
    "new": "csi_tui.cli.new_cmd",
    "schema": "csi_tui.cli.schema_cmd",
    "compute": "csi_tui.cli.compute_cmd",
    "report": "csi_tui.cli.report_cmd",
    "adopt": "csi_tui.cli.adopt_cmd",
    "continue": "csi_tui.cli.continue_cmd",
    "reject": "csi_tui.cli.reject_cmd",
    "history": "csi_tui.cli.history_cmd",
    "minutes": "csi_tui.cli.minutes_cmd",
}
SUMMARIES: dict[str, str] = {
    "validate": "check cycle files or a workspace folder (exit 2 with one line per problem)",
    "new": "write a commented starter cycle file",
    "schema": "print the JSON Schema of the cycle format (for Taplo / VS Code)",
    "compute": "compute every metric per period, with data-quality findings and analysis",
    "report": "the report for decision makers: verdicts, scorecard, charts (Markdown or HTML)",
    "adopt": "adopt the results as the new baseline and open the next cycle",
    "continue": "continue testing: move the cycle's end later, with the reason",
    "reject": "reject the change: close the cycle and its register entry as unsuccessful",
    "history": "the cycles of a service in order: decisions, outcomes, baselines adopted",
    "minutes": "write a review meeting's minutes (Markdown) beside the cycles",
}


def _top_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<10} {text}" for name, text in SUMMARIES.items())
    parser = argparse.ArgumentParser(
        prog="csi-tui",
        description=(
            "Run the ITIL Continual Service Improvement seven-step process in a terminal.\n\n"
            "With no PATH, opens your default workspace (created from the bundled sample on "
            "first run).\nPATH may be a cycle file or a workspace folder."
        ),
        epilog=f"subcommands:\n{lines}\n\nRun 'csi-tui SUBCOMMAND --help' for its options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"csi-tui {__version__}")
    parser.add_argument("path", nargs="?", help="a cycle file or workspace folder to open")
    parser.add_argument("--theme", help="theme name for this run (saved as your choice)")
    return parser


def _sub_parser(name: str, module: ModuleType) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"csi-tui {name}", description=SUMMARIES[name])
    module.add_arguments(parser)
    return parser


def report_problems(error: CsiError) -> int:
    for problem in error.problems:
        print(problem.format(), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            name = args_list[0]
            module = importlib.import_module(SUBCOMMANDS[name])
            args = _sub_parser(name, module).parse_args(args_list[1:])
            result: int = module.run(args)
            return result
        args = _top_parser().parse_args(args_list)
        from csi_tui.cli import open_cmd

        return open_cmd.run(args)
    except CsiError as error:
        return report_problems(error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
