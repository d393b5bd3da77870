"""Shared test fixtures: isolated user directories, the real data sets, the sample workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Real public ITSM data lives beside the project (../shared/data/real), never committed here.
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
SAMPLE_WORKSPACE = ROOT / "sample_data"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own CSI_TUI_HOME: nothing touches the real config, data or cache."""
    home = tmp_path_factory.mktemp("csi-home")
    monkeypatch.setenv("CSI_TUI_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture(scope="session")
def real_data() -> Path:
    if not REAL_DATA.is_dir():
        raise RuntimeError(f"real data not found at {REAL_DATA}; it ships in ../shared/data/real")
    return REAL_DATA


@pytest.fixture(scope="session")
def sample_workspace() -> Path:
    return SAMPLE_WORKSPACE
