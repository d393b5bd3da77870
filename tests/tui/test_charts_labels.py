"""Line labels at the chart's right edge never overlap; one that gives way is in the legend."""

from __future__ import annotations

import re

from test_charts import PALETTE, _plot_text, _spec
from textual_plotext.plot import Plot

from csi_tui.report.chart_spec import Phase
from csi_tui.tui.widgets.metric_chart import draw_spec, legend_markup

# A label cut by another one drawn over it on the same row, e.g. "bastarget 6".
CUT = re.compile(r"b(a(s(e(l(i(n(e)?)?)?)?)?)?)?target|U(C(L)?)?target|L(C(L)?)?target")


def test_baseline_and_target_labels_never_share_a_row() -> None:
    # Seen in tmux at 80x24: "bastarget 7.5" where baseline and target were close. Sweep the
    # gap between them across the heights a chart pane gets (the 80x24 pane is about 11 rows).
    for height in range(6, 30):
        for step in range(2, 30, 2):
            baseline = 6.0 + step / 20
            text = _plot_text(_spec(baseline=baseline, phases=()), 78, height)
            assert "target 6" in text, (height, baseline)  # the target label always wins
            assert not CUT.search(text), (height, baseline, text)


def test_a_label_that_gives_way_is_named_in_the_legend() -> None:
    spec = _spec(baseline=6.1, phases=())  # too close to the target 6 for two labels
    dropped = draw_spec(Plot(), spec, PALETTE, 78, 11)
    assert dropped == ("baseline 6.1",)
    legend = re.sub(r"\[[^\]]*\]", "", legend_markup(spec, PALETTE, dropped))
    assert "┄ baseline 6.1" in legend and "━ actual" in legend
    # far apart, both are drawn on the plot and the legend does not repeat them
    spread = _spec(baseline=12.0, phases=())
    assert draw_spec(Plot(), spread, PALETTE, 78, 20) == ()
    text = _plot_text(spread, 78, 20)
    assert "baseline 12" in text and "target 6" in text


def test_names_with_units_in_narrow_columns() -> None:
    from csi_tui.report.formatting import name_with_unit

    # a short unit always shows; the name gives way
    assert name_with_unit("First-assignment resolution", "%", 21) == "First-assignment… (%)"
    # a word unit gives way to the name when both do not fit (seen at 80 columns:
    # "Incidents … (tickets)", "Satisfactio… (points)")
    assert name_with_unit("Incidents opened", "tickets", 21) == "Incidents opened"
    assert name_with_unit("Satisfaction score", "points", 21) == "Satisfaction score"
    assert name_with_unit("Open incidents at month end", "tickets", 21) == "Open incidents at mo…"
    # and shows when there is room
    assert name_with_unit("Backlog", "tickets", 21) == "Backlog (tickets)"
    assert len(name_with_unit("Open incidents at month end", "h", 21)) == 21


def test_the_baseline_label_wins_over_a_control_limit_on_its_row() -> None:
    # UCL 10.9 is less than a row from the baseline 10.8 at this height: the limit gives way
    spec = _spec(phases=(Phase(0, 12, 8.0, 5.1, 10.9),))
    dropped = draw_spec(Plot(), spec, PALETTE, 78, 11)
    assert "UCL 10.9" in dropped and not any(d.startswith("baseline") for d in dropped)
    assert "baseline 10.8" in _plot_text(spec, 78, 11)


def test_control_limits_and_the_centre_line_after_the_change_carry_their_values() -> None:
    # Limits of the phase after the change (UCL 8.3, LCL 4.9, centre 6.6), the target 6, the
    # baseline 10.8; tall enough for each line to have a row of its own.
    spec = _spec(phases=(Phase(0, 6, 10.9, 8.5, 13.3), Phase(6, 12, 7.4, 4.9, 9.9)))
    assert draw_spec(Plot(), spec, PALETTE, 78, 40) == ()
    text = _plot_text(spec, 78, 40)
    for label in ("UCL 9.9", "LCL 4.9", "CL 7.4", "target 6", "baseline 10.8"):
        assert label in text, label
    # the earlier phase's limits are drawn but not labelled: the labels speak of the current one
    assert "UCL 13.3" not in text and "CL 10.9" not in text


def test_a_limit_label_without_a_row_is_named_with_its_value_in_the_legend() -> None:
    spec = _spec()  # the centre 6.6 is less than a row from the target 6 at this height
    dropped = draw_spec(Plot(), spec, PALETTE, 50, 10)
    assert "CL 6.6" in dropped and "target 6" not in dropped
    legend = re.sub(r"\[[^\]]*\]", "", legend_markup(spec, PALETTE, dropped))
    assert "-- CL 6.6" in legend
    for label in dropped:
        assert label in legend, label
    # too long for the border: "━ actual" gives way to the values (one series only)
    room = len(legend) - 1
    short = re.sub(r"\[[^\]]*\]", "", legend_markup(spec, PALETTE, dropped, room))
    assert "actual" not in short and "-- CL 6.6" in short and len(short) <= room
