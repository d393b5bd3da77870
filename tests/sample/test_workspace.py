"""The committed sample workspace: exactly what the generator writes, small, loads and computes."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from csi_tui.cycle.load import check_file
from csi_tui.cycle.model import BUILTIN_KPIS, Cycle, Workspace
from csi_tui.cycle.sources import CANONICAL_COLUMNS
from csi_tui.cycle.workspace import open_workspace
from csi_tui.data.engine import compute_cycle
from csi_tui.sample.cycles import CLOSED_CYCLE_ID, OPEN_CYCLE_ID
from csi_tui.sample.workspace import SAMPLE_FILES, sample_workspace_files, write_sample_workspace

# The day the sample is meant to be looked at: the export is from 2026-11-21 00:00.
NOW = datetime(2026, 11, 26, 9, 0)


@pytest.fixture(scope="module")
def workspace(sample_workspace: Path) -> Workspace:
    return open_workspace(sample_workspace)


def _cycle(ws: Workspace, cycle_id: str) -> Cycle:
    cycle = ws.cycle(cycle_id)
    assert cycle is not None, f"{cycle_id} missing from the sample workspace"
    return cycle


def test_committed_files_are_exactly_a_fresh_regeneration(sample_workspace: Path) -> None:
    committed = {
        p.relative_to(sample_workspace).as_posix(): p.read_bytes()
        for p in sample_workspace.rglob("*")
        if p.is_file()
    }
    fresh = sample_workspace_files()
    assert sorted(committed) == sorted(SAMPLE_FILES)
    for name, content in fresh.items():
        assert committed[name] == content, (
            f"sample_data/{name} differs from the generator's output; run "
            "'python -m csi_tui.sample.generate --workspace sample_data' and commit"
        )


def test_writing_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in write_sample_workspace(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_sample_workspace(tmp_path / "b")}
    assert first == second


def test_another_seed_gives_other_data_but_valid_cycles(tmp_path: Path) -> None:
    default = sample_workspace_files()
    other = sample_workspace_files(seed=12345)
    assert other["data/incidents.csv"] != default["data/incidents.csv"]
    assert other["data/outages.csv"] != default["data/outages.csv"]
    write_sample_workspace(tmp_path, seed=12345)
    ws = open_workspace(tmp_path)
    assert ws.broken == {} and len(ws.cycles) == 2


def test_regenerating_leaves_other_files_alone(tmp_path: Path) -> None:
    mine = tmp_path / "cycles" / "my-own.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text("# mine\n", encoding="utf-8")
    write_sample_workspace(tmp_path)
    assert mine.read_text(encoding="utf-8") == "# mine\n"
    assert not list(tmp_path.rglob("*.tmp"))


def test_committed_size_is_small(sample_workspace: Path) -> None:
    total = sum(p.stat().st_size for p in sample_workspace.rglob("*") if p.is_file())
    assert total < 5_000_000


def test_workspace_loads_with_no_problems(workspace: Workspace, sample_workspace: Path) -> None:
    assert workspace.broken == {}
    assert sorted(c.id for c in workspace.cycles) == sorted([CLOSED_CYCLE_ID, OPEN_CYCLE_ID])
    assert workspace.register is not None and len(workspace.register.opportunities) >= 5
    # Not even warnings (e.g. a target worse than its baseline).
    for path in [sample_workspace / "register.toml", *sample_workspace.glob("cycles/*.toml")]:
        _, problems = check_file(path)
        assert problems == (), [p.format() for p in problems]


def test_the_open_cycle_is_the_one_under_review(workspace: Workspace) -> None:
    shown = workspace.open_cycle()
    assert shown is not None and shown.id == OPEN_CYCLE_ID
    assert shown.cycle.status == "review"
    assert [c.id for c in workspace.history("Email")] == [CLOSED_CYCLE_ID, OPEN_CYCLE_ID]


def test_cycles_link_up(workspace: Workspace) -> None:
    closed = _cycle(workspace, CLOSED_CYCLE_ID)
    live = _cycle(workspace, OPEN_CYCLE_ID)
    assert closed.cycle.status == "closed"
    assert closed.decision is not None and closed.decision.decision == "adopt"
    assert closed.adoption is not None and closed.adoption.next_cycle == live.id
    assert all(a.status == "done" for a in closed.actions)
    assert live.cycle.previous == closed.id
    assert any(a.status in ("open", "in_progress") for a in live.actions)
    assert live.notes and live.analysis.change_date is not None
    # The open cycle starts from the baselines the closed one adopted.
    for metric_id, adopted in closed.adoption.baselines.items():
        metric = live.metric(metric_id)
        assert metric is not None and metric.baseline == adopted, metric_id


def test_register_links_to_the_cycles(workspace: Workspace) -> None:
    assert workspace.register is not None
    by_cycle = {c: o for o in workspace.register.opportunities for c in o.cycles}
    done = by_cycle[CLOSED_CYCLE_ID]
    assert done.state == "closed" and done.closure_code == "successful"
    assert by_cycle[OPEN_CYCLE_ID].state == "in_progress"
    assert _cycle(workspace, CLOSED_CYCLE_ID).cycle.register_id == done.id
    assert _cycle(workspace, OPEN_CYCLE_ID).cycle.register_id == by_cycle[OPEN_CYCLE_ID].id
    states = {o.state for o in workspace.register.opportunities}
    assert len(states) >= 4


def test_every_source_kind_and_the_metrics_the_brief_asks_for(workspace: Workspace) -> None:
    live = _cycle(workspace, OPEN_CYCLE_ID)
    assert {s.kind for s in live.sources} == {"tickets", "periodic", "outages"}
    incidents = live.source("incidents")
    assert incidents is not None and incidents.preset == "servicenow"
    assert set(incidents.columns) <= set(CANONICAL_COLUMNS)
    kpis = {m.kpi for m in live.metrics}
    assert {
        "mttr_mean",
        "mttr_median",
        "sla_compliance",
        "reopen_rate",
        "backlog",
        "volume",
        "first_assignment_resolution",
        "availability",
        "value",
    } <= kpis
    assert kpis <= set(BUILTIN_KPIS)
    mttr = live.metric("mttr_p1p2")
    assert mttr is not None and mttr.filter and "reopen_rate" in mttr.guardrails
    assert {b for m in live.metrics for b in m.breakdowns} >= {
        "priority",
        "assignment_group",
        "category",
    }


def test_cycle_files_carry_comments_for_people(sample_workspace: Path) -> None:
    for path in sample_workspace.glob("cycles/*.toml"):
        text = path.read_text(encoding="utf-8")
        assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 5
        assert tomllib.loads(text)["schema_version"] == 1


def test_engine_computes_the_open_cycle_and_sees_the_improvement(workspace: Workspace) -> None:
    result = compute_cycle(_cycle(workspace, OPEN_CYCLE_ID), use_cache=False, now=NOW)
    mttr = result.metric("mttr_p1p2")
    assert mttr is not None
    values = {p.period: p.value for p in mttr.periods}
    before = [values[f"2026-0{m}"] for m in range(1, 6)]
    after = [values[f"2026-{m:02d}"] for m in range(6, 11)]
    assert all(v is not None for v in before + after)
    assert max(after) < min(before)  # type: ignore[type-var]
    # November is not over in the export: the engine must say so.
    november = next(p for p in mttr.periods if p.period == "2026-11")
    assert not november.complete
    # The planted data-quality wrinkles are found.
    incidents = result.source("incidents")
    assert incidents is not None
    codes = {f.code for f in incidents.findings}
    assert {"duplicate_keys", "resolved_before_opened"} <= codes
    assert incidents.rows_read == incidents.rows_kept + sum(d.count for d in incidents.dropped)
    for series in result.metrics:
        assert any(p.value is not None for p in series.periods), series.metric_id


def test_engine_computes_the_closed_cycle(workspace: Workspace) -> None:
    result = compute_cycle(_cycle(workspace, CLOSED_CYCLE_ID), use_cache=False, now=NOW)
    first_fix = result.metric("first_assignment")
    assert first_fix is not None
    values = {p.period: p.value for p in first_fix.periods}
    assert len(values) == 10 and None not in values.values()
    before = [v for k, v in values.items() if k < "2025-09"]
    after = [v for k, v in values.items() if k >= "2025-09"]
    # The routing change of 2025-09-01 shows: every month after beats every month before,
    # and the target the cycle set (70%) is met in each of them.
    assert min(after) > max(before)  # type: ignore[type-var]
    assert min(after) >= 70.0  # type: ignore[type-var,operator]


def test_the_sample_tells_the_story_step_5_should_show(workspace: Workspace) -> None:
    """What a first-time user sees: the MTTR drop is real and meets its target, SLA is at risk,
    the reopen-rate guardrail holds."""
    from csi_tui.analysis.analyse import analyse_cycle

    live = _cycle(workspace, OPEN_CYCLE_ID)
    analysis = {m.metric_id: m for m in analyse_cycle(live, compute_cycle(live, now=NOW)).metrics}
    mttr = analysis["mttr_p1p2"]
    assert mttr.expectation.status == "met"
    assert mttr.comparison is not None and mttr.comparison.significant
    assert mttr.comparison.label == "improvement"
    assert not mttr.flagged_guardrails
    assert analysis["sla_compliance"].expectation.status == "at_risk"


def test_engine_reads_the_export_as_an_independent_count_does(
    workspace: Workspace, sample_workspace: Path
) -> None:
    """October 2025 by hand with polars: the escalation words (true_values / false_values) and
    the source filter come through the engine as they should."""
    import polars as pl

    raw = pl.read_csv(sample_workspace / "data" / "incidents.csv", try_parse_dates=True)
    october = raw.filter(
        pl.col("business_service") == "Email",
        pl.col("state") != "Canceled",
        pl.col("opened_at").dt.strftime("%Y-%m") == "2025-10",
    )
    expected = 100 * october.select((pl.col("escalation") != "Normal").mean()).item()
    result = compute_cycle(_cycle(workspace, CLOSED_CYCLE_ID), use_cache=False, now=NOW)
    series = result.metric("escalation_rate")
    assert series is not None
    value = next(p for p in series.periods if p.period == "2025-10")
    assert value.n == october.height
    assert value.value == pytest.approx(expected)
