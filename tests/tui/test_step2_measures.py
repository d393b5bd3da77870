"""Step 2: the metrics table, gaps with glyph and word, the selected metric in full."""

from __future__ import annotations

from tui_helpers import AppFactory, settle, table_rows, text_of


async def test_metrics_table_columns_and_gaps(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        rows = {r[1]: r for r in table_rows(app, "#metrics")}
        assert rows["MTTR P1/P2"] == [
            "✔ OK",
            "MTTR P1/P2",
            "h",
            "▼ lower",
            "9.2",
            "6",
            "7",
            "service",
            "CSF1",
            "mttr_mean",
            "incidents",
        ]
        assert rows["Reopen rate"][0] == "✖ NO DATA"  # no series computed for it
        assert rows["Satisfaction"][0] == "✖ NO DATA"  # every period empty
        assert rows["Satisfaction"][9] == "AVG(score)"  # the formula when there is no KPI
        assert rows["Satisfaction"][3] == "▲ higher"


async def test_no_baseline_shows_before_data_is_computed(make_app: AppFactory) -> None:
    app = make_app(compute=lambda _c, _p=None, _prev=None: None)  # nothing computed
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        gaps = {r[1]: r[0] for r in table_rows(app, "#metrics")}
        assert gaps == {
            "MTTR P1/P2": "… pending",
            "Reopen rate": "○ NO BASELINE",
            "Satisfaction": "… pending",
        }


async def test_moving_selects_the_metric_for_every_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert "filter     priority IN ('1', '2')" in text_of(app, "#definition-text")
        await pilot.press("down")
        await pilot.pause()
        assert app.state.metric_id == "reopen"
        text = text_of(app, "#definition-text")
        assert "Reopen rate" in text and "CSF2 Fixes that stick" in text
        assert "○ NO BASELINE" in text
        await pilot.press("1", "2")  # the selection survives a step switch
        await pilot.pause()
        assert app.state.metric_id == "reopen"
        assert "Reopen rate" in text_of(app, "#definition-text")


async def test_a_metric_chosen_elsewhere_moves_the_cursor(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        app.select_metric("csat")
        await pilot.pause()
        table = app.screen.query_one("#metrics")
        assert table.cursor_row == 2  # type: ignore[attr-defined]
        assert "✖ NO DATA: no period has a value" in text_of(app, "#definition-text")
