"""Editing the strategy, the metrics and the register in place keeps every comment."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest

from csi_tui.cycle import edit_definitions as ed
from csi_tui.cycle import model
from csi_tui.cycle.load import load_cycle, load_register
from csi_tui.errors import CsiError

from .test_edit import comments_and_blank_lines, is_subsequence

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
CYCLE = "cycles/email-2026-p1p2-mttr.toml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def cycle(root: Path) -> model.Cycle:
    return load_cycle(root / CYCLE)


def _comments(path: Path) -> list[str]:
    return comments_and_blank_lines(path.read_text())


def test_a_target_edit_changes_one_line(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    before = cycle.path.read_text().splitlines()
    metric = cycle.metrics[0]
    saved = ed.replace_metric(cycle, metric.id, dataclasses.replace(metric, target=6.5))
    after = cycle.path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("target = 7.5", "target = 6.5")]
    assert saved.metric(metric.id) == dataclasses.replace(metric, target=6.5)
    assert load_cycle(cycle.path) == saved


def test_every_metric_field_can_change(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    comments = _comments(cycle.path)
    old = cycle.metrics[0]
    new = dataclasses.replace(
        old,
        name="MTTR of P1 and P2",
        type="process",
        csf="quality-fix",
        kpi="mttr_median",
        filter="priority = '1 - Critical'",
        unit="hours",
        direction="lower",
        baseline=12.0,
        target=7.0,
        amber=None,  # removed
        target_date=date(2026, 11, 30),
        guardrails=("reopen_rate",),
        breakdowns=(),  # removed
        top_n=None,
        description="Changed.",
        options={"clock": "calendar"},
    )
    saved = ed.replace_metric(cycle, old.id, new)
    assert saved.metric(old.id) == new
    assert load_cycle(cycle.path) == saved
    assert is_subsequence(comments, _comments(cycle.path))
    text = cycle.path.read_text()
    assert 'options = {clock = "calendar"}' in text


def test_a_formula_replaces_the_kpi(cycle: model.Cycle) -> None:
    old = cycle.metrics[0]
    new = dataclasses.replace(old, kpi=None, formula="AVG(resolution_hours)")
    saved = ed.replace_metric(cycle, old.id, new)
    assert saved.metric(old.id) == new
    assert cycle.path is not None and "kpi = " not in cycle.path.read_text().split("[[metrics]]")[1]


def test_an_invalid_metric_writes_nothing(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    before = cycle.path.read_bytes()
    old = cycle.metrics[0]
    for bad, words in [
        (dataclasses.replace(old, csf="speed"), "CSF 'speed' is not defined"),
        (dataclasses.replace(old, filter="priority IN ('1'"), "not a valid polars SQL"),
        (dataclasses.replace(old, kpi="mttr_maen"), "unknown KPI 'mttr_maen'"),
        (dataclasses.replace(old, kpi=None), "has neither kpi nor formula"),
        (dataclasses.replace(old, source="tickets"), "source 'tickets' is not defined"),
    ]:
        with pytest.raises(CsiError, match=words):
            ed.replace_metric(cycle, old.id, bad)
    assert cycle.path.read_bytes() == before


def test_add_and_remove_a_metric(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    comments = _comments(cycle.path)
    new = model.Metric(
        id="volume_email", name="Email volume", source="incidents", kpi="volume", unit="tickets"
    )
    added = ed.add_metric(cycle, new)
    assert added.metrics[-1] == new
    assert is_subsequence(comments, _comments(cycle.path))
    with pytest.raises(CsiError, match="already exists"):
        ed.add_metric(added, new)
    removed = ed.remove_metric(added, "volume_email")
    assert removed.metric("volume_email") is None
    assert removed.metrics == cycle.metrics
    # Every comment of the original file is still there, in order.
    assert is_subsequence(comments, _comments(cycle.path))


def test_removing_a_metric_keeps_the_next_sections_heading(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    comments = _comments(cycle.path)
    last = cycle.metrics[-1]
    assert not ed.metric_users(cycle, last.id)
    removed = ed.remove_metric(cycle, last.id)
    assert removed.metric(last.id) is None
    assert "# ------------------------------------------------------------------ step 5" in (
        cycle.path.read_text()
    )
    own = [c for c in comments if c.startswith("#")]
    kept = [c for c in _comments(cycle.path) if c.startswith("#")]
    assert is_subsequence(kept, own) and len(own) - len(kept) <= 2  # only the metric's own


def test_a_guardrail_cannot_be_removed(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    before = cycle.path.read_bytes()
    with pytest.raises(CsiError) as caught:
        ed.remove_metric(cycle, "reopen_rate")
    problem = caught.value.problems[0]
    assert "guardrail of 'mttr_p1p2'" in problem.message
    assert problem.hint is not None and "remove it from the guardrails" in problem.hint
    assert cycle.path.read_bytes() == before


def test_the_strategy_edit(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    comments = _comments(cycle.path)
    old = cycle.strategy
    strategy = dataclasses.replace(
        old,
        vision="Email is back within the hour.",
        objectives=(*old.objectives, "A fourth objective"),
        csfs=(
            dataclasses.replace(old.csfs[0], name="Failures restored fast"),
            *old.csfs[1:],
            model.Csf("cheap", "It costs little", "New CSF"),
        ),
    )
    saved = ed.set_strategy(cycle, strategy)
    assert saved.strategy == strategy
    text = cycle.path.read_text()
    assert 'business_need = """\nAn Email P1 stops sales' in text  # untouched: its layout too
    assert is_subsequence(comments, _comments(cycle.path))
    assert load_cycle(cycle.path) == saved


def test_a_csf_in_use_cannot_be_removed(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    before = cycle.path.read_bytes()
    strategy = dataclasses.replace(cycle.strategy, csfs=cycle.strategy.csfs[1:])
    with pytest.raises(CsiError, match="CSF 'fast-restore' is not defined"):
        ed.set_strategy(cycle, strategy)
    assert cycle.path.read_bytes() == before


def test_a_register_entry_edit(root: Path) -> None:
    path = root / "register.toml"
    register = load_register(path)
    comments = _comments(path)
    old = register.opportunities[1]
    new = dataclasses.replace(
        old, state="monitor", actioned_by="Kim Lee", priority="critical", size="XL",
        due=date(2027, 1, 31), description="Shorter words",
    )  # fmt: skip
    saved = ed.replace_opportunity(register, old.id, new)
    assert saved.get(old.id) == new
    assert load_register(path) == saved
    assert is_subsequence(comments, _comments(path))
    before = path.read_bytes()
    with pytest.raises(CsiError):
        ed.replace_opportunity(saved, old.id, dataclasses.replace(new, closure_code="successful",
                                                                  state="bogus"))  # type: ignore[arg-type]  # fmt: skip
    assert path.read_bytes() == before
