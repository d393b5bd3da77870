"""Each refusal of step 7 is a clear message (exit 2 on the command line) with nothing written."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from csi_tui.analysis.adoption import AdoptedValue
from csi_tui.cli.main import main
from csi_tui.cycle import closing
from csi_tui.cycle.workspace import open_target
from csi_tui.errors import CsiError

from .helpers import LIVE, NEXT, OLD, OVERRIDE, copy_sample, read_only, snapshot

TODAY = date(2026, 12, 11)


def met(metric_id: str = "mttr_p1p2", status: str = "met") -> AdoptedValue:
    return AdoptedValue(
        metric_id=metric_id,
        name="MTTR P1/P2",
        unit="h",
        method="window_mean",
        baseline=12.1,
        value=6.5,
        periods=("2026-06",),
        target=7.5,
        status=status,  # type: ignore[arg-type]
    )


def _adopt(root: Path, **kwargs: object) -> closing.Adopted:
    workspace = open_target(root)
    cycle = workspace.cycle(LIVE)
    assert cycle is not None
    values = kwargs.pop("values", (met(),))
    return closing.adopt(workspace, cycle, values, today=TODAY, **kwargs)  # type: ignore[arg-type]


def _refused(root: Path, text: str, **kwargs: object) -> CsiError:
    before = snapshot(root)
    with pytest.raises(CsiError) as caught:
        _adopt(root, **kwargs)
    assert text in str(caught.value)
    assert snapshot(root) == before  # nothing half-written, no temp file left
    return caught.value


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_adopting_twice(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    _adopt(root)
    _refused(root, f"cycle {LIVE!r} was already adopted on 2026-12-11 (next cycle {NEXT})")


def test_no_adopt_decision(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path, decide=False)
    _refused(root, "the latest decision is 'continue'; adopting needs an adopt decision")


def test_an_adopt_decision_recorded_with_the_adoption(
    sample_workspace: Path, tmp_path: Path
) -> None:
    from csi_tui.cycle.model import Decision

    root = copy_sample(sample_workspace, tmp_path, decide=False)
    decision = Decision(TODAY, "adopt", "taken in the room", "board")
    done = _adopt(root, decision=decision)
    assert done.cycle.decision == decision


def test_results_not_met_need_a_reason(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    short = (met(), met("sla_compliance", "at_risk"))
    error = _refused(root, "do not meet the target for MTTR P1/P2 (at risk)", values=short)
    assert "--override REASON" in str(error)
    _refused(root, "do not meet the target", values=short, override="   ")
    done = _adopt(root, values=short, override=OVERRIDE)
    assert done.cycle.adoption is not None and done.cycle.adoption.override == OVERRIDE


def test_not_met_on_the_command_line(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample's SLA is at risk (87.6% against 90%): adopting it needs --override."""
    root = copy_sample(sample_workspace, tmp_path)
    before = snapshot(root)
    assert main(["adopt", str(root)]) == 2
    err = capsys.readouterr().err
    assert "the results do not meet the target for SLA met (at risk); not adopted" in err
    assert "Traceback" not in err
    assert snapshot(root) == before


