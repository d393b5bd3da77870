"""How steps 4, 5 and 6 look: 80x24 and 120x40 in the dark theme, and the light projector theme.

Over the hand-built results of ``charts_fixture`` (no engine, no clock), so the pictures are
deterministic. Update with ``pytest --snapshot-update`` after looking at the new SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from charts_fixture import make_app, settle

CASES = [
    # (step, width, height, theme, extra keys)
    (4, 80, 24, None, ()),
    (4, 120, 40, None, ("b",)),  # with the breakdown pane
    (4, 80, 24, "projector", ()),
    (5, 80, 24, None, ()),
    (5, 120, 40, None, ()),
    (5, 80, 24, "projector", ()),
    (6, 80, 24, None, ()),
    (6, 120, 40, None, ()),
    (6, 120, 40, "projector", ()),
]


@pytest.mark.parametrize(
    ("step", "width", "height", "theme", "keys"),
    CASES,
    ids=[f"step{s}-{w}x{h}-{t or 'dark'}" for s, w, h, t, _k in CASES],
)
def test_step_snapshot(
    snap_compare: Any, step: int, width: int, height: int, theme: str | None, keys: tuple[str, ...]
) -> None:
    app = make_app(theme=theme)

    async def run_before(pilot: Any) -> None:
        await settle(app, pilot)
        await pilot.press(str(step), *keys)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(width, height), run_before=run_before)
