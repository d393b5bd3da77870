"""Start a command in a private tmux at 80x24 and walk the seven steps (end-to-end helpers)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from terminal import Terminal

STEPS = ["Strategy", "Measures", "Gather", "Process", "Analyse", "Present", "Implement"]


def start(tmp_path: Path, command: list[str], status: Path) -> Terminal:
    """COMMAND in a new tmux session at 80x24; its exit status is written to STATUS."""
    socket = f"csi-tui-e2e-{os.getpid()}-{tmp_path.name}"
    term = Terminal(socket, "csi")
    # The pane stays a while after the command ends, so its last screen can still be read.
    line = f"{shlex.join(command)}; echo $? > {shlex.quote(str(status))}; sleep 30"
    term.tmux("new-session", "-d", "-s", "csi", "-x", "80", "-y", "24", line)
    return term


def walk_steps(term: Terminal) -> dict[int, str]:
    """Press 1-7, each once its step shows in the bar; returns each step's screen."""
    # The open cycle's title: the workspace has loaded. (Not the register's ids: once, under a
    # full test run's load, step 1 drew its register squashed to 5-character columns over SSH.)
    term.wait_for(
        lambda s: "[1 Strategy]" in s and "Email" in s.splitlines()[0], "step 1 and the cycle"
    )
    screens: dict[int, str] = {}
    for number, label in enumerate(STEPS, start=1):
        term.press(str(number))
        screens[number] = term.wait_for(
            lambda s, n=number, lab=label: f"[{n} {lab}]" in s, f"step {number}"
        )
    return screens
