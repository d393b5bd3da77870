"""What the step 7 tests share: the sample's cycle ids, the adopt decision, file snapshots."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

LIVE = "email-2026-p1p2-mttr"
OLD = "email-2025-first-fix"
NEXT = "email-2027-p1p2-mttr"
OVERRIDE = "SLA is inside its amber band; the board accepts it"
ADOPT_DECISION = """
[[decisions]]
date = 2026-12-10
decision = "adopt"
rationale = "MTTR well under target since June; SLA within amber."
decided_by = "Email service review board"
"""


def copy_sample(sample: Path, tmp_path: Path, decide: bool = True) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(sample, root)
    if decide:
        live = root / "cycles" / f"{LIVE}.toml"
        # Beside the earlier decision, as the app records it (tomlkit would move a second
        # [[decisions]] block at the end of the file next to the first when it saves).
        text = live.read_text()
        at = text.index("\n[[actions]]")
        live.write_text(text[:at] + ADOPT_DECISION + text[at:])
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the workspace (names and bytes), to prove nothing was written."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@contextlib.contextmanager
def read_only(*folders: Path) -> Iterator[None]:
    """Folders nobody can create files in. As root, permissions are not checked, so the folders
    are made immutable instead (chattr +i), which stops root as well; skipped where neither
    works (a file system without the immutable flag)."""
    if os.geteuid() != 0:
        modes = [f.stat().st_mode for f in folders]
        for folder in folders:
            folder.chmod(0o555)
        try:
            yield
        finally:
            for folder, mode in zip(folders, modes, strict=True):
                folder.chmod(mode)
        return
    done: list[Path] = []
    try:
        for folder in folders:
            made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
            if made.returncode != 0:
                pytest.skip(f"cannot make {folder} read-only as root: {made.stderr.decode()}")
            done.append(folder)
        probe = folders[0] / ".probe"
        with contextlib.suppress(OSError):
            probe.write_text("")
            probe.unlink()
            pytest.skip("the immutable flag does not stop writes here")
        yield
    finally:
        for folder in done:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
