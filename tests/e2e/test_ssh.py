"""The installed csi-tui over a real SSH connection, as meetings use it: a private sshd on
127.0.0.1, ``ssh -t`` inside tmux at 80x24, steps 1-7, quit, the exit status."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sshd import Sshd, start_sshd
from terminal import SCRIPT, wait_for_exit
from walk import start, walk_steps

pytestmark = pytest.mark.e2e


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = start_sshd(tmp_path / "sshd")
    try:
        yield server
    finally:
        server.stop()  # always, whatever the test did


def test_the_seven_steps_over_ssh_at_80x24(
    sshd: Sshd, tmp_path: Path, sample_workspace: Path
) -> None:
    assert shutil.which("tmux") is not None, "tmux is not installed: apt-get install tmux"
    assert SCRIPT.exists(), f"the csi-tui script is not installed at {SCRIPT}: pip install -e ."
    workspace = tmp_path / "workspace"
    shutil.copytree(sample_workspace, workspace)
    home = tmp_path / "home"
    remote = shlex.join(["env", f"CSI_TUI_HOME={home}", str(SCRIPT), str(workspace)])
    status = tmp_path / "status"
    term = start(tmp_path, ["env", "TERM=xterm-256color", *sshd.ssh_command(remote)], status)
    try:
        screens = walk_steps(term)
        # the open cycle's title came through the SSH pty, and each step drew its own screen
        assert "Email" in screens[1].splitlines()[0]
        assert "7 Implement" in screens[1]
        term.press("5")
        five = term.wait_for(lambda s: "Status" in s and "Shift" in s, "step 5's numbers")
        assert "MTTR" in five
        term.press("q")
        assert wait_for_exit(status) == "0"  # ssh returns csi-tui's own exit status
        text = term.screen()
        assert "Traceback" not in text
    finally:
        term.tmux("kill-server")
    assert "Accepted publickey" in sshd.log.read_text()  # it really went through sshd
