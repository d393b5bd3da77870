"""Re-analysing after an expectation edit gives exactly what a full analysis gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from csi_tui.analysis.analyse import analyse_cycle
from csi_tui.analysis.reanalyse import keeps_every_comparison, reanalyse_cycle
from csi_tui.cycle import model
from csi_tui.cycle.load import load_cycle
from csi_tui.data.engine import compute_cycle

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture(scope="module")
def computed() -> tuple[model.Cycle, object, object]:
    cycle = load_cycle(SAMPLE / "cycles" / "email-2026-p1p2-mttr.toml")
    result = compute_cycle(cycle, use_cache=False)
    return cycle, result, analyse_cycle(cycle, result)


def _edit(cycle: model.Cycle, metric_id: str, **changes: object) -> model.Cycle:
    metrics = tuple(
        dataclasses.replace(m, **changes) if m.id == metric_id else m  # type: ignore[arg-type]
        for m in cycle.metrics
    )
    return dataclasses.replace(cycle, metrics=metrics)


@pytest.mark.parametrize(
    ("metric_id", "changes"),
    [
        ("mttr_p1p2", {"target": 6.0}),
        ("mttr_p1p2", {"target": 20.0, "amber": 25.0}),  # the verdict changes
        ("mttr_p1p2", {"baseline": 15.0}),
        ("reopen_rate", {"direction": "higher"}),  # a guardrail of mttr_p1p2
        ("reopen_rate", {"name": "Reopened"}),
        ("sla_compliance", {"target": 95.0, "target_date": None}),
        ("backlog", {"target": 5.0}),  # a guardrail too
    ],
)
def test_the_same_as_a_full_analysis(
    computed: tuple[model.Cycle, object, object], metric_id: str, changes: dict[str, object]
) -> None:
    cycle, result, previous = computed
    assert cycle.metric(metric_id) is not None
    edited = _edit(cycle, metric_id, **changes)
    again = reanalyse_cycle(edited, result, previous, cycle)  # type: ignore[arg-type]
    full = analyse_cycle(edited, result)  # type: ignore[arg-type]
    assert again == full
    assert again != previous


def test_untouched_metrics_are_kept(computed: tuple[model.Cycle, object, object]) -> None:
    cycle, result, previous = computed
    edited = _edit(cycle, "mttr_p1p2", target=6.0)
    again = reanalyse_cycle(edited, result, previous, cycle)  # type: ignore[arg-type]
    for old, new in zip(previous.metrics, again.metrics, strict=True):  # type: ignore[attr-defined]
        assert (new is old) == (old.metric_id != "mttr_p1p2")
    assert reanalyse_cycle(cycle, result, previous, cycle) is previous  # type: ignore[arg-type]


def test_a_settings_edit_analyses_everything(computed: tuple[model.Cycle, object, object]) -> None:
    cycle, result, previous = computed
    edited = dataclasses.replace(cycle, analysis=dataclasses.replace(cycle.analysis, alpha=0.1))
    assert reanalyse_cycle(edited, result, previous, cycle) == analyse_cycle(edited, result)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("metric_id", "changes", "quick"),
    [
        ("mttr_p1p2", {"target": 6.0}, True),
        ("mttr_p1p2", {"amber": 9.5, "baseline": 14.0, "name": "MTTR"}, True),
        ("mttr_p1p2", {"direction": "higher"}, False),  # the before/after test runs again
        ("mttr_p1p2", {"unit": "min"}, False),
    ],
)
def test_which_edits_keep_every_comparison(
    computed: tuple[model.Cycle, object, object],
    metric_id: str,
    changes: dict[str, object],
    quick: bool,
) -> None:
    cycle, _result, analysis = computed
    edited = _edit(cycle, metric_id, **changes)
    assert keeps_every_comparison(edited, analysis, cycle) is quick  # type: ignore[arg-type]


def test_a_metric_added_does_not_keep_the_frame(
    computed: tuple[model.Cycle, object, object],
) -> None:
    cycle, _result, analysis = computed
    extra = dataclasses.replace(cycle.metrics[0], id="extra")
    grown = dataclasses.replace(cycle, metrics=(*cycle.metrics, extra))
    assert keeps_every_comparison(grown, analysis, cycle) is False  # type: ignore[arg-type]
