"""``csi-tui compute --format table`` shows each metric's status, shift, trend and verdict."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from csi_tui.analysis.analyse import analyse_cycle
from csi_tui.cli.main import main
from csi_tui.cycle.load import load_cycle
from csi_tui.data.engine import compute_cycle
from csi_tui.report.compute_table import compute_to_table
from data.helpers import CYCLE, DATA, write

# A fixed "now" for the sample workspace: October 2026 is then the last complete month.
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compute", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_shows_the_analysis_of_each_metric(sample_workspace: Path) -> None:
    cycle = load_cycle(sample_workspace / "cycles" / "email-2026-p1p2-mttr.toml")
    result = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)
    analysis = analyse_cycle(cycle, result)
    text = compute_to_table(cycle, result, None, analysis)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    for found in analysis.metrics:
        metric = cycle.metric(found.metric_id)
        assert metric is not None
        badge = found.expectation.badge
        heading = next(
            i
            for i, line in enumerate(lines)
            if not line.startswith(" ") and f"({found.metric_id}" in line
        )
        assert lines[heading].endswith(f"· {badge}")  # the glyph with its word
        block = lines[heading : heading + 60]
        end = next((i for i, line in enumerate(block[1:], 1) if not line.strip()), len(block))
        block = block[:end]
        status = next(line for line in block if line.startswith("  Status "))
        assert badge in status
        for key, label in (("shift", "Shift"), ("trend", "Trend"), ("assure", "Assure")):
            if found.lines.get(key):
                assert any(line.startswith(f"  {label} ") for line in block), (key, block)
        if found.verdict:
            verdict = " ".join(
                line.strip()
                for line in block[next(i for i, x in enumerate(block) if "Verdict" in x) :]
            )
            # the first sentence, rewrapped, reads as the analysis wrote it
            assert found.verdict[0] in verdict.removeprefix("Verdict ")
    # the main metric of the sample is met against its target with a real shift
    mttr = analysis.metric("mttr_p1p2")
    assert mttr is not None and mttr.expectation.word == "MET"
    assert "MTTR P1/P2 (mttr_p1p2, h) · ▲ MET" in lines


def test_table_without_analysis_is_unchanged(tmp_path: Path) -> None:
    cycle_file = write(
        tmp_path, "c1.toml", CYCLE.format(path="inc.csv", source_extra="", resolved_map="")
    )
    write(tmp_path, "inc.csv", DATA)
    cycle = load_cycle(cycle_file)
    result = compute_cycle(cycle, use_cache=False, now=NOW, keep_going=True)
    text = compute_to_table(cycle, result)
    assert "Status" not in text and "Verdict" not in text


def test_cli_table_has_status_and_verdict(
    sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, str(sample_workspace), "--format", "table", "--metric", "mttr_p1p2", "--no-cache"
    )
    assert code == 0
    assert "\n  Status " in out and "\n  Verdict " in out and "\n  Trend " in out
    assert "(mttr_p1p2, h) · " in out
    assert max(len(line) for line in out.splitlines()) <= 80
