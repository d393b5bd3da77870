"""Recompute only what an edit touched (``compute_cycle(previous=...)``, ``data/touched.py``).

For each edit of the sample workspace's cycle, the result computed from the previous one equals
a full compute of the edited cycle (its JSON document and every kept observation), and a spy on
the engine shows which metrics were computed and which sources were read: only the touched
ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.model import Cycle, Metric
from csi_tui.data import source_compute
from csi_tui.data.engine import compute_cycle
from csi_tui.data.results import ComputeResult
from csi_tui.report.compute_json import compute_to_json

NOW = datetime(2027, 2, 1, tzinfo=UTC)
CYCLE = "email-2026-p1p2-mttr"
Edit = Callable[[Cycle], Cycle]


def _metric(cycle: Cycle, metric_id: str, **changes: Any) -> Cycle:
    metrics = tuple(replace(m, **changes) if m.id == metric_id else m for m in cycle.metrics)
    return replace(cycle, metrics=metrics)


def _source(cycle: Cycle, source_id: str, **changes: Any) -> Cycle:
    sources = tuple(replace(s, **changes) if s.id == source_id else s for s in cycle.sources)
    return replace(cycle, sources=sources)


def _added(cycle: Cycle) -> Cycle:
    csat = next(m for m in cycle.metrics if m.id == "csat")
    return replace(cycle, metrics=(*cycle.metrics, replace(csat, id="csat_all", filter=None)))


def _removed(cycle: Cycle) -> Cycle:
    return replace(cycle, metrics=tuple(m for m in cycle.metrics if m.id != "reopen_rate"))


# edit -> (metrics it computes, sources it reads)
EDITS: dict[str, tuple[Edit, set[str], set[str]]] = {
    "formula": (
        lambda c: _metric(c, "volume", kpi=None, formula="COUNT(*)"),
        {"volume"},
        {"incidents"},
    ),
    "filter": (
        lambda c: _metric(c, "mttr_p1p2", filter="priority = '1 - Critical'"),
        {"mttr_p1p2"},
        {"incidents"},
    ),
    "breakdown": (
        lambda c: _metric(c, "sla_compliance", breakdowns=("priority", "assignment_group")),
        {"sla_compliance"},
        {"incidents"},
    ),
    "source filter": (
        lambda c: _source(
            c, "outages", filter="type = 'outage' AND cmdb_ci <> 'VPN gateway cluster'"
        ),
        {"availability"},
        {"outages"},
    ),
    "metric added": (_added, {"csat_all"}, {"satisfaction"}),
    "metric removed": (_removed, set(), {"incidents"}),
    "target only": (lambda c: _metric(c, "mttr_p1p2", target=6.0), set(), set()),
}


@pytest.fixture(scope="module")
def base(sample_workspace: Path) -> tuple[Cycle, ComputeResult]:
    cycle = load_cycle(sample_workspace / "cycles" / f"{CYCLE}.toml")
    return cycle, compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)


class Spy:
    def __init__(self) -> None:
        self.computed: list[str] = []
        self.read: list[str] = []


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    seen = Spy()
    real_metric, real_load = source_compute.compute_metric, source_compute.load

    def metric(cycle: Cycle, metric: Metric, *args: Any, **kwargs: Any) -> Any:
        seen.computed.append(metric.id)
        return real_metric(cycle, metric, *args, **kwargs)

    def load(cycle: Cycle, plan: Any, *args: Any) -> Any:
        seen.read.append(plan.id)
        return real_load(cycle, plan, *args)

    monkeypatch.setattr(source_compute, "compute_metric", metric)
    monkeypatch.setattr(source_compute, "load", load)
    yield seen


def _document(cycle: Cycle, result: ComputeResult) -> str:
    return json.dumps(compute_to_json(cycle, result), sort_keys=True, default=str)


def _same(cycle: Cycle, got: ComputeResult, full: ComputeResult) -> None:
    assert _document(cycle, got) == _document(cycle, full)
    assert got == full
    assert got.problems == full.problems
    for a, b in zip(got.metrics, full.metrics, strict=True):
        assert a.observation_count == b.observation_count, a.metric_id
        if b.observations is None:
            assert a.observations is None
        else:
            assert a.observations is not None and a.observations.equals(b.observations)


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_computes_only_what_it_touched(
    name: str, base: tuple[Cycle, ComputeResult], spy: Spy
) -> None:
    edit, computes, reads = EDITS[name]
    cycle = edit(base[0])
    got = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True, previous=base)
    assert set(spy.computed) == computes and len(spy.computed) == len(computes)
    assert set(spy.read) == reads and len(spy.read) == len(reads)
    spy.computed.clear()
    spy.read.clear()
    full = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)
    assert len(spy.computed) == len(cycle.metrics)  # the spy sees a full compute whole
    _same(cycle, got, full)


def test_nothing_is_kept_across_days_or_periods(
    base: tuple[Cycle, ComputeResult], spy: Spy
) -> None:
    old_cycle, _ = base
    later = datetime(2027, 2, 2, tzinfo=UTC)
    compute_cycle(old_cycle, use_cache=False, now=later, keep_going=True, previous=base)
    assert len(spy.computed) == len(old_cycle.metrics)
    spy.computed.clear()
    monthly = replace(old_cycle, cycle=replace(old_cycle.cycle, grain="week"))
    compute_cycle(monthly, use_cache=False, now=NOW, keep_going=True, previous=base)
    assert len(spy.computed) == len(old_cycle.metrics)


def test_a_broken_part_is_computed_again(
    base: tuple[Cycle, ComputeResult], spy: Spy, tmp_path: Path
) -> None:
    # A bad filter: the metric has a problem; fixing something else keeps the problem's text
    # and key as a full compute gives them (the metric is computed again, not kept).
    old_cycle, _ = base
    broken = _metric(old_cycle, "reopen_rate", filter="no_such_column > 1")
    first = compute_cycle(broken, use_cache=False, now=NOW, keep_going=True)
    assert first.problems
    moved = _removed(_metric(broken, "volume", target=1.0))
    moved = replace(
        moved, metrics=(*moved.metrics, *(m for m in broken.metrics if m.id == "reopen_rate"))
    )
    spy.computed.clear()
    got = compute_cycle(moved, use_cache=False, now=NOW, keep_going=True, previous=(broken, first))
    assert spy.computed == ["reopen_rate"]
    full = compute_cycle(moved, use_cache=False, now=NOW, keep_going=True)
    _same(moved, got, full)
    assert [p.key for p in got.problems] == [p.key for p in full.problems]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3, unique=True))
def test_edits_together_equal_a_full_compute(
    base: tuple[Cycle, ComputeResult], names: list[str]
) -> None:
    cycle = base[0]
    for name in names:
        cycle = EDITS[name][0](cycle)
    got = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True, previous=base)
    full = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)
    _same(cycle, got, full)


def test_a_source_added_and_one_removed(base: tuple[Cycle, ComputeResult], spy: Spy) -> None:
    old_cycle, _ = base
    outages = next(s for s in old_cycle.sources if s.id == "outages")
    copy = replace(outages, id="outages2")
    cycle = replace(
        old_cycle,
        sources=(*(s for s in old_cycle.sources if s.id != "satisfaction"), copy),
        metrics=(
            *(m for m in old_cycle.metrics if m.source != "satisfaction"),
            Metric(id="avail2", name="Availability 2", source="outages2", kpi="availability"),
        ),
    )
    got = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True, previous=base)
    assert spy.computed == ["avail2"] and spy.read == ["outages2"]
    full = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)
    _same(cycle, got, full)
    assert [s.id for s in got.sources] == ["incidents", "outages", "outages2"]
