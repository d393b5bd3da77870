"""One immutable app state, replaced whole with ``dataclasses.replace``; screens watch it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csi_tui.cycle.model import Cycle, Workspace
from csi_tui.errors import Problem

if TYPE_CHECKING:
    # The results module imports polars; the state must not, or the first frame waits for it.
    from csi_tui.data.results import ComputeResult


@dataclass(frozen=True)
class AppState:
    workspace: Workspace | None = None
    cycle_id: str | None = None  # the open cycle
    compute: ComputeResult | None = None  # step 3/4 results of the open cycle
    # The open cycle as it was when ``compute`` was made: after an edit, what the edit left as it
    # was is kept from that result (data/touched.py), never from a result of another version.
    computed_from: Cycle | None = None
    analysis: Any | None = None  # step 5 results (csi_tui.analysis), per metric
    metric_id: str | None = None  # the selected metric, shared by steps 2, 4, 5
    problems: tuple[Problem, ...] = ()  # what went wrong loading or computing
    busy: str | None = None  # what is running now, e.g. "Reading incidents.csv"
    opened_path: Path | None = None
    message: str | None = None  # e.g. "Created your workspace at ..."
    progress: float | None = None  # 0..1 of the running load when known, else None
    loaded: bool = False  # the first load finished (with or without problems)
    # The open cycle's file does not load (e.g. half-saved): its problems, while the last good
    # version of the cycle stays on screen (tui/last_good.py). Empty when the file loaded.
    held: tuple[Problem, ...] = ()

    @property
    def cycle(self) -> Cycle | None:
        if self.workspace is None or self.cycle_id is None:
            return None
        return self.workspace.cycle(self.cycle_id)
