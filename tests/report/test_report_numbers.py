"""The report's numbers are ``csi-tui compute --format json``'s: per-period values, status, actual
and target of every metric, in the report model, the Markdown and the HTML (its ``data-value``)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from csi_tui.analysis import fmt
from csi_tui.analysis.analyse import analyse_cycle
from csi_tui.cli.compute_cmd import pick_cycle
from csi_tui.cli.main import main
from csi_tui.data.engine import compute_cycle
from csi_tui.report.html import report_to_html
from csi_tui.report.report_model import Report, build_report

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(params=["sample", "github"])
def workspace(
    request: pytest.FixtureRequest, tmp_path: Path, sample_workspace: Path
) -> tuple[Path, str]:
    """(the path csi-tui is given, the cycle id): the sample workspace and a real-data one."""
    if request.param == "sample":
        shutil.copytree(sample_workspace, tmp_path / "ws")
        return tmp_path / "ws", "email-2026-p1p2-mttr"
    shutil.copytree(FIXTURES / "github_status", tmp_path / "ws")
    return tmp_path / "ws" / "cycles" / "github-2025h1.toml", "github-2025h1"


def compute_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["compute", str(path), "--format", "json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def model(path: Path, audience: str = "it") -> Report:
    cycle = pick_cycle(path, None)
    result = compute_cycle(cycle, use_cache=True, keep_going=True)
    return build_report(cycle, result, analyse_cycle(cycle, result), audience)  # type: ignore[arg-type]


def test_the_model_holds_the_json_numbers(
    workspace: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, cycle_id = workspace
    document = compute_json(path, capsys)
    report = model(path)
    assert report.cycle_id == document["cycle"]["id"] == cycle_id
    by_id = {m["id"]: m for m in document["metrics"]}
    assert [s.metric_id for s in report.metrics] == list(by_id)
    for section in report.metrics:
        found = by_id[section.metric_id]
        assert [(p.period, p.value, p.n, p.complete) for p in section.periods] == [
            (p["period"], p["value"], p["n"], p["complete"]) for p in found["periods"]
        ]
        expectation = found["analysis"]["expectation"]
        assert section.status == expectation["status"]
        assert section.actual == expectation["actual"]
        assert section.actual_period == expectation["actual_period"]
        assert section.target == found["definition"]["target"] == expectation["target"]
        assert section.baseline == found["definition"]["baseline"]
        # the chart draws the same values
        assert list(section.chart.values) == [p["value"] for p in found["periods"]]
    scores = {r.metric_id: r for r in report.scorecard}
    for metric_id, found in by_id.items():
        assert scores[metric_id].status == found["analysis"]["expectation"]["status"]


def test_the_markdown_shows_the_json_numbers(
    workspace: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = workspace
    document = compute_json(path, capsys)
    assert main(["report", str(path), "--audience", "it"]) == 0
    markdown = capsys.readouterr().out
    words = {"met": "MET", "at_risk": "AT RISK", "missed": "MISSED", "unknown": "NO TARGET"}
    for found in document["metrics"]:
        name, unit = found["definition"]["name"], found["unit"]
        exp = found["analysis"]["expectation"]
        section = markdown.split(f"\n### {name}")[1].split("\n### ")[0]
        heading = section.splitlines()[0]
        assert heading.endswith(f"{exp['glyph']} {words[exp['status']]}"), heading
        assert f"Now {fmt.value(exp['actual'], unit)} ({exp['actual_period']})" in section
        assert f"target {fmt.value(found['definition']['target'], unit)}," in section
        rows = re.findall(r"^\| (\S+) \| ([^|]+) \| ([\d,]+) \| (yes|no[^|]*) \|$", section, re.M)
        assert [(r[0], r[1].strip(), int(r[2].replace(",", ""))) for r in rows] == [
            (p["period"], fmt.value(p["value"], unit), p["n"]) for p in found["periods"]
        ]


class _Cells(HTMLParser):
    """metric id -> [(period, data-value)] from the HTML's period tables."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str | None]]] = {}
        self.metric: str | None = None
        self.row: list[str | None] | None = None
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("class") == "periods":
            self.metric = values["data-metric"]
            self.tables[str(self.metric)] = []
        elif tag == "tr" and self.metric is not None:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.in_cell = True
            if "data-value" in values:
                self.row.append(values["data-value"])

    def handle_data(self, data: str) -> None:
        if self.in_cell and self.row is not None and not self.row:
            self.row.append(data)  # the period, the first cell

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_cell = False
        elif tag == "tr" and self.row and self.metric is not None:
            self.tables[self.metric].append(self.row)
            self.row = None
        elif tag == "table":
            self.metric = None


def test_the_html_carries_the_exact_json_values(
    workspace: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = workspace
    document = compute_json(path, capsys)
    parser = _Cells()
    parser.feed(report_to_html(model(path, "business")))
    for found in document["metrics"]:
        got = [(p, float(v) if v else None) for p, v in parser.tables[found["id"]]]
        assert got == [(p["period"], p["value"]) for p in found["periods"]]
