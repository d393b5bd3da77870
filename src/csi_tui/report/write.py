"""Rendering and writing a report file: one door for the command line and the TUI palette."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from csi_tui.cycle.model import Cycle
from csi_tui.cycle.save import atomic_write, file_hash
from csi_tui.report.report_model import Audience, Report

ReportFormat = Literal["md", "html"]
FORMATS: tuple[ReportFormat, ...] = ("md", "html")


def render(report: Report, fmt: ReportFormat) -> str:
    if fmt == "html":
        from csi_tui.report.html import report_to_html

        return report_to_html(report)
    from csi_tui.report.markdown import report_to_markdown

    return report_to_markdown(report)


def default_report_path(cycle: Cycle, fmt: ReportFormat, audience: Audience) -> Path:
    """Beside the cycle file: ``cycles/q4.toml`` -> ``cycles/q4-report.html`` (``-report-it``
    for the IT audience), so the report sits in git next to what it reports on."""
    suffix = "-report" if audience == "business" else "-report-it"
    if cycle.path is None:
        return Path(f"{cycle.id}{suffix}.{fmt}")
    return cycle.path.with_name(f"{cycle.path.stem}{suffix}.{fmt}")


def write_report(path: Path, text: str) -> Path:
    """Write atomically (temp, fsync, rename). A report is generated, so an earlier one at the
    same path is replaced; a file that changes while we write is not (the hash check)."""
    atomic_write(path, text.encode("utf8"), file_hash(path))
    return path
