"""Step 5 over the project's sample workspace, through the real cycle loader and data engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from csi_tui.analysis import analyse_cycle, cycle_analysis_to_json
from csi_tui.analysis.results import CycleAnalysis
from csi_tui.cycle.load import load_cycle
from csi_tui.data.engine import compute_cycle

# a fixed "now" after both sample cycles ended: every period is complete, the answer never moves
NOW = datetime(2027, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module", params=["email-2026-p1p2-mttr", "email-2025-first-fix"])
def analysed(request: pytest.FixtureRequest, sample_workspace: Path) -> CycleAnalysis:
    cycle = load_cycle(sample_workspace / "cycles" / f"{request.param}.toml")
    return analyse_cycle(cycle, compute_cycle(cycle, use_cache=False, now=NOW))


def test_every_metric_is_analysed_and_json_safe(analysed: CycleAnalysis) -> None:
    assert analysed.metrics
    out = cycle_analysis_to_json(analysed)
    json.dumps(out, allow_nan=False)
    for m in analysed.metrics:
        assert m.verdict, m.metric_id
        assert "status" in m.lines


def test_the_mttr_story_reads_as_a_real_shift(sample_workspace: Path) -> None:
    cycle = load_cycle(sample_workspace / "cycles" / "email-2026-p1p2-mttr.toml")
    analysis = analyse_cycle(cycle, compute_cycle(cycle, use_cache=False, now=NOW))
    mttr = analysis.metric("mttr_p1p2")
    assert mttr is not None and mttr.comparison is not None
    assert mttr.comparison.basis == "observations"
    assert mttr.comparison.significant and mttr.comparison.label == "improvement"
    assert "the drop is a real shift" in mttr.verdict[0]
