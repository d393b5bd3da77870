"""The raw editor in a real terminal: the installed csi-tui, keys typed in tmux at 80x24, a file
changed on disk while editing, the edit reapplied on it, undone, a clean exit; files checked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from terminal import SCRIPT, Terminal, wait_for_exit

pytestmark = pytest.mark.e2e

CYCLE = "cycles/email-2026-p1p2-mttr.toml"


def test_raw_edit_conflict_reapply_and_undo(sample_workspace: Path, tmp_path: Path) -> None:
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    path = root / CYCLE
    original = path.read_text()
    status = tmp_path / "status"
    term = Terminal(f"csi-tui-raw-{os.getpid()}", "csi")
    command = (
        f"env CSI_TUI_HOME={tmp_path / 'home'} TERM=xterm-256color {SCRIPT} {root}; "
        f"echo $? > {status}; sleep 30"
    )
    term.tmux("new-session", "-d", "-s", "csi", "-x", "80", "-y", "24", command)
    try:
        term.wait_for(lambda s: "Faster P1/P2" in s.splitlines()[0], "the open cycle")
        term.press("E")
        term.wait_for(lambda s: f"Raw TOML · {CYCLE}" in s, "the raw editor")
        # Someone else saves the file meanwhile (a line far from mine).
        theirs = original.replace('owner = "Priya Natarajan"', 'owner = "Tom Berger"', 1)
        assert theirs != original
        path.write_text(theirs)
        term.press("# agreed in the review", "Enter", "C-s")  # typed at the top of the file
        term.wait_for(lambda s: "CHANGED ON DISK" in s, "the conflict dialog")
        assert path.read_text() == theirs  # nothing written yet
        term.press("a")
        term.wait_for(lambda s: "✔ SAVED" in s and "CHANGED ON DISK" not in s, "saved, dialog gone")
        assert path.read_text() == "# agreed in the review\n" + theirs  # both changes
        term.press("Escape")
        # Proof the step screen is back (not merely a screen without the editor's title), so
        # ctrl+z is not sent while escape is still being read as the start of a key sequence.
        term.wait_for(
            lambda s: "Faster P1/P2" in s.splitlines()[0] and "Raw TOML" not in s,
            "the editor closed",
        )
        term.press("C-z")
        term.wait_for(lambda s: "Undone" in s, "the undo")
        assert path.read_text() == theirs
        term.press("q")
        assert wait_for_exit(status) == "0"
        assert "Traceback" not in term.screen()
    finally:
        term.tmux("kill-server")
