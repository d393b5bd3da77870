"""The edit forms are in the command palette too, and each entry opens its form."""

from __future__ import annotations

from tui_helpers import AppFactory

from csi_tui.tui.commands import CsiCommands
from csi_tui.tui.dialogs.metric_form import MetricForm
from csi_tui.tui.dialogs.register_form import RegisterForm
from csi_tui.tui.dialogs.strategy_form import StrategyForm


def _commands(app):  # type: ignore[no-untyped-def]
    provider = CsiCommands(app.screen)
    return {text: callback for text, _help, callback in provider.commands()}


async def test_the_palette_has_every_edit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.select_metric("csat")
        commands = _commands(app)
        for text in [
            "Edit strategy",
            "Edit metric: MTTR P1/P2",
            "Add metric",
            "Remove metric: Satisfaction",
            "Edit register entry: CSI-002",
            "Add register entry",
        ]:
            assert text in commands, text
        for text, form in [
            ("Edit strategy", StrategyForm),
            ("Edit metric: MTTR P1/P2", MetricForm),
            ("Add metric", MetricForm),
            ("Edit register entry: CSI-002", RegisterForm),
            ("Add register entry", RegisterForm),
        ]:
            commands[text]()
            await pilot.pause()
            assert isinstance(app.screen, form), text
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, form)


async def test_edit_keys_have_ids(make_app: AppFactory) -> None:
    from csi_tui.tui.screens.step1_strategy import StrategyScreen
    from csi_tui.tui.screens.step2_measures import MeasuresScreen

    ids = {b.id for b in (*StrategyScreen.BINDINGS, *MeasuresScreen.BINDINGS)}  # type: ignore[union-attr]
    assert {"edit-strategy", "add-register-entry", "edit-metric", "add-metric"} <= ids
    assert "remove-metric" in ids
