"""Step 3: per source rows read / kept / dropped with reasons, coverage, findings, preview."""

from __future__ import annotations

from tui_helpers import AppFactory, settle, table_rows, text_of


async def test_sources_table(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        assert table_rows(app, "#sources") == [
            ["incidents", "1,200", "1,150", "50", "2026-10-01", "2026-12-20", "⚠1 ℹ1"]
        ]


async def test_details_say_why_rows_were_dropped_and_what_was_found(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        text = text_of(app, "#details-text")
        assert "file     data/incidents.csv" in text  # relative to the workspace
        assert "30 dropped: opened_at unparseable" in text
        assert "20 dropped: filter: state = 'Cancelled'" in text
        assert "dates    opened_at: 2026-10-01 to 2026-12-20" in text
        assert "⚠ WARNING 4 duplicate ticket ids → keep = 'last' is used" in text
        assert "ℹ INFO December is not over yet" in text
        assert text.index("⚠ WARNING") < text.index("ℹ INFO")  # worst first
        assert "hours:f64 (12 empty)" in text


async def test_preview_shows_the_first_rows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        rows = table_rows(app, "#preview")
        assert rows[0] == ["INC0001", "2026-10-01 08:00", "1", "5.5"]
        assert rows[2][3] == "—"  # null shown as a dash


async def test_before_compute_the_source_says_not_read_yet(make_app: AppFactory) -> None:
    app = make_app(compute=lambda _c, _p=None, _prev=None: None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        assert table_rows(app, "#sources")[0][-1] == "not read yet"
        assert "Not read yet" in text_of(app, "#details-text")
