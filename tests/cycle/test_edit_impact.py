"""What an edit makes stale, and the result cache key that follows from it."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from csi_tui.cycle import model
from csi_tui.cycle.edit_impact import metric_impact, source_impact
from csi_tui.cycle.load import load_cycle
from csi_tui.data.source_cache import result_cache_key, source_cache_key

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
NOW = datetime(2026, 12, 3, 9, 0)


@pytest.fixture(scope="module")
def cycle() -> model.Cycle:
    return load_cycle(SAMPLE / "cycles" / "email-2026-p1p2-mttr.toml")


def _with_metric(cycle: model.Cycle, **changes: object) -> model.Cycle:
    metric = dataclasses.replace(cycle.metrics[0], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(cycle, metrics=(metric, *cycle.metrics[1:]))


EXPECTATIONS = [
    {"target": 6.0},
    {"amber": 8.0},
    {"baseline": 11.0},
    {"direction": "higher"},
    {"name": "Another name"},
    {"description": "Words"},
    {"target_date": None},
    {"guardrails": ("backlog",)},
    {"csf": "quality-fix"},
]
RESULTS = [
    {"filter": "priority = '1 - Critical'"},
    {"kpi": "mttr_median"},
    {"kpi": None, "formula": "AVG(resolution_hours)"},
    {"breakdowns": ("priority",)},
    {"top_n": 3},
    {"options": {"at": "resolved_at"}},
    {"source": "satisfaction"},
    {"unit": "hours"},
]


@pytest.mark.parametrize("changes", EXPECTATIONS, ids=lambda c: ",".join(c))
def test_an_expectation_edit_keeps_the_key(cycle: model.Cycle, changes: dict[str, object]) -> None:
    edited = _with_metric(cycle, **changes)
    assert metric_impact(cycle.metrics[0], edited.metrics[0]) == "analysis"
    assert result_cache_key(edited, NOW) == result_cache_key(cycle, NOW)


@pytest.mark.parametrize("changes", RESULTS, ids=lambda c: ",".join(c))
def test_a_result_edit_changes_the_key(cycle: model.Cycle, changes: dict[str, object]) -> None:
    edited = _with_metric(cycle, **changes)
    assert metric_impact(cycle.metrics[0], edited.metrics[0]) == "data"
    assert result_cache_key(edited, NOW) != result_cache_key(cycle, NOW)


def test_added_removed_and_unchanged(cycle: model.Cycle) -> None:
    metric = cycle.metrics[0]
    assert metric_impact(None, metric) == "data"
    assert metric_impact(metric, None) == "data"
    assert metric_impact(metric, metric) == "none"
    fewer = dataclasses.replace(cycle, metrics=cycle.metrics[1:])
    assert result_cache_key(fewer, NOW) != result_cache_key(cycle, NOW)


def test_the_cycle_status_keeps_the_keys_and_the_grain_does_not(cycle: model.Cycle) -> None:
    source = cycle.sources[0]
    status = dataclasses.replace(
        cycle, cycle=dataclasses.replace(cycle.cycle, status="closed", title="Renamed")
    )
    assert result_cache_key(status, NOW) == result_cache_key(cycle, NOW)
    assert source_cache_key(status, source, None, NOW) == source_cache_key(cycle, source, None, NOW)
    grain = dataclasses.replace(cycle, cycle=dataclasses.replace(cycle.cycle, grain="week"))
    assert result_cache_key(grain, NOW) != result_cache_key(cycle, NOW)
    window = dataclasses.replace(
        cycle, cycle=dataclasses.replace(cycle.cycle, end=cycle.cycle.end.replace(day=30))
    )
    assert result_cache_key(window, NOW) != result_cache_key(cycle, NOW)


def test_a_source_edit(cycle: model.Cycle) -> None:
    source = cycle.sources[0]
    changed = dataclasses.replace(source, filter="1 = 1")
    assert source_impact(source, changed) == "data"
    assert source_impact(source, source) == "none"
    edited = dataclasses.replace(cycle, sources=(changed, *cycle.sources[1:]))
    assert result_cache_key(edited, NOW) != result_cache_key(cycle, NOW)
