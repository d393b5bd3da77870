"""The HTML report in a real browser (headless Chromium from the system packages), from the sample
workspace and from a real-data one (GitHub status incidents, tests/report/fixtures): it renders
the scorecard and every chart, logs no console error, fetches nothing, fits a phone, follows the
dark preference and prints."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest
from chromium import colours, console_lines, dump_dom, open_page, screenshot

from csi_tui.cli.main import main

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).parents[1] / "report" / "fixtures"


@pytest.fixture(params=["sample", "github"], scope="module")
def report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int]:
    """(the HTML report file, how many metrics it reports on)."""
    root = tmp_path_factory.mktemp(request.param) / "ws"
    if request.param == "sample":
        shutil.copytree(Path(__file__).parents[2] / "sample_data", root)
        target, metrics = root, 9
    else:
        shutil.copytree(FIXTURES / "github_status", root)
        target, metrics = root / "cycles" / "github-2025h1.toml", 3
    out = root / "report.html"
    assert main(["report", str(target), "--format", "html", "-o", str(out)]) == 0
    return out, metrics


def test_the_screenshot_shows_a_page(report: tuple[Path, int], tmp_path: Path) -> None:
    html, _ = report
    png = tmp_path / "report.png"
    stderr = screenshot(html.as_uri(), png, 1000, 2400)
    assert console_lines(stderr) == []
    assert png.stat().st_size > 30_000
    counts = colours(png)
    background = max(counts.values())
    assert len(counts) > 30  # text, badges, chart lines: not one colour
    assert background < 0.97 * sum(counts.values())


def test_the_dom_has_the_scorecard_rows_and_every_chart(report: tuple[Path, int]) -> None:
    html, metrics = report
    dom = dump_dom(html.as_uri())
    card = re.search(r'<table class="scorecard">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert card is not None
    rows = re.findall(r"<tr>(.*?)</tr>", card[1], re.S)
    assert len(rows) == metrics
    assert all(re.search(r'class="status \w+">[▲●▼?] [A-Z ]+<', row) for row in rows)
    charts = re.findall(r'<svg class="chart".*?</svg>', dom, re.S)
    assert len(charts) == metrics
    for chart in charts:
        points = re.findall(r'<polyline class="series" points="([^"]+)"', chart)
        assert points and sum(len(p.split()) for p in points) >= 6, chart[:200]
        assert re.search(r"<title id=[^>]+>[^<]+</title>", chart)
        assert '<line class="target"' in chart or "target" not in chart.split("</desc>")[0]


def test_no_console_errors_no_fetches_and_it_fits_a_phone(report: tuple[Path, int]) -> None:
    html, metrics = report
    with open_page(html.as_uri(), 390, 844) as page:
        assert page.errors() == []
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner  # nothing wider than the phone: wide tables scroll in a box
        sizes = page.evaluate(
            "[...document.querySelectorAll('svg.chart')].map(s => {"
            " const r = s.getBoundingClientRect(); return [r.width, r.height,"
            " [...s.querySelectorAll('polyline.series')]"
            ".reduce((n, p) => n + p.getTotalLength(), 0)]; })"
        )
        assert len(sizes) == metrics
        assert all(w > 300 and h > 150 and length > 50 for w, h, length in sizes), sizes
        light = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.call(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": "dark"}],
        )
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert light == "rgb(255, 255, 255)" and dark == "rgb(13, 17, 23)"
        # paper is white and the lines dark, whatever the screen's preference
        page.call(
            "Emulation.setEmulatedMedia",
            media="print",
            features=[{"name": "prefers-color-scheme", "value": "dark"}],
        )
        paper, series = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.querySelector('svg .series')).stroke]"
        )
        assert paper == "rgb(255, 255, 255)" and series == "rgb(11, 92, 173)"
        pdf = base64.b64decode(page.call("Page.printToPDF")["data"])
        pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
        assert pdf.startswith(b"%PDF") and len(pages) >= 2
        assert page.errors() == []


def test_the_error_check_catches_a_console_error_and_a_fetch(tmp_path: Path) -> None:
    """The checks above can fail: a page that logs an error and fetches an image is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<html><body><script>console.error('boom')</script>"
        "<img src='https://example.org/x.png'></body></html>",
        encoding="utf8",
    )
    with open_page(bad.as_uri(), 800, 600) as page:
        errors = page.errors()
    assert "boom" in errors
    assert any("ERR_NAME_NOT_RESOLVED" in e for e in errors)
    stderr = screenshot(bad.as_uri(), tmp_path / "b.png", 400, 300)
    assert any("boom" in line for line in console_lines(stderr))
