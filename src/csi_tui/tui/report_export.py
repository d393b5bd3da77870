"""Export the report from the TUI (command palette, binding id ``export-report``): the same report
``csi-tui report`` writes, for business readers, beside the cycle file, built and written in a
thread worker from the results already on screen, then a notification says where it went."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from csi_tui.errors import CsiError
from csi_tui.tui.host import CsiHost
from csi_tui.tui.services import relative_to_root

if TYPE_CHECKING:
    from csi_tui.report.write import ReportFormat

FORMAT_WORDS = {"md": "Markdown", "html": "HTML"}


def export_report(app: CsiHost, fmt: ReportFormat) -> None:
    state = app.state
    cycle = state.cycle
    if cycle is None:
        app.notify("No cycle is open: press o to choose one.", severity="warning")
        return
    if state.compute is None:
        app.notify(
            "The data is not computed yet: export when the numbers show.", severity="warning"
        )
        return
    compute = state.compute
    analysis = state.analysis
    root = state.workspace.root if state.workspace is not None else None

    def work() -> None:
        from csi_tui.analysis.results import CycleAnalysis
        from csi_tui.report.report_model import build_report
        from csi_tui.report.write import default_report_path, render, write_report

        path: Path = default_report_path(cycle, fmt, "business")
        try:
            found = analysis if isinstance(analysis, CycleAnalysis) else None
            report = build_report(cycle, compute, found, "business")
            write_report(path, render(report, fmt))
        except CsiError as error:
            text = error.problems[0].format() if error.problems else str(error)
            app.call_from_thread(
                app.notify, text, title="Report not written", severity="error", timeout=8
            )
            return
        except OSError as error:
            app.call_from_thread(
                app.notify,
                f"{path}: {error.strerror or error}",
                title="Report not written",
                severity="error",
                timeout=8,
            )
            return
        app.call_from_thread(
            app.notify,
            f"Written to {relative_to_root(path, root)}",
            title=f"Report ({FORMAT_WORDS[fmt]})",
            timeout=8,
        )

    app.run_worker(
        work, thread=True, group="export-report", name=f"report {fmt}", exit_on_error=False
    )
