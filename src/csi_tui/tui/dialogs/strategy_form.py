"""Step 1: the strategy: vision, business need, objectives (one a line) and CSFs (one a line,
``id | name | description``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from csi_tui.cycle import model
from csi_tui.cycle.field_checks import (
    FieldProblems,
    check_strategy,
    strategy_as_text,
    strategy_draft,
    unchanged_business_need,
)
from csi_tui.tui.dialogs.form_base import EditForm, FieldSpec


class StrategyForm(EditForm[model.Strategy]):
    FIELDS = (
        FieldSpec("vision", "vision"),
        FieldSpec("business_need", "business need", "text", lines=4),
        FieldSpec("objectives", "objectives", "text", placeholder="one a line", lines=4),
        FieldSpec("csfs", "CSFs", "text", placeholder="id | name | description, one a line"),
    )

    def __init__(self, cycle: model.Cycle, save: Callable[[model.Strategy], bool]) -> None:
        self.cycle = cycle
        self._save = save
        super().__init__(f"Edit the strategy of {cycle.id}", strategy_as_text(cycle.strategy))

    def check(self, values: Mapping[str, str]) -> tuple[model.Strategy | None, FieldProblems]:
        raw = strategy_draft(
            values["vision"], values["business_need"], values["objectives"], values["csfs"]
        )
        strategy, problems = check_strategy(self.cycle, raw)
        if strategy is not None:
            strategy = unchanged_business_need(self.cycle.strategy, strategy)
        return strategy, problems

    def save(self, record: model.Strategy) -> bool:
        return self._save(record)

    def edited(self) -> model.Cycle:
        return self.cycle
