"""A non-editable install carries the themes, the sample workspace and the help pages."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("csi_tui-*.whl")
    return built


def test_wheel_carries_bundled_folders(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    repo_themes = sorted(p.name for p in (ROOT / "themes").glob("*.toml"))
    assert repo_themes, "the repo ships themes"
    for theme in repo_themes:
        assert f"csi_tui/_bundled/themes/{theme}" in names
    repo_sample = sorted(
        str(p.relative_to(ROOT / "sample_data"))
        for p in (ROOT / "sample_data").rglob("*")
        if p.is_file()
    )
    assert any(s.startswith("cycles/") for s in repo_sample)
    for rel in repo_sample:
        assert f"csi_tui/_bundled/sample_data/{rel}" in names
    assert any(n.startswith("csi_tui/tui/help/") and n.endswith(".md") for n in names)


def test_installed_wheel_finds_its_bundled_files(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import csi_tui, csi_tui.paths as p;"
        "print(csi_tui.__file__);"
        "print(p.bundled_themes_dir());"
        "print(sorted(x.name for x in p.bundled_sample_workspace().iterdir()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "CSI_TUI_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target)) and out[1].endswith("_bundled/themes")
    assert "cycles" in out[2] and "register.toml" in out[2]
    # The installed command line validates its own bundled sample workspace.
    res = subprocess.run(
        [sys.executable, "-m", "csi_tui", "validate", out[1].replace("themes", "sample_data")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
