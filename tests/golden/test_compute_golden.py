"""``csi-tui compute --format json`` kept digit for digit: the sample workspace's cycles and two
real-data cycles (the committed Volvo and GitHub subsets) against golden files in this folder.

Any change to the data engine, the analysis or the JSON writer that moves a number, a count, a
finding or a word shows up here. When a change is meant to move them, write the files again with
``CSI_TUI_WRITE_GOLDEN=1 pytest tests/golden`` and review the diff like code.

The CLI reads the clock; here ``now`` is fixed, so which periods count as not over yet stays put.
The JSON is built by the same functions ``compute_cmd.run`` calls.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from csi_tui.cli.compute_cmd import analysis_json
from csi_tui.cycle.workspace import open_target
from csi_tui.data.engine import compute_cycle
from csi_tui.report.compute_json import compute_to_json
from real_cycles import real_workspace

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("UTC"))
WRITE = os.environ.get("CSI_TUI_WRITE_GOLDEN") == "1"


def _document(workspace: Path, cycle_id: str, use_cache: bool) -> str:
    cycle = open_target(workspace).cycle(cycle_id)
    assert cycle is not None, cycle_id
    result = compute_cycle(cycle, use_cache=use_cache, now=NOW, keep_going=True)
    document = compute_to_json(cycle, result, analysis_json(cycle, result))
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    # Where the workspace happens to be is not part of the result.
    return text.replace(str(workspace.resolve()), "<workspace>").replace(
        str(workspace), "<workspace>"
    )


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = tmp_path_factory.mktemp("golden") / "sample"
    shutil.copytree(ROOT / "sample_data", sample)
    real = tmp_path_factory.mktemp("golden") / "real"
    data = real / "data"
    data.mkdir(parents=True)
    fixtures = ROOT / "tests" / "fixtures" / "real"
    log = shutil.copy(fixtures / "bpic2013_volvo_incidents" / "VINST-subset.csv", data)
    windows = shutil.copy(fixtures / "github_status_incidents" / "downtime_windows.csv", data)
    real_workspace(real, Path(log), Path(windows))
    return {"sample": sample, "real": real}


CASES = [
    ("sample", "email-2025-first-fix"),
    ("sample", "email-2026-p1p2-mttr"),
    ("real", "volvo-incidents"),
    ("real", "github-outages"),
]


@pytest.mark.parametrize(("where", "cycle_id"), CASES)
def test_compute_json_is_unchanged(workspaces: dict[str, Path], where: str, cycle_id: str) -> None:
    golden = HERE / f"{cycle_id}.json"
    text = _document(workspaces[where], cycle_id, use_cache=False)
    if WRITE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("where", "cycle_id"), CASES)
def test_cached_result_gives_the_same_json(
    workspaces: dict[str, Path], where: str, cycle_id: str
) -> None:
    """Computed into the cache, then read back from it: the same document."""
    first = _document(workspaces[where], cycle_id, use_cache=True)
    again = _document(workspaces[where], cycle_id, use_cache=True)
    assert first == again == (HERE / f"{cycle_id}.json").read_text(encoding="utf-8")
