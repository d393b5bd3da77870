"""Step 5 Analyse: the metrics list, the chart of the selected metric, the numbers in sentences."""

from __future__ import annotations

from dataclasses import replace

from charts_fixture import make_app, make_workspace, plain, settle
from rich.text import Text
from textual.widgets import Static

from csi_tui.tui.screens.step5_analyse import AnalyseScreen
from csi_tui.tui.widgets.metric_chart import MetricChart
from csi_tui.tui.widgets.metric_list import MetricList


async def _open_step5(app, pilot) -> AnalyseScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("5")
    await settle(app, pilot)
    assert isinstance(app.screen, AnalyseScreen)
    return app.screen


async def test_list_chart_and_sentences_of_the_first_metric() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        items = screen.query_one(MetricList).items
        assert [(i.name, i.value, i.glyph) for i in items] == [
            ("MTTR P1/P2", "6.1 h", "▲"),
            ("SLA met", "94.2%", "●"),
            ("Reopen rate", "2.1%", "▼"),
            ("Backlog", "214", "?"),
        ]
        chart = screen.query_one("#analyse-chart", MetricChart)
        assert chart.spec is not None
        assert chart.spec.title == "MTTR P1/P2, h (lower is better)"
        assert chart.spec.target == 6.0 and chart.spec.baseline == 10.8
        assert len(chart.spec.phases) == 2
        assert {s.kind for s in chart.spec.signals} == {"improvement", "concern"}
        text = plain(screen.query_one("#numbers-text", Static).content)
        for words in ("Status", "▲ MET", "Shift", "Trend", "Assure", "Guard", "Verdict"):
            assert words in text
        assert "Mann-Kendall p = 0.002" in text


async def test_up_down_move_the_shared_selection() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert app.state.metric_id == "sla"
        chart = screen.query_one("#analyse-chart", MetricChart)
        assert chart.spec is not None and chart.spec.title.startswith("SLA met")
        assert "● AT RISK" in plain(screen.query_one("#numbers-text", Static).content)
        assert screen.query_one(MetricList).highlighted == 1
        for _ in range(5):  # stops at the last metric
            await pilot.press("j")
        await pilot.pause()
        assert app.state.metric_id == "backlog"
        await pilot.press("up", "k")
        await pilot.pause()
        assert app.state.metric_id == "sla"
        # the selection is shared: step 4 shows the same metric
        await pilot.press("4")
        await settle(app, pilot)
        assert app.screen.query_one("#process-chart", MetricChart).spec.title.startswith("SLA")


async def test_a_flagged_guardrail_is_a_concern_in_words() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        analysis = app.state.analysis
        mttr = analysis.metric("mttr")
        flag = replace(mttr.guardrails[0], worsened=True, flagged=True, sentence="reopens rose")
        app.state = replace(
            app.state,
            analysis=replace(
                analysis,
                metrics=(replace(mttr, guardrails=(flag,)), *analysis.metrics[1:]),
            ),
        )
        await pilot.pause()
        text = plain(screen.query_one("#numbers-text", Static).content)
        assert "▼ concern reopens rose" in text


async def test_without_analysis_the_screen_says_why() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        app.state = replace(app.state, analysis=None)
        await pilot.pause()
        text = plain(screen.query_one("#numbers-text", Static).content)
        assert "No analysis for MTTR P1/P2" in text
        items = screen.query_one(MetricList).items
        assert items[0].glyph == "?" and items[0].value == "6.1 h"  # value still shown
        app.state = replace(app.state, cycle_id=None)
        await pilot.pause()
        assert "No cycle is open" in plain(screen.query_one("#numbers-text", Static).content)


async def test_a_cycle_without_metrics() -> None:
    workspace = make_workspace()
    bare = replace(workspace.cycles[1], metrics=())
    app = make_app(workspace=replace(workspace, cycles=(workspace.cycles[0], bare)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        assert "no metrics yet" in plain(screen.query_one("#numbers-text", Static).content)
        await pilot.press("down")  # nothing to move to: no error
        await pilot.pause()


async def test_page_keys_scroll_sentences_that_do_not_fit() -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        panel = screen.query_one("#numbers")
        assert panel.max_scroll_y > 0  # at 60 columns the sentences wrap beyond the panel
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert panel.scroll_y == 0
        # the list lays its lines out again for a new width
        metric_list = screen.query_one(MetricList)
        before = len(str(metric_list.options[0].prompt))
        metric_list.styles.width = 40
        await pilot.pause()
        after = str(metric_list.options[0].prompt)
        assert len(after) > before and after.endswith("▲")


def _lines(metric_list: MetricList) -> list[str]:
    return [str(metric_list.get_option_at_index(i).prompt) for i in range(metric_list.option_count)]


async def test_every_glyph_in_the_list_has_its_word_at_any_width() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        metric_list = screen.query_one(MetricList)
        # narrow: the glyph on each line, the words of all four in the borders
        assert all("MET" not in line for line in _lines(metric_list))
        borders = f"{metric_list.border_title} {metric_list.border_subtitle}"
        for entry in ("▲met", "●at risk", "▼missed", "?no target"):
            assert entry in borders
        assert len(str(metric_list.border_subtitle)) <= metric_list.outer_size.width - 6
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        # wide: glyph and word on each line, values in one column, no legend needed
        lines = _lines(metric_list)
        assert "▲ MET" in lines[0] and "● AT RISK" in lines[1] and "? NO TARGET" in lines[3]
        assert (
            len({line.index("▲ ") if "▲ " in line else line.index("● ") for line in lines[:2]}) == 1
        )
        assert metric_list.border_title == "Metrics" and not metric_list.border_subtitle


async def test_the_selected_line_shows_its_glyph_in_the_cursor_colours() -> None:
    """A green ▲ on the cursor's background can vanish (with NO_COLOR both are the same grey):
    the selected line's glyph takes the cursor's colours, the others keep their own."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_step5(app, pilot)
        metric_list = screen.query_one(MetricList)

        def glyph_style(index: int) -> str:
            prompt = metric_list.get_option_at_index(index).prompt
            assert isinstance(prompt, Text)
            return str(prompt.spans[-1].style)

        assert glyph_style(0) == "bold" and glyph_style(1) != "bold"
        await pilot.press("down")
        await pilot.pause()
        assert glyph_style(1) == "bold" and glyph_style(0) != "bold"
