"""The shared metric selection of steps 4, 5 and 6: read it and move it (the app state holds it)."""

from __future__ import annotations

from csi_tui.cycle.model import Cycle, Metric
from csi_tui.tui.host import CsiHost


def selected_metric(cycle: Cycle, metric_id: str | None) -> Metric | None:
    """The selected metric, or the first one when nothing (or a metric now gone) is selected."""
    found = cycle.metric(metric_id) if metric_id else None
    return found or (cycle.metrics[0] if cycle.metrics else None)


def move_metric(app: CsiHost, step: int) -> None:
    """Select the previous (-1) or next (+1) metric of the open cycle; stops at the ends."""
    cycle = app.state.cycle
    if cycle is None or not cycle.metrics:
        return
    ids = [m.id for m in cycle.metrics]
    current = selected_metric(cycle, app.state.metric_id)
    index = ids.index(current.id) if current is not None else 0
    target = ids[max(0, min(len(ids) - 1, index + step))]
    app.select_metric(target)
