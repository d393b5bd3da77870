"""The installed csi-tui in the terminals meetings meet: xterm and screen with 256 colours, the
Linux console, NO_COLOR, and the C locale. Each starts, walks steps 1-7 and exits 0, with no
traceback on the screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terminal import SCRIPT, wait_for_exit
from walk import start, walk_steps

pytestmark = pytest.mark.e2e

MATRIX = {
    "xterm-256color": {"TERM": "xterm-256color"},
    "screen-256color": {"TERM": "screen-256color"},
    "linux": {"TERM": "linux"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "c-locale": {"TERM": "xterm-256color", "LANG": "C", "LC_ALL": "C"},
}


@pytest.mark.parametrize("env", list(MATRIX.values()), ids=list(MATRIX))
def test_starts_walks_the_steps_and_exits_cleanly(
    env: dict[str, str], tmp_path: Path, sample_workspace: Path
) -> None:
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    assert SCRIPT.exists(), f"the csi-tui script is not installed at {SCRIPT}: pip install -e ."
    workspace = tmp_path / "workspace"
    shutil.copytree(sample_workspace, workspace)
    status = tmp_path / "status"
    # No COLORTERM: Textual then draws with the palette TERM implies, as over most SSH links.
    command = [
        "env",
        "-u",
        "COLORTERM",
        f"CSI_TUI_HOME={tmp_path / 'home'}",
        *(f"{key}={value}" for key, value in env.items()),
        str(SCRIPT),
        str(workspace),
    ]
    term = start(tmp_path, command, status)
    try:
        screens = walk_steps(term)
        assert "Email" in screens[1].splitlines()[0]
        assert all("Traceback" not in text for text in screens.values())
        term.press("q")
        assert wait_for_exit(status) == "0"
        assert "Traceback" not in term.screen()
    finally:
        term.tmux("kill-server")
