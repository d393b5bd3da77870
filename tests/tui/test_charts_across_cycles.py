"""Step 4 across cycles: each earlier cycle's change date and adopted baseline are marked."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from charts_fixture import make_compute, make_cycles
from textual_plotext.plot import Plot

from csi_tui.cycle.model import Adoption, Analysis
from csi_tui.report.chart_spec import Level
from csi_tui.report.metric_spec import build_spec
from csi_tui.tui.widgets.chart_palette import palette_from
from csi_tui.tui.widgets.metric_chart import draw_spec, legend_markup

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PALETTE = palette_from({"foreground": "#ffffff", "background": "#000000", "surface": "#111111"})


def _spec(adopted: float | None = 20.5, change: date | None = date(2025, 10, 1)):  # type: ignore[no-untyped-def]
    earlier, current = make_cycles(Path("/ws"))
    metric = current.metric("mttr")
    old = make_compute(earlier).metric("mttr")
    now = make_compute(current).metric("mttr")
    assert metric is not None and old is not None and now is not None
    marks = {earlier.id: (change, adopted)}
    return build_spec(
        metric, now, None, date(2026, 6, 1), earlier=[(earlier.id, old)], earlier_marks=marks
    )


def test_the_earlier_cycles_change_and_adopted_baseline_are_on_its_segment() -> None:
    spec = _spec()
    # the earlier cycle holds July to December 2025 (points 0-5): October 1 is between
    # September (2) and October (3)
    (marker,) = spec.earlier_changes
    assert marker.x == pytest.approx(2.5) and marker.label == "email-2025h2"
    assert spec.adopted == (Level(0, 6, 20.5, "email-2025h2"),)
    assert spec.change_at == pytest.approx(6 + 4.5)  # this cycle's own change, as before


def test_nothing_marked_without_a_change_or_an_adoption() -> None:
    spec = _spec(adopted=None, change=None)
    assert spec.earlier_changes == () and spec.adopted == ()
    assert "adopted" not in legend_markup(spec, PALETTE)


def test_the_marks_are_drawn_and_named_in_the_legend() -> None:
    spec = _spec()
    plt = Plot()
    draw_spec(plt, spec, PALETTE, 80, 20)
    plt.plotsize(80, 20)
    text = ANSI.sub("", plt.build())
    assert "═" in text  # the adopted baseline's line over the earlier points
    legend = re.sub(r"\[[^\]]*\]", "", legend_markup(spec, PALETTE))
    assert "│ earlier changes" in legend and "═ adopted" in legend
    without = _spec(adopted=None)
    plt.clear_figure()
    draw_spec(plt, without, PALETTE, 80, 20)
    plt.plotsize(80, 20)
    assert "═" not in ANSI.sub("", plt.build())


async def test_step4_marks_the_earlier_cycles_of_the_workspace() -> None:
    """The screen passes each earlier cycle's change date and adoption to the chart."""
    from charts_fixture import make_app, settle

    from csi_tui.tui.widgets.metric_chart import MetricChart

    app = make_app()
    workspace_of = app.services.open_workspace

    def with_adoption(path):  # type: ignore[no-untyped-def]
        workspace, message = workspace_of(path)
        earlier, current = workspace.cycles
        earlier = replace(
            earlier,
            analysis=Analysis(change_date=date(2025, 10, 1)),
            adoption=Adoption(date(2026, 1, 5), baselines={"mttr": 20.5}),
        )
        return replace(workspace, cycles=(earlier, current)), message

    app.services = replace(app.services, open_workspace=with_adoption)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        spec = app.screen.query_one("#process-chart", MetricChart).spec
        assert spec is not None
        assert [m.label for m in spec.earlier_changes] == ["email-2025h2"]
        assert [level.value for level in spec.adopted] == [20.5]
