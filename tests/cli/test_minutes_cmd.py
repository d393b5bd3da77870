"""``csi-tui minutes``: the meeting's minutes from the command line, on a copy of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.load import load_cycle

CYCLE = "email-2026-p1p2-mttr"


@pytest.fixture
def root(sample_workspace: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_workspace, tmp_path / "ws")
    return tmp_path / "ws"


def test_writes_and_records_the_minutes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["minutes", str(root), "--date", "2026-09-10", "--chair", "Priya"]
    assert main([*args, "--attendee", "Priya", "--attendee", "Tom", "--record"]) == 0
    path = root / "minutes" / f"{CYCLE}-2026-09-10.md"
    assert capsys.readouterr().out.strip() == str(path)
    text = path.read_text()
    assert "- **CONTINUE TESTING** by Email service review board, 2026-09-10." in text
    assert "| Attendees | Priya, Tom |" in text
    meeting = load_cycle(root / "cycles" / f"{CYCLE}.toml").meetings[-1]
    assert meeting.minutes == f"../minutes/{CYCLE}-2026-09-10.md"
    assert main(args) == 0  # the same day again: a new file, the first kept
    assert (root / "minutes" / f"{CYCLE}-2026-09-10-2.md").exists()
    assert path.read_text() == text


def test_bad_input_exits_2_with_a_message(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["minutes", str(root), "--date", "10/09/2026"])
    assert stopped.value.code == 2
    assert "write the date as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["minutes", str(root), "--stdout", "--record"]) == 2
    assert "no minutes file to record" in capsys.readouterr().err
    assert main(["minutes", str(root), "--cycle", "nope"]) == 2
    assert not (root / "minutes").exists()
