"""The metrics list of step 5: name, latest value and status glyph, one line per metric.

Display only (not focusable): the screen moves the selection with up/down, so the keys mean the
same thing whichever pane has the focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class MetricItem:
    metric_id: str
    name: str
    value: str  # "6.1 h"
    glyph: str  # "▲"
    colour: str  # a colour for the glyph (the glyph carries the meaning too)


class MetricList(OptionList):
    DEFAULT_CSS = """
    MetricList {
        width: 28; height: 1fr; border: round $border-blurred; padding: 0;
        border-title-color: $foreground; border-title-style: bold;
    }
    """
    can_focus = False

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items: tuple[MetricItem, ...] = ()
        self.border_title = "Metrics"

    def show_items(self, items: Sequence[MetricItem], selected: str | None) -> None:
        items = tuple(items)
        if items != self.items:
            self.items = items
            self.clear_options()
            self.add_options([Option(self._line(item), id=item.metric_id) for item in items])
        ids = [item.metric_id for item in items]
        if selected in ids:
            self.highlighted = ids.index(selected)

    def on_resize(self) -> None:
        # the lines are laid out for the width: lay them out again
        if self.items:
            items, self.items = self.items, ()
            highlighted = self.highlighted
            self.show_items(
                items, items[highlighted].metric_id if highlighted is not None else None
            )

    def _line(self, item: MetricItem) -> Text:
        inner = max(12, (self.size.width or 28) - 3)
        value_width = max(len(item.value), 7)
        name_width = max(4, inner - value_width - 3)
        name = item.name if len(item.name) <= name_width else item.name[: name_width - 1] + "…"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{name:<{name_width}} ")
        text.append(f"{item.value:>{value_width}} ")
        text.append(item.glyph, style=f"bold {item.colour}".strip())
        return text