def test_a_broken_previous_chain(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    _edit(root / "cycles" / f"{LIVE}.toml", f'previous = "{OLD}"', 'previous = "email-2024"')
    _refused(root, f"cycle {LIVE!r} follows 'email-2024', which is not in this workspace")


def test_a_circular_previous_chain(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    old = root / "cycles" / f"{OLD}.toml"
    _edit(old, 'register_id = "CSI-001"', f'register_id = "CSI-001"\nprevious = "{LIVE}"')
    _refused(root, f"the previous links go round in a circle: {LIVE} -> {OLD} -> {LIVE}")


def test_a_next_cycle_file_that_exists(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    (root / "cycles" / f"{NEXT}.toml").write_text("# someone started it by hand\n")
    _refused(root, f"the next cycle {NEXT!r} already exists; nothing was written")
    _refused(root, f"the next cycle {OLD!r} already exists", next_cycle_id=OLD)


def test_an_unknown_register_entry(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    _edit(root / "cycles" / f"{LIVE}.toml", 'register_id = "CSI-002"', 'register_id = "CSI-099"')
    _refused(root, "register entry 'CSI-099' is not in the register; nothing was written")


def test_a_read_only_workspace(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = snapshot(root)
    with read_only(root / "cycles", root):
        assert main(["adopt", str(root), "--override", OVERRIDE]) == 2
    err = capsys.readouterr().err
    assert "cannot save" in err and "Traceback" not in err
    assert snapshot(root) == before


def test_a_failed_register_write_undoes_the_cycle_files(
    sample_workspace: Path, tmp_path: Path
) -> None:
    """The register's folder read-only, the cycles' not: the next cycle file and the adopted
    file are written, the register is not; both are undone, byte for byte."""
    root = copy_sample(sample_workspace, tmp_path)
    before = snapshot(root)
    with read_only(root), pytest.raises(CsiError) as caught:
        _adopt(root)
    assert "register.toml" in str(caught.value)
    assert snapshot(root) == before


def test_continue_testing_extends_the_end(sample_workspace: Path, tmp_path: Path) -> None:
    root = copy_sample(sample_workspace, tmp_path, decide=False)
    path = root / "cycles" / f"{LIVE}.toml"
    before = tomllib.loads(path.read_text())
    assert main(["continue", str(root), "--until", "2027-03-31", "--reason", "SLA not yet"]) == 0
    after = tomllib.loads(path.read_text())
    assert str(after["cycle"]["end"]) == "2027-03-31"
    (extension,) = after["extensions"]
    assert str(extension["previous_end"]) == "2026-12-31" and extension["reason"] == "SLA not yet"
    after["cycle"]["end"] = before["cycle"]["end"]
    del after["extensions"]
    assert after == before  # nothing else changed
    assert "# five complete months each side" in path.read_text()


def test_continue_refusals(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    before = snapshot(root)
    args = ["continue", str(root), "--reason", "more data"]
    assert main([*args, "--until", "2026-12-01"]) == 2
    assert "must come after the cycle's end 2026-12-31" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:  # argparse's own exit, status 2
        main([*args, "--until", "2027-02-30"])
    assert exited.value.code == 2
    assert "is not a date" in capsys.readouterr().err
    assert main([*args, "--until", "2027-03-31", "--cycle", OLD]) == 2
    assert f"cycle {OLD!r} was already adopted" in capsys.readouterr().err
    assert snapshot(root) == before


def test_reject_closes_unsuccessful_and_keeps_the_baselines(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path, decide=False)
    path = root / "cycles" / f"{LIVE}.toml"
    before = tomllib.loads(path.read_text())
    code = main(["reject", str(root), "--reason", "reopens rose", "--by", "board"])
    assert code == 0, capsys.readouterr().err
    after = tomllib.loads(path.read_text())
    assert after["outcome"]["result"] == "unsuccessful"
    assert after["outcome"]["reason"] == "reopens rose"
    assert after["cycle"]["status"] == "closed"
    assert after["metrics"] == before["metrics"]  # the baselines stay as they were
    assert "adoption" not in after
    assert len(list((root / "cycles").iterdir())) == 2  # no next cycle
    reg = tomllib.loads((root / "register.toml").read_text())
    entry = next(o for o in reg["opportunities"] if o["id"] == "CSI-002")
    assert entry["state"] == "closed" and entry["closure_code"] == "unsuccessful"
    assert "reopens rose" in entry["outcome"]
    assert main(["reject", str(root), "--reason", "again"]) == 2  # closed: refused
    assert "is closed (unsuccessful); cannot reject it" in capsys.readouterr().err


def test_history_reports_a_circular_chain(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    old = root / "cycles" / f"{OLD}.toml"
    _edit(old, 'register_id = "CSI-001"', f'register_id = "CSI-001"\nprevious = "{LIVE}"')
    assert main(["history", str(root), "--no-results"]) == 2
    captured = capsys.readouterr()
    assert "go round in a circle" in captured.err
    assert f"{OLD} · First-time fix" in captured.out  # the cycles are still listed


def test_numbers_with_errors_are_not_adopted(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path)
    (root / "data" / "satisfaction.csv").unlink()  # the csat metric cannot be computed
    before = snapshot(root)
    assert main(["adopt", str(root), "--override", OVERRIDE]) == 2
    err = capsys.readouterr().err
    assert "the cycle's numbers have errors" in err and "satisfaction.csv" in err
    assert snapshot(root) == before


def test_reject_as_withdrawn(
    sample_workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sample(sample_workspace, tmp_path, decide=False)
    args = ["reject", str(root), "--reason", "Email moves to a new vendor", "--withdrawn"]
    assert main(args) == 0
    assert "closed: withdrawn" in capsys.readouterr().out
    live = tomllib.loads((root / "cycles" / f"{LIVE}.toml").read_text())
    assert live["outcome"]["result"] == "withdrawn"
    reg = tomllib.loads((root / "register.toml").read_text())
    entry = next(o for o in reg["opportunities"] if o["id"] == "CSI-002")
    assert entry["closure_code"] == "withdrawn" and entry["outcome"].startswith("Withdrawn ")
