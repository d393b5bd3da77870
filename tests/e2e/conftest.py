"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from terminal import SCRIPT, Terminal


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    # .ci/run installs tmux; a missing tmux is a broken machine, not a reason to skip.
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    assert SCRIPT.exists(), f"the csi-tui script is not installed at {SCRIPT}: pip install -e ."
    socket = f"csi-tui-test-{os.getpid()}-{tmp_path.name}"
    term = Terminal(socket, "csi")
    status = tmp_path / "status"
    home = tmp_path / "home"
    command = f"env CSI_TUI_HOME={home} TERM=xterm-256color {SCRIPT}; echo $? > {status}; sleep 30"
    term.tmux("new-session", "-d", "-s", "csi", "-x", "80", "-y", "24", command)
    try:
        yield term, status
    finally:
        term.tmux("kill-server")
