"""The installed ``csi-tui`` in a real terminal (tmux at 80x24): entry point, keys, clean exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal import Terminal, wait_for_exit

pytestmark = pytest.mark.e2e


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
    assert wait_for_exit(status) == "0"
    assert "Traceback" not in term.screen()
