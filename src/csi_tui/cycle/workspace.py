"""Open a workspace folder (or one cycle file) and create the default workspace on first run.

A broken cycle file does not stop the others from opening: its problems go into
``Workspace.broken`` so the app can show them beside the cycles that did load.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from csi_tui import paths
from csi_tui.cycle import model
from csi_tui.cycle.load import check_file
from csi_tui.errors import CsiError, Problem

CYCLES_DIR = "cycles"
REGISTER_FILE = "register.toml"


def cycle_files(folder: Path) -> list[Path]:
    """The cycle files of a workspace, sorted by name."""
    return sorted(p for p in (Path(folder) / CYCLES_DIR).glob("*.toml") if p.is_file())


def open_workspace(folder: Path) -> model.Workspace:
    """Load ``register.toml`` (optional) and every ``cycles/*.toml`` of ``folder``."""
    folder = Path(folder)
    if not folder.exists():
        raise CsiError.one("no such folder", file=folder, hint="check the path")
    if not folder.is_dir():
        raise CsiError.one("is not a folder", file=folder)
    files = cycle_files(folder)
    if not files:
        raise CsiError.one(
            f"no cycle files: a workspace keeps its cycles in {CYCLES_DIR}/*.toml",
            file=folder,
            hint=f"create one with 'csi-tui new {folder / CYCLES_DIR / 'first.toml'}'",
        )
    broken: dict[Path, tuple[object, ...]] = {}
    cycles: list[model.Cycle] = []
    for file in files:
        cycle, problems = check_file(file)
        if isinstance(cycle, model.Cycle):
            cycles.append(cycle)
        else:
            broken[file] = problems
    register: model.Register | None = None
    register_path = folder / REGISTER_FILE
    if register_path.exists():
        loaded, problems = check_file(register_path)
        if isinstance(loaded, model.Register):
            register = loaded
        else:
            broken[register_path] = problems
    _duplicate_cycle_ids(cycles, broken)
    return model.Workspace(root=folder, cycles=tuple(cycles), register=register, broken=broken)


def _duplicate_cycle_ids(cycles: list[model.Cycle], broken: dict[Path, tuple[object, ...]]) -> None:
    """Two files with one cycle id: the later file is set aside, the first one opens."""
    seen: dict[str, Path] = {}
    for cycle in list(cycles):
        assert cycle.path is not None
        first = seen.get(cycle.id)
        if first is None:
            seen[cycle.id] = cycle.path
            continue
        cycles.remove(cycle)
        broken[cycle.path] = (
            Problem(
                f"cycle id {cycle.id!r} is already used by {first.name}",
                file=cycle.path,
                key="cycle.id",
                hint="give each cycle file its own id",
            ),
        )


def open_target(path: Path) -> model.Workspace:
    """A workspace from a folder, or from one cycle file.

    A cycle file inside a workspace's ``cycles/`` folder opens that whole workspace with the file's
    cycle selected, so the service's earlier cycles (step 4's comparison, step 7's history) come
    along. A cycle file anywhere else opens alone, with its folder's register when there is one.
    """
    path = Path(path)
    if not path.exists():
        raise CsiError.one(
            "no such file or folder", file=path, hint="give a cycle file or a workspace folder"
        )
    if path.is_dir():
        return open_workspace(path)
    if path.parent.name == CYCLES_DIR and path.suffix == ".toml":
        return _workspace_of(path)
    cycle, problems = check_file(path)
    if not isinstance(cycle, model.Cycle):
        raise CsiError(tuple(p for p in problems if p.severity == "error"))
    root = path.parent
    register: model.Register | None = None
    broken: dict[Path, tuple[object, ...]] = {}
    if (root / REGISTER_FILE).exists():
        loaded, reg_problems = check_file(root / REGISTER_FILE)
        if isinstance(loaded, model.Register):
            register = loaded
        else:
            broken[root / REGISTER_FILE] = reg_problems
    return model.Workspace(
        root=root, cycles=(cycle,), register=register, broken=broken, selected=cycle.id
    )


def _workspace_of(path: Path) -> model.Workspace:
    """The workspace above ``cycles/``, with the cycle of ``path`` selected. The file asked for
    must load: its own problems are raised (the siblings' problems stay in ``broken``)."""
    workspace = open_workspace(path.parent.parent)
    wanted = path.resolve()
    for file, problems in workspace.broken.items():
        if file.resolve() == wanted:
            errors = tuple(p for p in problems if isinstance(p, Problem) and p.severity == "error")
            raise CsiError(errors or tuple(p for p in problems if isinstance(p, Problem)))
    chosen = next(
        (c for c in workspace.cycles if c.path is not None and c.path.resolve() == wanted), None
    )
    if chosen is None:  # not expected: every cycle file either loads or is broken
        raise CsiError.one("this cycle file could not be opened", file=path)
    return replace(workspace, selected=chosen.id)


def ensure_default_workspace() -> tuple[Path, bool]:
    """The user's default workspace; on first run a copy of the bundled sample (created=True)."""
    target = paths.default_workspace()
    if target.exists():
        return target, False
    source = paths.bundled_sample_workspace()
    if not source.is_dir() or not any(source.glob(f"{CYCLES_DIR}/*.toml")):
        raise CsiError.one(
            "the bundled sample workspace is missing from this installation",
            file=source,
            hint="reinstall csi-tui, or open a workspace folder: csi-tui PATH",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copied beside the target and renamed, so an interrupted first run leaves no half workspace.
    staging = target.with_name(f".{target.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns(".keep", "__pycache__"))
    staging.rename(target)
    return target, True
