"""After an edit saved in the app, only what the edit touched is computed again, from the result
the open cycle had before the edit: also after step 4 has computed earlier cycles for its
history, and never from a result of another version of the cycle."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from edit_helpers import copy_sample, loaded

from csi_tui.cycle import edit_definitions as ed
from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data import source_compute
from csi_tui.data.engine import compute_cycle
from csi_tui.report.compute_json import compute_to_json
from csi_tui.tui.app import CsiApp


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the metrics the engine computes from now on."""
    seen: list[str] = []
    real = source_compute.compute_metric

    def spy(cycle: Cycle, metric: Metric, *args: Any, **kwargs: Any) -> Any:
        seen.append(metric.id)
        return real(cycle, metric, *args, **kwargs)

    monkeypatch.setattr(source_compute, "compute_metric", spy)
    return seen


def _document(cycle: Cycle, result: Any) -> str:
    return json.dumps(compute_to_json(cycle, result), sort_keys=True, default=str)


async def test_a_filter_edit_computes_that_metric_alone(
    sample_workspace: Path, tmp_path: Path, computed: list[str]
) -> None:
    app = CsiApp(copy_sample(sample_workspace, tmp_path), watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("4")  # the history computes the earlier cycle as well
        await pilot.pause()
        await app.workers.wait_for_complete()
        cycle = app.state.cycle
        assert cycle is not None and app.state.computed_from == cycle
        computed.clear()
        old = cycle.metric("mttr_p1p2")
        assert old is not None
        new = replace(old, filter="priority = '1 - Critical'")
        saved = app.save_cycle_edit(
            "filter", lambda c: ed.replace_metric(c, old.id, new), recompute="data"
        )
        assert saved is not None
        await loaded(app, pilot)
        assert computed == ["mttr_p1p2"]
        assert app.state.computed_from == saved
        result = app.state.compute
        assert result is not None
        full = compute_cycle(saved, use_cache=False, keep_going=True, now=result.computed_at)
        assert _document(saved, result) == _document(saved, full)
        # Undo is an edit too: back to the old filter; the result cache may answer at once,
        # else that metric alone is computed again.
        computed.clear()
        await pilot.press("ctrl+z")
        await loaded(app, pilot)
        assert computed in ([], ["mttr_p1p2"])
        back = app.state.cycle
        assert back is not None and back.metric("mttr_p1p2") == old
        undone = app.state.compute
        assert undone is not None
        again = compute_cycle(back, use_cache=False, keep_going=True, now=undone.computed_at)
        assert _document(back, undone) == _document(back, again)
