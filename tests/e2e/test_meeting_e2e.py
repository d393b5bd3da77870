"""A review meeting in the installed ``csi-tui`` (tmux, 80x24) on a copy of the sample workspace:
start the meeting, record a decision and an action, end it to write the minutes, quit; then
check the files on disk."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import SCRIPT, Terminal, wait_for_exit

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
CYCLE = "email-2026-p1p2-mttr"


@pytest.fixture
def meeting_terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path, Path]]:
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    socket = f"csi-tui-meeting-{os.getpid()}-{tmp_path.name}"
    term = Terminal(socket, "csi")
    status = tmp_path / "status"
    command = (
        f"env CSI_TUI_HOME={tmp_path / 'home'} TERM=xterm-256color {SCRIPT} {root}; "
        f"echo $? > {status}; sleep 30"
    )
    term.tmux("new-session", "-d", "-s", "csi", "-x", "80", "-y", "24", command)
    try:
        yield term, status, root
    finally:
        term.tmux("kill-server")


def type_into(term: Terminal, key: str, text: str) -> None:
    """Move to the next field and type; the text must show before the next key goes (a key
    sent while the focus moves can land in the field being left)."""
    time.sleep(0.3)
    term.press(key)
    time.sleep(0.3)
    term.press(text)
    term.wait_for(lambda s: text in s, f"{text!r} typed")


def test_a_meeting_writes_the_cycle_and_the_minutes(
    meeting_terminal: tuple[Terminal, Path, Path],
) -> None:
    term, status, root = meeting_terminal
    cycle_file = root / "cycles" / f"{CYCLE}.toml"
    comments = [line for line in cycle_file.read_text().splitlines() if line.startswith("#")]
    term.wait_for(lambda s: "[1 Strategy]" in s and "· review" in s.splitlines()[0], "loaded")
    term.press("m")
    term.wait_for(lambda s: "Start the review meeting" in s, "the start dialog")
    term.press("Enter")
    term.wait_for(lambda s: "● Meeting 00:00" in s and "item 1/7" in s, "the meeting bar")
    term.press("C-Right")  # the next agenda item: step 2
    term.wait_for(lambda s: "[2 Measures]" in s and "item 2/7" in s, "the next agenda item")
    term.press("6")
    term.wait_for(lambda s: "[6 Present]" in s, "step 6")
    term.press("d")
    term.wait_for(lambda s: "Record the decision" in s, "the decision dialog")
    term.press("Enter")  # open the list of choices
    term.wait_for(lambda s: "continue testing" in s, "the choices")
    term.press("Down", "Enter")
    term.wait_for(lambda s: "adopt: the change" in s and "continue testing" not in s, "adopt")
    type_into(term, "Tab", "MTTR halved and stays down")
    term.press("Enter")
    term.wait_for(lambda s: "Decision recorded" in s, "the decision saved")
    term.press("a")
    term.wait_for(lambda s: "Add an action" in s and "A-205" in s, "the action dialog")
    term.press("Roll swarming out to Teams")  # the action's what has the focus
    term.wait_for(lambda s: "Roll swarming out to Teams" in s, "the action typed")
    type_into(term, "Tab", "Tom Berger")
    type_into(term, "Tab", "2027-01-15")
    term.press("Enter")
    term.wait_for(lambda s: "Action A-205 added" in s, "the action saved")
    term.press("m")
    term.wait_for(lambda s: "End the meeting and write the minutes" in s, "the end dialog")
    term.press("Enter")
    term.wait_for(lambda s: "Meeting recorded" in s, "the minutes written")
    term.press("q")
    assert wait_for_exit(status) == "0"
    assert "Traceback" not in term.screen()

    text = cycle_file.read_text()
    lines = text.splitlines()
    assert all(line in lines for line in comments)  # every original comment line kept
    assert 'decision = "adopt"' in text and 'rationale = "MTTR halved and stays down"' in text
    assert 'id = "A-205"' in text and 'owner = "Tom Berger"' in text and "due = 2027-01-15" in text
    assert "[[meetings]]" in text and 'chair = "Priya Natarajan"' in text
    minutes = list((root / "minutes").glob(f"{CYCLE}-*.md"))
    assert len(minutes) == 1
    written = minutes[0].read_text()
    assert f'minutes = "../minutes/{minutes[0].name}"' in text
    assert "- **ADOPT** by Priya Natarajan" in written
    assert "Rationale: MTTR halved and stays down" in written
    assert "| A-205 | Roll swarming out to Teams | Tom Berger | 2027-01-15 | ○ open |" in written
