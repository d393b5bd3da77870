"""``csi-tui compute CYCLE_OR_WORKSPACE``: every metric per period, with data-quality findings.

Exit status: 0 on success, 2 on a user error, one line per problem on stderr, never a traceback.
An error in the cycle's definition (unknown metric, source or KPI) stops before any output. A
source or metric that cannot be computed (missing file, a column the data lacks, unparseable
values, no rows) does not hide the others: what could be computed is printed to stdout as usual,
the problems go to stderr, and the exit status is 2 whenever any error-severity finding exists,
so scripts notice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csi_tui.cycle.model import Cycle
from csi_tui.data.results import ComputeResult
from csi_tui.errors import CsiError, Problem

if TYPE_CHECKING:
    from csi_tui.analysis.results import CycleAnalysis

NAME = "compute"
HELP = "compute every metric per period, with data-quality findings and analysis"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a cycle file or a workspace folder")
    parser.add_argument("--format", choices=("json", "csv", "table"), default="json")
    parser.add_argument("--metric", action="append", help="only this metric id (repeatable)")
    parser.add_argument("--cycle", help="cycle id (in a workspace; default: the open cycle)")
    parser.add_argument("--no-cache", action="store_true", help="read and compute afresh")


def pick_cycle(path: Path, cycle_id: str | None) -> Cycle:
    from csi_tui.cycle.workspace import open_target

    workspace = open_target(path)
    if cycle_id is not None:
        cycle = workspace.cycle(cycle_id)
        if cycle is None:
            known = ", ".join(sorted(c.id for c in workspace.cycles)) or "none loaded"
            raise CsiError.one(f"no cycle {cycle_id!r} here", file=path, hint=f"cycles: {known}")
        warn_broken(workspace.broken, workspace.root)
        return cycle
    cycle = workspace.open_cycle()
    if cycle is None:
        problems = tuple(p for ps in workspace.broken.values() for p in ps)
        if problems:
            raise CsiError(problems)  # type: ignore[arg-type]
        raise CsiError.one("no cycle files found", file=path, hint="add one under cycles/")
    warn_broken(workspace.broken, workspace.root)
    return cycle


def warn_broken(broken: Mapping[Path, tuple[object, ...]], root: Path) -> None:
    """One warning line on stderr per other file of the workspace that could not be read.

    The cycle asked for is still computed and the exit status is its own: a broken sibling must
    not fail a script, but it must not go unnoticed either.
    """
    for file, found in sorted(broken.items()):
        problems = [p for p in found if isinstance(p, Problem)]
        first = next((p for p in problems if p.severity == "error"), None) or (
            problems[0] if problems else None
        )
        text = first.format() if first is not None else f"{file}: cannot be read"
        more = f"{len(problems) - 1} more; " if len(problems) > 1 else ""
        print(
            f"warning: {text} [{more}run csi-tui validate {root} for all]",
            file=sys.stderr,
        )


def analyse(cycle: Cycle, result: ComputeResult) -> CycleAnalysis | None:
    """Step 5 for every metric, when the analysis package provides it."""
    try:
        from csi_tui.analysis.analyse import analyse_cycle
    except ImportError:
        return None
    try:
        return analyse_cycle(cycle, result)
    except CsiError:
        raise
    except Exception as error:  # the numbers stay useful without the analysis
        print(f"warning: analysis skipped: {error}", file=sys.stderr)
        return None


def analysis_json(cycle: Cycle, result: ComputeResult) -> dict[str, dict[str, Any]] | None:
    """Step 5 per metric as JSON, when the analysis package provides it."""
    try:
        from csi_tui.analysis.to_json import analysis_to_json
    except ImportError:
        return None
    analysed = analyse(cycle, result)
    if analysed is None:
        return None
    return {m.metric_id: analysis_to_json(m) for m in analysed.metrics}


def run(args: argparse.Namespace) -> int:
    from csi_tui.data.engine import compute_cycle
    from csi_tui.report.compute_csv import compute_to_csv
    from csi_tui.report.compute_json import compute_to_json
    from csi_tui.report.compute_table import compute_to_table

    cycle = pick_cycle(Path(args.path), args.cycle)
    wanted: list[str] | None = args.metric
    for metric_id in wanted or ():
        if cycle.metric(metric_id) is None:
            known = ", ".join(m.id for m in cycle.metrics) or "none"
            raise CsiError.one(
                f"no metric {metric_id!r} in cycle {cycle.id!r}",
                file=cycle.path,
                hint=f"metrics: {known}",
            )
    result = compute_cycle(cycle, use_cache=not args.no_cache, keep_going=True)
    if args.format == "csv":
        sys.stdout.write(compute_to_csv(result, wanted))
    elif args.format == "table":
        sys.stdout.write(compute_to_table(cycle, result, wanted, analyse(cycle, result)))
    else:
        document = compute_to_json(cycle, result, analysis_json(cycle, result))
        if wanted is not None:
            document["metrics"] = [m for m in document["metrics"] if m["id"] in wanted]
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return report_errors(cycle, result)


# Error findings that restate one of ``ComputeResult.problems`` (printed in their own form).
RESTATED = frozenset({"source_unusable", "missing_column", "metric_error"})


def report_errors(cycle: Cycle, result: ComputeResult) -> int:
    """Problems and error findings on stderr; 2 when there is any, else 0."""
    if not result.has_errors():
        return 0
    lines = [p.format() for p in result.problems]
    where = str(cycle.path) if cycle.path is not None else "<input>"
    seen = set()
    for finding in (
        *(f for s in result.sources for f in s.findings),
        *(f for m in result.metrics for f in m.findings),
    ):
        if finding.severity != "error" or finding.code in RESTATED:
            continue
        owner = f"metric {finding.metric}" if finding.metric else f"source {finding.source}"
        advice = f" ({finding.advice})" if finding.advice else ""
        lines.append(f"{where}: {owner}: {finding.message}{advice}")
    for line in lines:
        if line not in seen:
            seen.add(line)
            print(line, file=sys.stderr)
    return 2
