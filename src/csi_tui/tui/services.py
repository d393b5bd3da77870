"""The calls the dashboard makes into the core, behind one small object so tests can swap them.

Every import of the core's heavy parts (polars, the engine, scipy) happens inside these functions,
which only ever run in thread workers: the first frame is painted before any of them is paid for.
"""

from __future__ import annotations

import glob
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.errors import CsiError, Problem
from csi_tui.tui.heap import freeze_long_lived

Progress = Callable[..., None]
# The open cycle before an edit made in the app, and the ComputeResult made from it (typed Any: the
# results module imports polars, which the first frame must not wait for).
Previous = tuple[Cycle, Any]


class Compute(Protocol):
    def __call__(
        self, cycle: Cycle, progress: Progress | None = None, previous: Previous | None = None
    ) -> Any: ...


def _missing(what: str, error: ImportError) -> CsiError:
    return CsiError.one(
        f"{what} is not available in this installation ({error})",
        hint="reinstall csi-tui; if you run from a checkout, pull the latest version",
    )


def open_workspace(path: Path | None) -> tuple[Workspace, str | None]:
    """Open PATH (a cycle file or workspace folder) or the default workspace.

    Returns the workspace and a message for the user when something was created.
    """
    try:
        from csi_tui.cycle import workspace as ws_module
    except ImportError as error:
        raise _missing("the workspace loader", error) from error
    if path is not None:
        return ws_module.open_target(path), None
    root, created = ws_module.ensure_default_workspace()
    message = f"Created your workspace at {root}" if created else None
    return ws_module.open_target(root), message


def compute(
    cycle: Cycle, progress: Progress | None = None, previous: Previous | None = None
) -> Any:
    """Compute ``cycle``; ``previous`` (the cycle before an edit made in the app, and its result)
    keeps what the edit left as it was. Never after a change on disk: a data file may have
    changed, which the cycle's definition does not show."""
    try:
        from csi_tui.data import engine
    except ImportError as error:
        raise _missing("the data engine", error) from error
    freeze_long_lived()  # polars and the engine, just imported
    # keep_going: a missing or empty source becomes findings on that source; the rest computes.
    return engine.compute_cycle(
        cycle, use_cache=True, progress=progress, keep_going=True, previous=previous
    )


# The last analysis made, with its cycle and results: an edit of expectations alone (a target
# saved from a form) is then re-analysed from it, keeping what the edit cannot change.
_last_analysis: list[tuple[Cycle, Any, Any]] = []
_analysis_lock = threading.Lock()


def analyse(cycle: Cycle, result: Any) -> Any:
    try:
        from csi_tui.analysis import analyse as analyse_module
        from csi_tui.analysis.reanalyse import reanalyse_cycle
    except ImportError as error:
        raise _missing("the analysis", error) from error
    freeze_long_lived()  # scipy and the analysis, just imported
    with _analysis_lock:
        last = _last_analysis[0] if _last_analysis else None
    if last is not None and last[1] is result and last[0].id == cycle.id:
        analysis = reanalyse_cycle(cycle, result, last[2], last[0])
    else:
        analysis = analyse_module.analyse_cycle(cycle, result)
    with _analysis_lock:
        _last_analysis[:] = [(cycle, result, analysis)]
    return analysis


def reanalyse_now(cycle: Cycle, result: Any) -> Any | None:
    """Step 5 again after an expectation edit when it is quick enough for the UI thread: the last
    analysis was of this very result and the edit keeps every before/after comparison (a few ms,
    whatever the data's size). None when it would take longer: then ``analyse`` in a thread."""
    with _analysis_lock:
        last = _last_analysis[0] if _last_analysis else None
    if last is None or last[1] is not result or last[0].id != cycle.id:
        return None
    # Imported only now: an analysis ran, so the analysis modules (and scipy) are in already and
    # the UI thread never waits for their first import.
    from csi_tui.analysis.reanalyse import keeps_every_comparison, reanalyse_cycle

    before, _, previous = last
    if not keeps_every_comparison(cycle, previous, before):
        return None
    analysis = reanalyse_cycle(cycle, result, previous, before)
    with _analysis_lock:
        _last_analysis[:] = [(cycle, result, analysis)]
    return analysis


@dataclass(frozen=True)
class Services:
    """What the app calls to load; the defaults reach the real core."""

    open_workspace: Callable[[Path | None], tuple[Workspace, str | None]] = open_workspace
    compute: Compute = compute
    analyse: Callable[[Cycle, Any], Any] = analyse
    reanalyse_now: Callable[[Cycle, Any], Any | None] = reanalyse_now


def broken_problems(workspace: Workspace) -> tuple[Problem, ...]:
    """The problems of cycle or register files that could not be loaded, as Problems."""
    found: list[Problem] = []
    for file, problems in workspace.broken.items():
        for item in problems:
            if isinstance(item, Problem):
                found.append(item if item.file is not None else _with_file(item, file))
            else:
                found.append(Problem(str(item), file=file))
    return tuple(found)


def _with_file(problem: Problem, file: Path) -> Problem:
    from dataclasses import replace

    return replace(problem, file=file)


def source_files(cycle: Cycle) -> list[Path]:
    """The data files a cycle reads (globs expanded), relative to the cycle file."""
    if cycle.path is None:
        return []
    from csi_tui.data.readers import fixed_part  # polars: only once a cycle is open
    from csi_tui.data.source_access import allowed, is_url
    from csi_tui.settings import load_settings

    base = cycle.path.parent
    settings = load_settings()
    files: list[Path] = []
    for source in cycle.sources:
        # As the engine's readers resolve them (~ expanded, ** globs), but a missing file is kept:
        # its appearing on disk is a change to reload for. What the engine refuses (a URL, a
        # path outside the workspace) is not watched: "/**/*.csv" would walk the whole disk.
        if is_url(source.path):
            continue
        given = Path(source.path).expanduser()
        pattern = str(given if given.is_absolute() else base / given)
        if not allowed(fixed_part(Path(os.path.normpath(pattern))), cycle.path, settings):
            continue
        matches = (
            sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        )
        files.extend(Path(os.path.normpath(m)) for m in matches)
    return files


def watched_files(workspace: Workspace | None, cycle: Cycle | None) -> list[Path]:
    """The files whose change on disk means a reload: the open cycle, its data, the register."""
    files: list[Path] = []
    if cycle is not None and cycle.path is not None:
        files.append(cycle.path)
        files.extend(source_files(cycle))
    if workspace is not None:
        if workspace.register is not None and workspace.register.path:
            files.append(workspace.register.path)
        files.extend(workspace.broken)  # fixing a broken cycle file reloads too
    return files


def target_files(path: Path | None) -> list[Path]:
    """The files behind a PATH that could not be opened: the cycle file, or a folder's cycle
    files and register (the default workspace when PATH is None)."""
    from csi_tui import paths

    root = path if path is not None else paths.default_workspace()
    if root.is_file() or root.suffix == ".toml":
        return [root]
    return [root / "register.toml", *sorted((root / "cycles").glob("*.toml"))]


def mtimes(files: list[Path]) -> Mapping[Path, float | None]:
    """Modification time of each file; None for a file that is missing (its appearing counts)."""
    stamps: dict[Path, float | None] = {}
    for file in files:
        try:
            stamps[file] = file.stat().st_mtime_ns / 1e9
        except OSError:
            stamps[file] = None
    return stamps


def relative_to_root(file: str | Path, root: Path | None) -> str:
    """A path as users see it: relative to the workspace when inside it."""
    path = Path(file)
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
