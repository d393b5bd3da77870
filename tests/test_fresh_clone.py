"""A fresh clone, with no ``shared/`` beside it, passes its own real-data tests.

The repository's tracked files are copied to a temporary folder and the tests that read real
data run there in a subprocess (the README's plain ``pytest``, which reads the committed subsets
in tests/fixtures/real)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().relative_to(ROOT)
SELECT = "real_data and not full_real_data"


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"not a git checkout ({error}): nothing to clone")
    return [Path(p) for p in out.decode("utf-8").split("\0") if p]


def test_real_data_tests_pass_in_a_clone_without_shared(tmp_path: Path) -> None:
    clone = tmp_path / "csi-tui"
    for relative in tracked_files():
        source = ROOT / relative
        if source.is_file():  # a file deleted in the work tree but not yet in git is skipped
            target = clone / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert not (clone.parent / "shared").exists()
    tests = sorted(
        p.relative_to(clone).as_posix()
        for p in (clone / "tests").rglob("test_*.py")
        if "real_data" in p.read_text(encoding="utf-8") and p.relative_to(clone) != HERE
    )
    assert "tests/data/test_real_volvo.py" in tests and "tests/data/test_real_github.py" in tests
    env = {k: v for k, v in os.environ.items() if k != "CSI_TUI_FULL_REAL_DATA"}
    env["PYTHONPATH"] = str(clone / "src")  # the clone's code, not this checkout's
    run = subprocess.run(
        # Only the tests that read real data (not their files' others): the default run's.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", SELECT, *tests],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    summary = output.strip().splitlines()[-1]
    passed = re.search(r"(\d+) passed", summary)
    assert passed is not None and int(passed.group(1)) >= 10, summary
    assert "error" not in summary and "failed" not in summary and "skipped" not in summary
    assert "deselected" in summary  # the full-data runs, asked for with -m full_real_data
