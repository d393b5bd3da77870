"""Adopt on a copy of the sample workspace, end to end through the command line: the next cycle
validates and computes with the adopted baselines, the register entry is closed, and the adopted
file differs from before only in its outcome keys (comments included)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.history import service_history
from csi_tui.cycle.workspace import open_target

from .helpers import LIVE, NEXT, OVERRIDE, copy_sample


def _compute_json(
    root: Path, cycle_id: str, capsys: pytest.CaptureFixture[str], no_data: bool = False
) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    code = main(["compute", str(root), "--cycle", cycle_id, "--format", "json"])
    captured = capsys.readouterr()
    if no_data:
        # The sample's data ends in 2026: the next cycle computes, and says its periods are empty.
        errors = captured.err.strip().splitlines()
        assert code == 2 and errors
        assert all("no rows fall in any period of the cycle" in line for line in errors), errors
    else:
        assert code == 0, captured.err
    document: dict = json.loads(captured.out)  # type: ignore[type-arg]
    return document


def _window_means(document: dict, change: str) -> dict[str, float]:  # type: ignore[type-arg]
    """The mean of the complete periods from the change date on, worked out from the JSON."""
    means = {}
    for metric in document["metrics"]:
        values = [
            p["value"]
            for p in metric["periods"]
            if p["complete"] and p["value"] is not None and p["start"] >= change
        ]
        means[metric["id"]] = sum(values) / len(values)
    return means


def test_adopt_round_trip(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    live = root / "cycles" / f"{LIVE}.toml"
    register = root / "register.toml"
    before, register_before = live.read_text(), tomllib.loads(register.read_text())
    expected = _window_means(_compute_json(root, LIVE, capsys), "2026-06-01")

    args = ["--by", "Priya Natarajan", "--date", "2026-12-11", "--override", OVERRIDE]
    code = main(["adopt", str(root), *args])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"Next cycle {NEXT} (2027-01-01 to 2027-12-31, draft)" in out

    # The adopted file: only [cycle] status, [adoption] and [outcome] differ, comments kept.
    after = live.read_text()
    head = before.replace('status = "review"', 'status = "closed"', 1)
    assert after.startswith(head)
    added = tomllib.loads(after[len(head) :])
    assert set(added) == {"adoption", "outcome"}
    old, new = tomllib.loads(before), tomllib.loads(after)
    assert new["cycle"].pop("status") == "closed" and old["cycle"].pop("status") == "review"
    assert {k: v for k, v in new.items() if k not in added} == old
    adoption, outcome = added["adoption"], added["outcome"]
    assert adoption["next_cycle"] == NEXT and adoption["method"] == "window_mean"
    assert adoption["override"] == OVERRIDE and adoption["by"] == "Priya Natarajan"
    assert outcome["result"] == "successful" and str(outcome["date"]) == "2026-12-11"
    for metric_id, mean in expected.items():
        assert adoption["baselines"][metric_id] == pytest.approx(mean, rel=1e-5), metric_id

    # The next cycle: validates, computes, starts from the adopted baselines.
    assert main(["validate", str(root)]) == 0
    next_file = root / "cycles" / f"{NEXT}.toml"
    text = next_file.read_text()
    assert "# The open cycle: faster resolution of Email P1/P2 incidents." in text  # comments
    assert "# a guardrail, no target of its own" in text
    nxt = tomllib.loads(text)
    assert nxt["cycle"]["previous"] == LIVE and nxt["cycle"]["status"] == "draft"
    assert nxt["cycle"]["register_id"] == "CSI-002"
    assert [s["path"] for s in nxt["sources"]] == [s["path"] for s in old["sources"]]
    for key in ("notes", "decisions", "actions", "adoption", "outcome"):
        assert key not in nxt
    assert "change_date" not in nxt["analysis"]
    # the agenda's steps and time boxes carry over as the team's template; its topics do not
    assert [(a["step"], a["minutes"]) for a in nxt["agenda"]] == [
        (a["step"], a["minutes"]) for a in old["agenda"]
    ]
    assert all("topic" not in a for a in nxt["agenda"]) and any("topic" in a for a in old["agenda"])
    baselines = {m["id"]: m["baseline"] for m in nxt["metrics"]}
    assert baselines == adoption["baselines"]
    targets = {m["id"]: m.get("target") for m in nxt["metrics"]}
    assert targets["sla_compliance"] == 90.0  # not reached yet: carried over
    assert targets["mttr_p1p2"] is None  # 6.6 h already beats 7.5 h: left for the team
    computed = _compute_json(root, NEXT, capsys, no_data=True)
    assert [m["id"] for m in computed["metrics"]] == list(baselines)
    assert computed["sources"][0]["rows_read"] == 14000

    # The register entry is closed with the outcome; the others are as they were.
    reg = tomllib.loads(register.read_text())
    entry = next(o for o in reg["opportunities"] if o["id"] == "CSI-002")
    assert entry["state"] == "closed" and entry["closure_code"] == "successful"
    assert entry["cycles"] == [LIVE, NEXT]
    assert NEXT in entry["outcome"]
    others = [o for o in reg["opportunities"] if o["id"] != "CSI-002"]
    assert others == [o for o in register_before["opportunities"] if o["id"] != "CSI-002"]

    # The history: three cycles, each metric baseline -> result -> adopted baseline.
    history = service_history(open_target(root), "Email")
    assert [c.cycle_id for c in history.cycles] == ["email-2025-first-fix", LIVE, NEXT]
    step = history.cycles[1].metric("mttr_p1p2")
    assert step is not None
    assert step.baseline == 12.1 and step.adopted == adoption["baselines"]["mttr_p1p2"]
    third = history.cycles[2].metric("mttr_p1p2")
    assert third is not None and third.baseline == step.adopted and third.adopted is None
    assert history.problems == ()


def test_history_command_json(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path, decide=False)
    assert main(["history", str(root), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    first, live = document["cycles"]
    assert first["id"] == "email-2025-first-fix" and first["outcome"] == "successful"
    assert first["next_cycle"] == LIVE and live["decision"] == "continue"
    fa = next(m for m in first["metrics"] if m["id"] == "first_assignment")
    assert fa["baseline"] == 57.8 and fa["adopted"] == 74.2
    assert fa["result"] is not None and fa["result"] > 70  # above target after the change
    assert main(["history", str(root), "--no-results"]) == 0
    table = capsys.readouterr().out
    assert "first_assignment  57.8 -> n/a -> 74.2 %" in table
