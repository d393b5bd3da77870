"""The installed ``csi-tui`` in tmux: change the first metric's target through the form, save,
quit; the file on disk has the new target and every comment line it had."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from terminal import SCRIPT, Terminal, wait_for_exit

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
CYCLE = "cycles/email-2026-p1p2-mttr.toml"


def _comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#") or " #" in line]


def test_a_target_edit_through_the_form(tmp_path: Path) -> None:
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    path = root / CYCLE
    before = path.read_text()
    assert "target = 7.5" in before
    status = tmp_path / "status"
    term = Terminal(f"csi-tui-edit-{os.getpid()}-{tmp_path.name}", "csi")
    command = (
        f"env CSI_TUI_HOME={tmp_path / 'home'} TERM=xterm-256color {SCRIPT} {root}; "
        f"echo $? > {status}; sleep 30"
    )
    term.tmux("new-session", "-d", "-s", "csi", "-x", "80", "-y", "24", command)
    try:
        term.wait_for(lambda s: "[1 Strategy]" in s and "· review" in s, "the open cycle")
        term.press("2")
        term.wait_for(lambda s: "[2 Measures]" in s and "MTTR P1/P2" in s, "the metrics")
        term.wait_for(lambda s: "⏳" not in s, "the load to finish")
        term.press("e")
        term.wait_for(lambda s: "Edit metric: MTTR P1/P2" in s, "the metric form")
        time.sleep(0.5)  # the form takes focus once mounted
        for _ in range(11):  # id, name, source, type, CSF, kpi, formula, filter, unit, better
            term.press("Tab")
            time.sleep(0.25)  # keys sent back to back were seen merged by the terminal
        term.press("6", ".", "5")
        term.wait_for(lambda s: any(" target 6.5" in line for line in s.splitlines()), "6.5")
        term.press("C-s")
        term.wait_for(
            lambda s: "Edit metric:" not in s and "target     6.5 h" in s, "the saved target shown"
        )
        term.press("q")
        assert wait_for_exit(status) == "0"
        assert "Traceback" not in term.screen()
    finally:
        term.tmux("kill-server")
    after = path.read_text()
    metrics = after.split("[[metrics]]")
    assert "target = 6.5" in metrics[1] and "target = 7.5" not in metrics[1]
    assert _comment_lines(after) == _comment_lines(before)
    assert len(after.splitlines()) == len(before.splitlines())
