"""The bar showing all seven steps and which one is open."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from csi_tui.tui.steps import STEPS


class StepBar(Static):
    DEFAULT_CSS = """
    StepBar { height: 1; width: 1fr; background: $panel; }
    """

    def __init__(
        self,
        current: int,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.current = current

    def render(self) -> Text:
        # Exactly 80 cells for the seven steps: every label padded by one cell each side, the
        # current one in brackets instead (so it reads without colour too).
        text = Text(no_wrap=True, overflow="ellipsis")
        for step in STEPS:
            label = f"{step.number} {step.label}"
            if step.number == self.current:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ")
        return text
