"""Keep the last good version of the open cycle on screen while its file does not load.

Someone editing the open cycle file in another pane saves it half-done (an unclosed quote); the
file watch reloads, the file does not parse, and the meeting would lose its numbers. Instead the
cycle loaded before stays open, with its results, behind a banner saying why, until the file loads.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.errors import Problem
from csi_tui.tui.state import AppState

HELD_NOTE = "showing the last good version"


def _same(a: Path | None, b: Path | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def shown_cycle(previous: AppState) -> Cycle | None:
    """The cycle on screen before the reload, when there is one worth keeping."""
    cycle = previous.cycle
    if cycle is None or cycle.path is None:
        return None
    return cycle


def problems_of(cycle: Cycle, problems: tuple[object, ...]) -> tuple[Problem, ...]:
    """Those of PROBLEMS that are about CYCLE's file, as Problems naming it."""
    found: list[Problem] = []
    for item in problems:
        if isinstance(item, Problem):
            if item.file is None or _same(item.file, cycle.path):
                found.append(item if item.file is not None else replace(item, file=cycle.path))
        else:
            found.append(Problem(str(item), file=cycle.path))
    return tuple(found)


def held_in(workspace: Workspace, previous: AppState) -> tuple[Workspace, tuple[Problem, ...]]:
    """WORKSPACE with the previously shown cycle put back when its file is now broken.

    Returns the workspace to show and the problems of the held file (empty: nothing held, the
    workspace is returned as it is).
    """
    cycle = shown_cycle(previous)
    if cycle is None or workspace.cycle(cycle.id) is not None:
        return workspace, ()
    broken = next((f for f in workspace.broken if _same(f, cycle.path)), None)
    if broken is None:
        return workspace, ()  # the file was removed or renamed: nothing to hold on to
    problems = problems_of(cycle, workspace.broken[broken])
    others = {f: p for f, p in workspace.broken.items() if f != broken}
    held = replace(workspace, cycles=(*workspace.cycles, cycle), broken=others)
    return held, problems or (Problem("could not be loaded", file=cycle.path),)


def held_after_failure(previous: AppState, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems of the shown cycle's file when opening failed because of that file (a cycle
    file opened on its own); empty when the failure is about something else."""
    cycle = shown_cycle(previous)
    if cycle is None or previous.workspace is None:
        return ()
    mine = tuple(p for p in problems if _same(p.file, cycle.path))
    return mine if mine and len(mine) == len(problems) else ()


def banner_text(held: tuple[Problem, ...], root: Path | None) -> str:
    """One line or two: where the file broke, the parser's words, and what is shown instead."""
    if not held:
        return ""
    first = held[0]
    where = str(first.file) if first.file is not None else "the cycle file"
    if root is not None and first.file is not None:
        with contextlib.suppress(ValueError, OSError):  # outside the workspace: as given
            where = str(first.file.resolve().relative_to(root.resolve()))
    if first.line is not None:
        where += f" line {first.line}"
        if first.column is not None:
            where += f", column {first.column}"
    more = f" (+{len(held) - 1} more)" if len(held) > 1 else ""
    return f"⚠ NOT LOADED {where}: {first.message}{more} · {HELD_NOTE}"
