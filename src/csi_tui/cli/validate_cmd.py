"""``csi-tui validate PATH...``: check cycle files, register files and workspace folders.

Prints one line per problem (``FILE:LINE:COL: message`` or ``FILE: key.path: message``), all
problems of all files; exit 2 when there is any error, 0 otherwise (warnings are printed too).
Unless ``--offline``, each cycle that loads also has its data checked (``data/source_checks``):
files there and inside the workspace, columns, filters and formulas against the real schema.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from csi_tui.cycle import model
from csi_tui.cycle.load import check_file
from csi_tui.cycle.positions import key_positions, locate
from csi_tui.cycle.workspace import CYCLES_DIR, REGISTER_FILE, cycle_files
from csi_tui.errors import Problem

NAME = "validate"
HELP = "check cycle files or a workspace folder (exit 2 with one line per problem)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="cycle files, register.toml or workspace folders"
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="check the files only, not the data they read (no source is opened)",
    )


def _files_of(path: Path) -> tuple[list[Path], list[Problem]]:
    if not path.exists():
        return [], [Problem("no such file or folder", file=path)]
    if not path.is_dir():
        return [path], []
    if path.name == CYCLES_DIR and not (path / CYCLES_DIR).is_dir():
        # the cycles/ folder itself: its files, and the workspace's register beside it
        files = sorted(p for p in path.glob("*.toml") if p.is_file())
        register = path.parent / REGISTER_FILE
        new_file = path / "first.toml"
    else:
        files = cycle_files(path)
        register = path / REGISTER_FILE
        new_file = path / CYCLES_DIR / "first.toml"
    if not files:
        return [], [
            Problem(
                f"no cycle files: a workspace keeps its cycles in {CYCLES_DIR}/*.toml",
                file=path,
                hint=f"create one with 'csi-tui new {new_file}'",
            )
        ]
    if register.exists():
        files.append(register)
    return files, []


def _across_files(cycles: list[model.Cycle], registers: list[model.Register]) -> list[Problem]:
    """Links between files: duplicate cycle ids, unknown previous cycles and register ids."""
    problems: list[Problem] = []
    seen: dict[str, Path | None] = {}
    for cycle in cycles:
        if cycle.id in seen:
            other = seen[cycle.id]
            problems.append(
                Problem(
                    f"cycle id {cycle.id!r} is also used by {other}",
                    file=cycle.path,
                    key="cycle.id",
                    hint="give each cycle its own id",
                )
            )
        seen.setdefault(cycle.id, cycle.path)
    opportunity_ids = {o.id for r in registers for o in r.opportunities}
    for cycle in cycles:
        previous = cycle.cycle.previous
        if previous is not None and previous not in seen:
            problems.append(
                Problem(
                    f"previous cycle {previous!r} is not among the files checked",
                    file=cycle.path,
                    key="cycle.previous",
                    severity="warning",
                )
            )
        register_id = cycle.cycle.register_id
        if registers and register_id is not None and register_id not in opportunity_ids:
            problems.append(
                Problem(
                    f"register entry {register_id!r} is not in the register",
                    file=cycle.path,
                    key="cycle.register_id",
                    severity="warning",
                )
            )
    return problems


def _placed(problem: Problem) -> Problem:
    """Add the line of the key a cross-file problem is about."""
    if problem.file is None or problem.key is None or problem.line is not None:
        return problem
    try:
        text = problem.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return problem
    place = locate(key_positions(text), problem.key)
    if place is None:
        return problem
    return dataclasses.replace(problem, line=place[0], column=place[1])


def _data_problems(cycle: model.Cycle) -> list[Problem]:
    from csi_tui.data.source_checks import check_sources  # polars only when data is checked

    return check_sources(cycle)


def _line(problem: Problem) -> str:
    if problem.severity == "error":
        return problem.format()
    return dataclasses.replace(problem, message=f"{problem.severity}: {problem.message}").format()


def run(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    cycles: list[model.Cycle] = []
    registers: list[model.Register] = []
    checked = 0
    for raw in args.paths:
        files, missing = _files_of(Path(raw))
        problems.extend(missing)
        for file in files:
            checked += 1
            loaded, found = check_file(file)
            problems.extend(found)
            if isinstance(loaded, model.Cycle):
                cycles.append(loaded)
                if not args.offline and not any(p.severity == "error" for p in found):
                    problems.extend(_placed(p) for p in _data_problems(loaded))
            elif isinstance(loaded, model.Register):
                registers.append(loaded)
    problems.extend(_placed(p) for p in _across_files(cycles, registers))
    if not args.offline:
        from csi_tui.settings import load_settings

        problems.extend(load_settings().problems)  # what the data checks obeyed
    for problem in problems:
        print(_line(problem), file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        return 2
    warnings = len(problems)
    parts = [f"{len(cycles)} cycle file{'s' * (len(cycles) != 1)}"]
    if registers:
        parts.append(f"{len(registers)} register{'s' * (len(registers) != 1)}")
    note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    print(f"ok: {', '.join(parts)} valid{note}")
    return 0
