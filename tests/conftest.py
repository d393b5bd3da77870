"""Shared test fixtures: isolated user directories, the real data sets, the sample workspace."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The full real public ITSM data lives beside the project (../shared/data/real), never committed
# here; CSI_TUI_FULL_REAL_DATA points elsewhere (a worktree, say). Compact subsets of it are
# committed in tests/fixtures/real, so a fresh clone passes its own tests.
FULL_REAL_DATA = Path(
    os.environ.get("CSI_TUI_FULL_REAL_DATA") or ROOT.parent / "shared" / "data" / "real"
)
SUBSET_REAL_DATA = ROOT / "tests" / "fixtures" / "real"
SAMPLE_WORKSPACE = ROOT / "sample_data"


@dataclass(frozen=True)
class RealData:
    """The real data files a test reads: the committed subsets, or the full files."""

    full: bool
    volvo: Path  # BPIC 2013 Volvo IT incident event log (CSV)
    github_incidents: Path  # GitHub status incidents (JSON lines)
    github_windows: Path  # GitHub downtime windows (CSV)


def subset_real_data() -> RealData:
    root = SUBSET_REAL_DATA
    return RealData(
        False,
        root / "bpic2013_volvo_incidents" / "VINST-subset.csv",
        root / "github_status_incidents" / "incidents.jsonl",
        root / "github_status_incidents" / "downtime_windows.csv",
    )


def full_real_data() -> RealData:
    root = FULL_REAL_DATA
    if not root.is_dir():
        # Asked for with -m full_real_data (CI): a missing copy fails, it is not skipped.
        pytest.fail(
            f"full real data not found at {root}: it ships in ../shared/data/real beside the "
            "project (or set CSI_TUI_FULL_REAL_DATA); without it run the default `pytest`, "
            "which reads the subsets in tests/fixtures/real",
            pytrace=False,
        )
    return RealData(
        True,
        root / "bpic2013_volvo_incidents" / "VINST-new.csv",
        root / "github_status_incidents" / "incidents.jsonl",
        root / "github_status_incidents" / "downtime_windows.csv",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read real data carry the ``real_data`` marker (the fresh-clone test runs
    them alone: ``-m real_data``)."""
    for item in items:
        if "real_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_data)


def write_allowance(home: Path, *folders: Path, urls: bool = False) -> Path:
    """Write a config under ``home`` that lets cycle files read ``folders`` (and URLs)."""
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{f}"' for f in folders)
    text = f"[sources]\nallow_paths = [{listed}]\nallow_urls = {str(urls).lower()}\n"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="session", autouse=True)
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The home of module- and session-scoped fixtures (set up before each test's own home):
    its config lets them read the real data sets (full and subsets) and the test data in tests/
    (cycles built in a temporary folder read them from outside their workspace)."""
    home = tmp_path_factory.mktemp("csi-session-home")
    write_allowance(home, FULL_REAL_DATA, ROOT / "tests")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSI_TUI_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own CSI_TUI_HOME: nothing touches the real config, data or cache."""
    home = tmp_path_factory.mktemp("csi-home")
    monkeypatch.setenv("CSI_TUI_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


AllowSources = Callable[..., Path]


@pytest.fixture
def allow_sources(isolated_home: Path) -> AllowSources:
    """``allow_sources(folder, ..., urls=False)``: this test's config lets cycle files read them."""

    def allow(*folders: Path, urls: bool = False) -> Path:
        return write_allowance(isolated_home, *folders, urls=urls)

    return allow


@pytest.fixture(
    scope="session",
    params=["subset", pytest.param("full", marks=pytest.mark.full_real_data)],
)
def real_data(request: pytest.FixtureRequest) -> RealData:
    """Each real-data test twice: on the committed subsets (by default) and on the full files
    (marked ``full_real_data``, deselected unless asked for: ``pytest -m full_real_data``)."""
    return full_real_data() if request.param == "full" else subset_real_data()


@pytest.fixture(scope="session")
def sample_workspace() -> Path:
    return SAMPLE_WORKSPACE
