"""What each audience reads, the charts in text and SVG, the self-contained HTML, and the command
line: defaults, output files and refusals (exit 2, a message naming the file)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from csi_tui.analysis.analyse import analyse_cycle
from csi_tui.cli.compute_cmd import pick_cycle
from csi_tui.cli.main import main
from csi_tui.data.engine import compute_cycle
from csi_tui.report.chart_spec import ChartSpec, Phase, Signal
from csi_tui.report.html import report_to_html
from csi_tui.report.markdown import report_to_markdown
from csi_tui.report.report_model import Report, build_report, plain_words
from csi_tui.report.svg_chart import svg_chart
from csi_tui.report.text_chart import text_chart

STATISTICS = re.compile(r"\bp [<=] |Mann-Kendall|Mann-Whitney|Welch|Lineage")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    root = tmp_path_factory.mktemp("ws") / "ws"
    shutil.copytree(Path(__file__).parents[2] / "sample_data", root)
    cycle = pick_cycle(root, None)
    result = compute_cycle(cycle, use_cache=False, keep_going=True)
    analysis = analyse_cycle(cycle, result)
    return {a: build_report(cycle, result, analysis, a) for a in ("business", "it")}  # type: ignore[misc]


def test_plain_words_drop_the_test_statistics_and_keep_the_evidence() -> None:
    assert plain_words(
        "MTTR fell from 12.1 h to 7.3 h; the drop is a real shift (p < 0.001, 5 points below"
        " the earlier centre line since the change); the target lies inside the limits."
    ) == (
        "MTTR fell from 12.1 h to 7.3 h; the drop is a real shift (5 points below the earlier"
        " centre line since the change); the target lies inside the limits."
    )
    assert plain_words("the change is within normal variation (p = 0.67): not shown") == (
        "the change is within normal variation: not shown"
    )
    assert plain_words("the target will not be reached (Mann-Kendall p = 0.002).") == (
        "the target will not be reached."
    )
    assert plain_words("SLA at 94.2% (target 95.0%).") == "SLA at 94.2% (target 95.0%)."


def test_business_readers_get_no_formulas_or_test_statistics(reports: dict[str, Report]) -> None:
    for text in (report_to_markdown(reports["business"]), report_to_html(reports["business"])):
        assert STATISTICS.search(text) is None, STATISTICS.search(text)
        assert "mttr_mean" not in text and "priority IN" not in text  # KPI and filter
        assert "▲ MET" in text and "● AT RISK" in text  # status in glyph and word
        assert "Data-quality caveats" in text and "2026-12 is not over yet" in text
        assert "CONTINUE TESTING" in text and "A-203" in text  # decision and actions


def test_it_readers_get_the_statistics_and_the_lineage(reports: dict[str, Report]) -> None:
    markdown = report_to_markdown(reports["it"])
    mttr = markdown.split("\n### MTTR P1/P2, h")[1].split("\n### ")[0]
    assert "p < 0.001" in mttr and "Mann-Whitney U: statistic" in mttr
    assert "XmR phase 2: from 2026-06: centre" in mttr
    assert "| Rows in | 14,000 |" in mttr and "| Rows kept | 3,891 |" in mttr
    assert "| Rows dropped | 10,109 (10,109: filter: business_service = 'Email'" in mttr
    assert "| Metric filter | `priority IN ('1 - Critical', '2 - High')` |" in mttr
    assert "| KPI | `mttr_mean`" in mttr
    html = report_to_html(reports["it"])
    assert "<h4>Lineage</h4>" in html and "Mann-Whitney U" in html


def test_caveats_name_the_findings_once_and_leave_the_filter_scope_out(
    reports: dict[str, Report],
) -> None:
    caveats = reports["business"].caveats
    assert all(c.severity in ("warning", "error") for c in caveats)
    messages = [c.message for c in caveats]
    assert len(messages) == len(set(messages))
    merged = next(c for c in caveats if c.message == "2026-12 is not over yet")
    assert merged.where == "sources incidents, outages, satisfaction"
    assert not any("filter" in c.message for c in caveats)


SPEC = ChartSpec(
    title="MTTR, h (lower is better)",
    unit="h",
    labels=tuple(f"2026-{m:02d}" for m in range(1, 9)),
    values=(12.0, 11.0, None, 12.5, 6.0, 5.5, 6.2, 5.0),
    target=7.0,
    baseline=12.0,
    phases=(Phase(0, 4, 11.8, 9.0, 14.6), Phase(4, 8, 5.7, 4.0, 7.4)),
    change_at=3.5,
    change_label="2026-05-01",
    signals=(Signal(index=4, value=6.0, kind="improvement", rule="point beyond the limits"),),
    incomplete=(7,),
)


def test_the_text_chart_marks_everything_in_plain_characters() -> None:
    chart = text_chart(SPEC)
    lines = chart.splitlines()
    grid = "\n".join(line.split("|", 1)[1] for line in lines[:10])
    assert grid.count("*") == 5  # 7 values: 5 plain, a signal (+) and one not over (o)
    assert "+" in grid and "o" in grid and "-" * 5 in grid and "=" * 5 in grid
    assert "~" in grid and "." in grid
    # 5 columns a period: the change (3.5) is the boundary before the fifth, column 20
    assert all(line[line.index("|") + 1 + 20] == "|" for line in lines[:10])
    assert "2026-01" in lines[11] and "2026-08" in lines[11]
    legend = " ".join(lines[12:])
    assert "- target 7 h" in legend and "= baseline 12 h" in legend
    assert "| change 2026-05-01" in legend and "+ signal (improvement)" in legend
    assert all(ord(ch) < 128 for ch in chart)


def test_the_svg_chart_draws_the_series_the_lines_and_says_what_it_shows() -> None:
    svg = svg_chart(SPEC, "chart-mttr", "month")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="chart-mttr-title chart-mttr-desc"' in svg
    assert '<title id="chart-mttr-title">MTTR, h (lower is better)</title>' in svg
    desc = re.search(r'<desc id="chart-mttr-desc">([^<]+)</desc>', svg)
    assert desc is not None and "target 7 h" in desc[1] and "change on 2026-05-01" in desc[1]
    polylines = re.findall(r'<polyline class="series" points="([^"]+)"', svg)
    assert [len(p.split()) for p in polylines] == [2, 5]  # the missing March splits the line
    assert svg.count('class="point"') == 6 and svg.count('class="point partial"') == 2
    for cls in ("target", "baseline", "change"):
        assert f'<line class="{cls}"' in svg
    assert svg.count('<line class="limit"') == 5  # 2 per phase + the legend sample
    assert "change 2026-05-01" in svg and "▲" in svg and ">h</text>" in svg and ">month<" in svg


def test_the_svg_axis_stops_at_the_natural_floor() -> None:
    from dataclasses import replace

    from csi_tui.report.svg_chart import _y_range

    spec = replace(SPEC, phases=(Phase(0, 8, 8.0, 0.0, 16.0),))
    free = _y_range(spec)
    assert free is not None and free[0] < 0  # the padding would go below zero
    bounded = _y_range(replace(spec, floor=0.0))
    assert bounded is not None and bounded[0] == 0.0 and bounded[1] == free[1]


def test_an_empty_chart_says_so() -> None:
    empty = ChartSpec(title="Backlog", unit="", labels=("2026-01",), values=(None,))
    assert "No data for Backlog" in svg_chart(empty, "c")
    assert text_chart(empty) == "Backlog: no data"


def test_the_html_is_one_self_contained_file(reports: dict[str, Report]) -> None:
    html = report_to_html(reports["business"])
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 9
    assert '<meta name="viewport"' in html.replace("'", '"')
    assert "@media print" in html and "prefers-color-scheme: dark" in html
    assert html.count("<svg") == 9 and html.count('class="status ') >= 9


def test_markdown_to_stdout_and_html_beside_the_cycle(
    tmp_path: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    assert main(["report", str(root)]) == 0
    assert capsys.readouterr().out.startswith("# Faster P1/P2 resolution (Email)\n")
    assert main(["report", str(root), "--format", "html"]) == 0
    written = root / "cycles" / "email-2026-p1p2-mttr-report.html"
    assert capsys.readouterr().out == f"wrote {written}\n"
    assert written.read_text(encoding="utf8").startswith("<!DOCTYPE html>")
    assert main(["report", str(root), "--cycle", "email-2025-first-fix", "--format", "html",
                 "--audience", "it"]) == 0  # fmt: skip
    assert (root / "cycles" / "email-2025-first-fix-report-it.html").exists()
    out = tmp_path / "r.md"
    assert main(["report", str(root), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf8").startswith("# Faster")
    assert not list(root.rglob(".*.tmp"))  # the atomic write left no temp file


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nowhere"], "nowhere: no such file or folder"),
        (["{ws}", "--cycle", "nope"], "no cycle 'nope' here"),
        (["{ws}", "-o", "{ws}"], "is a folder"),
        (["{ws}", "--format", "html", "-o", "{ws}/missing/r.html"], "cannot save"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    args: list[str],
    expected: str,
    tmp_path: Path,
    sample_workspace: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    argv = ["report", *(a.replace("{ws}", str(root)) for a in args)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_bad_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", ".", "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_a_missing_data_file_is_a_caveat_and_exit_2_but_the_report_is_written(
    tmp_path: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    (root / "data" / "outages.csv").unlink()
    assert main(["report", str(root)]) == 2
    captured = capsys.readouterr()
    assert "data file not found" in captured.err and "Traceback" not in captured.err
    caveat = next(line for line in captured.out.splitlines() if "data file not found" in line)
    assert caveat.startswith("- **✖ ERROR** source outages:")
    assert "| Email availability | **? NO DATA** | n/a |" in captured.out
    assert "### MTTR P1/P2, h: ▲ MET" in captured.out  # the other sources still report


def test_a_report_without_results_still_renders(sample_workspace: Path) -> None:
    cycle = pick_cycle(sample_workspace, None)
    report = build_report(cycle, None, None, "it")
    assert report.summary == () and report.caveats == ()
    assert {s.badge for s in report.metrics} == {"? NO ANALYSIS"}
    assert "No analysis: the data could not be computed" in report_to_markdown(report)
    assert report_to_html(report).count("No data for") == len(cycle.metrics)


def test_text_from_the_cycle_file_is_escaped_in_the_html(sample_workspace: Path) -> None:
    """A cycle file from someone else cannot put markup or script into the report."""
    from dataclasses import replace

    cycle = pick_cycle(sample_workspace, None)
    evil = "<script>alert(1)</script> & <b>"
    cycle = replace(
        cycle,
        cycle=replace(cycle.cycle, title=evil),
        metrics=(replace(cycle.metrics[0], name=evil, unit="h<i>"), *cycle.metrics[1:]),
    )
    html = report_to_html(build_report(cycle, None, None, "it"))
    assert "<script" not in html and "<b>" not in html and "h<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_actions_read_in_words_and_overdue_ones_are_counted(reports: dict[str, Report]) -> None:
    """Judged on the day the figures were computed: the sample's A-202 (due 2026-12-04, in
    progress) is late on 2026-12-07, A-203 (due 2026-12-18) is not, A-201 is done."""
    report = replace(reports["business"], generated=datetime(2026, 12, 7, 9, 0))
    markdown = report_to_markdown(report)
    assert "**1 overdue** on 2026-12-07." in markdown
    assert "| 2026-12-04 | ◐ in progress, overdue by 3 days |" in markdown
    assert "| 2026-12-18 | ○ open |" in markdown
    assert "in_progress" not in markdown  # the words, never the file's key
    html = report_to_html(report)
    assert "<strong>1 overdue</strong> on 2026-12-07." in html
    assert "◐ in progress, overdue by 3 days" in html
    early = report_to_markdown(replace(report, generated=datetime(2026, 12, 1)))
    assert "overdue" not in early


def test_the_outcome_tells_who_was_not_in_the_room_what_was_decided_after_the_review(
    tmp_path: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Continued, then adopted: the report's Outcome says both, the new baselines beside the
    old ones (the values the adoption wrote in the cycle file), and the next cycle."""
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    assert "## Outcome" not in (main(["report", str(root)]), capsys.readouterr().out)[1]
    assert main(["continue", str(root), "--until", "2027-01-31", "--reason", "one more month",
                 "--by", "Board", "--date", "2026-12-01"]) == 0  # fmt: skip
    assert main(["adopt", str(root), "--by", "Priya", "--date", "2026-12-07", "--record-decision",
                 "--override", "SLA at 88% and rising"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["report", str(root), "--cycle", "email-2026-p1p2-mttr"]) == 0
    text = capsys.readouterr().out
    outcome = text[text.index("## Outcome") : text.index("## Scorecard")]
    lines = [line for line in outcome.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Testing continued on 2026-12-01 by Board: the end moved from 2026-12-31 to "
        "2027-01-31: one more month.",
        "- Adopted as the new standard baseline on 2026-12-07 by Priya (mean of the periods from "
        "the change date on); the next cycle is email-2027-p1p2-mttr.",
        "- Adopted although short of a target: SLA at 88% and rising.",
        "- Closed on 2026-12-07 by Priya as successful (adopted).",
    ]
    # the table holds what the file says, in the app's number style
    cycle = pick_cycle(root, "email-2026-p1p2-mttr")
    assert cycle.adoption is not None
    mttr = next(m for m in cycle.metrics if m.id == "mttr_p1p2")
    adopted = cycle.adoption.baselines["mttr_p1p2"]
    row = f"| {mttr.name} | {mttr.baseline:.1f} h | {adopted:.1f} h |"
    assert row in outcome
    assert main(["report", str(root), "--cycle", "email-2026-p1p2-mttr", "--format", "html"]) == 0
    html = (root / "cycles" / "email-2026-p1p2-mttr-report.html").read_text(encoding="utf8")
    assert "<h2 id='outcome'>Outcome</h2>" in html
    assert "Adopted although short of a target: SLA at 88% and rising." in html


def test_a_rejected_cycle_s_outcome_gives_the_reason(
    tmp_path: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root)
    assert main(["reject", str(root), "--by", "Board", "--date", "2026-12-07",
                 "--reason", "reopens rose", "--record-decision"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["report", str(root), "--cycle", "email-2026-p1p2-mttr"]) == 0
    text = capsys.readouterr().out
    outcome = text[text.index("## Outcome") : text.index("## Scorecard")]
    assert "- Closed on 2026-12-07 by Board as unsuccessful (rejected): reopens rose." in outcome
    assert "Adopted" not in outcome and "| Metric |" not in outcome
