"""The installed ``csi-tui`` in a real terminal (tmux at 80x24): entry point, keys, clean exit.

Polls the screen instead of sleeping blindly; a private tmux socket keeps it apart from any other
tmux server on the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).parent / "csi-tui"
TIMEOUT_S = 20.0


class Terminal:
    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT_S
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{text}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", self.session],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )


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


def test_keys_help_palette_and_a_clean_exit(terminal: tuple[Terminal, Path]) -> None:
    term, status = terminal
    term.wait_for(lambda s: "[1 Strategy]" in s and "CSI-00" in s, "the register")
    # first run: the default workspace is created from the bundled sample, and the app says so
    term.wait_for(lambda s: "Created your workspace" in s, "the first-run notice")
    text = term.wait_for(lambda s: "Email" in s.splitlines()[0], "the open cycle's title")
    assert "7 Implement" in text  # the whole step bar fits 80 columns
    labels = ["Strategy", "Measures", "Gather", "Process", "Analyse", "Present", "Implement"]
    for number, label in enumerate(labels, start=1):
        term.press(str(number))
        term.wait_for(lambda s, n=number, lab=label: f"[{n} {lab}]" in s, f"step {number}")
    term.press("3", "?")
    term.wait_for(lambda s: "Gather: do we have trustworthy data?" in s, "the help of step 3")
    term.press("Escape")
    term.wait_for(lambda s: "[3 Gather]" in s and "trustworthy" not in s, "help closed")
    term.press("C-p")
    term.wait_for(lambda s: "Search for commands" in s, "the command palette")
    term.press("Escape")
    term.wait_for(lambda s: "Search for commands" not in s and "[3 Gather]" in s, "palette closed")
    term.press("q")
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline and not status.exists():
        time.sleep(0.05)
    assert status.read_text().strip() == "0"
    assert "Traceback" not in term.screen()
