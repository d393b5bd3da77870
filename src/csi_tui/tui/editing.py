"""Open the edit forms of steps 1 and 2 and save what they return, from a key or the palette.

Every save goes through ``app.save_cycle_edit`` / ``save_register_edit`` (``saving.py``), with
what the edit makes stale (``cycle/edit_impact.py``): a target edit re-runs the analysis alone, a
filter or formula edit computes the data again in a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from csi_tui.cycle import edit_definitions as ed
from csi_tui.cycle import model
from csi_tui.cycle.edit import add_opportunity
from csi_tui.cycle.edit_impact import metric_impact
from csi_tui.errors import CsiError

# Imported with the step screens (built ahead after the first paint), not on the first e: a form
# opened while a large source loads then shows at once.
from csi_tui.tui.dialogs.confirm_dialog import ConfirmDialog
from csi_tui.tui.dialogs.metric_form import MetricForm
from csi_tui.tui.dialogs.register_form import RegisterForm
from csi_tui.tui.dialogs.strategy_form import StrategyForm
from csi_tui.tui.host import CsiHost


def _open_cycle(app: CsiHost) -> model.Cycle | None:
    cycle = app.state.cycle
    if cycle is None:
        app.notify("No cycle is open yet.", severity="warning")
    return cycle


def edit_strategy(app: CsiHost) -> None:
    cycle = _open_cycle(app)
    if cycle is None:
        return

    def save(strategy: model.Strategy) -> bool:
        if strategy == cycle.strategy:
            return True  # nothing changed: nothing to write
        saved = app.save_cycle_edit(
            "Strategy saved", lambda c: ed.set_strategy(c, strategy), recompute="none"
        )
        return saved is not None

    app.push_screen(StrategyForm(cycle, save))


def edit_metric(app: CsiHost, metric_id: str | None = None) -> None:
    """Edit ``metric_id`` (the selected metric by default); with no metric at all, add one."""
    cycle = _open_cycle(app)
    if cycle is None:
        return
    metric = cycle.metric(metric_id or app.state.metric_id or "") or (
        cycle.metrics[0] if cycle.metrics and metric_id is None else None
    )
    if metric is None:
        add_metric(app)
        return
    app.push_screen(MetricForm(cycle, metric, app.state.compute, _metric_saver(app)))


def add_metric(app: CsiHost) -> None:
    cycle = _open_cycle(app)
    if cycle is None:
        return
    app.push_screen(MetricForm(cycle, None, app.state.compute, _metric_saver(app)))


def _metric_saver(app: CsiHost) -> Callable[[model.Metric | None, model.Metric], bool]:
    def save(old: model.Metric | None, new: model.Metric) -> bool:
        impact = metric_impact(old, new)
        if impact == "none":
            return True
        if old is None:
            label = f"Metric {new.id} added"
            saved = app.save_cycle_edit(label, lambda c: ed.add_metric(c, new), recompute="data")
        else:
            saved = app.save_cycle_edit(
                f"Metric {new.id} saved",
                lambda c: ed.replace_metric(c, old.id, new),
                recompute=impact,
            )
        if saved is not None:
            app.select_metric(new.id)
        return saved is not None

    return save


def remove_metric(app: CsiHost, metric_id: str | None = None) -> None:
    cycle = _open_cycle(app)
    if cycle is None:
        return
    metric = cycle.metric(metric_id or app.state.metric_id or "")
    if metric is None:
        app.notify("Select a metric to remove first.", severity="warning")
        return
    try:
        ed.check_removable(cycle, metric.id)
    except CsiError as error:
        app._notify_problems(error.problems)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        saved = app.save_cycle_edit(
            f"Metric {metric.id} removed",
            lambda c: ed.remove_metric(c, metric.id),
            recompute="data",
        )
        if saved is not None and saved.metrics:
            app.select_metric(saved.metrics[0].id)

    question = f"Remove metric {metric.name} ({metric.id}) from {cycle.id}?"
    app.push_screen(ConfirmDialog(question, yes="Remove", no="Keep it"), answered)


def _register(app: CsiHost) -> model.Register | None:
    workspace = app.state.workspace
    register = workspace.register if workspace is not None else None
    if register is None:
        app.notify("This workspace has no register.toml.", severity="warning")
    return register


def edit_register_entry(app: CsiHost, opportunity_id: str | None) -> None:
    register = _register(app)
    if register is None:
        return
    entry = register.get(opportunity_id or "")
    if entry is None:
        app.notify("Select a register entry first.", severity="warning")
        return
    app.push_screen(RegisterForm(register, entry, _entry_saver(app)))


def add_register_entry(app: CsiHost) -> None:
    register = _register(app)
    if register is None:
        return
    app.push_screen(RegisterForm(register, None, _entry_saver(app)))


def _entry_saver(
    app: CsiHost,
) -> Callable[[model.Opportunity | None, model.Opportunity], bool]:
    def save(old: model.Opportunity | None, new: model.Opportunity) -> bool:
        if old == new:
            return True
        if old is None:
            saved = app.save_register_edit(
                f"Register entry {new.id} added", lambda r: add_opportunity(r, new)
            )
        else:
            saved = app.save_register_edit(
                f"Register entry {new.id} saved",
                lambda r: ed.replace_opportunity(r, old.id, new),
            )
        return saved is not None

    return save
