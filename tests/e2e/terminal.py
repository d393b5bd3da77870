"""A real terminal for the end-to-end tests: the installed ``csi-tui`` in tmux.

Polls the screen instead of sleeping blindly; a private tmux socket keeps it apart from any other
tmux server on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

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

    def _capture(self) -> str | None:
        """The screen, or None when tmux could not say (busy machine): never a blank to match."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not result.stdout.strip():
            return None
        return result.stdout

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT_S
        text = ""
        while time.monotonic() < deadline:
            captured = self._capture()
            if captured is not None:
                text = captured
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


def wait_for_exit(status: Path) -> str:
    """The exit status the shell wrote after csi-tui ended."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline and not status.exists():
        time.sleep(0.05)
    return status.read_text().strip()
