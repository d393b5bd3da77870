"""Direction helpers: which way is good for a metric, and labels for movements."""

from __future__ import annotations

from csi_tui.analysis.results import Label
from csi_tui.cycle.model import Direction


def good_sign(direction: Direction) -> int:
    """+1 when higher is better, -1 when lower is better."""
    return 1 if direction == "higher" else -1


def label_of(delta: float, direction: Direction) -> Label | None:
    """``"improvement"`` when ``delta`` moves the metric its good way, ``"concern"`` when the bad
    way, None for no movement."""
    if delta == 0:
        return None
    return "improvement" if (delta > 0) == (direction == "higher") else "concern"


def flip(label: Label | None) -> Label | None:
    if label is None:
        return None
    return "concern" if label == "improvement" else "improvement"
