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
    word: str = ""  # "MET": beside the glyph when the list is wide, else in the list's legend


# Wide enough for a name, the value and the longest badge ("? NO TARGET") on one line.
WIDE_LIST = 42
NARROW_LIST = 30


class MetricList(OptionList):
    DEFAULT_CSS = """
    MetricList {
        width: 30; height: 1fr; border: round $border-blurred; padding: 0;
        border-title-color: $foreground; border-title-style: bold;
        border-subtitle-color: $foreground;
    }
    /* The up/down keys move this selection whatever has the focus: show it as a cursor that
       has it, so it stands out in every theme and with NO_COLOR (not the faint blurred one). */
    MetricList > .option-list--option-highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: bold;
    }
    """
    can_focus = False

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.items: tuple[MetricItem, ...] = ()
        self.border_title = "Metrics"

    def show_items(self, items: Sequence[MetricItem], selected: str | None) -> None:
        items = tuple(items)
        ids = [item.metric_id for item in items]
        index = ids.index(selected) if selected in ids else None
        if items != self.items:
            self.items = items
            self.clear_options()
            self.add_options(
                [
                    Option(self._line(item, i == index), id=item.metric_id)
                    for i, item in enumerate(items)
                ]
            )
            self._show_legend()
        elif index != self.highlighted:
            # the glyph's colour could vanish on the cursor's background: plain on the cursor
            for i in (self.highlighted, index):
                if i is not None and i < len(items):
                    self.replace_option_prompt_at_index(i, self._line(items[i], i == index))
        if index is not None:
            self.highlighted = index

    def on_resize(self) -> None:
        # the lines are laid out for the width: lay them out again
        if self.items:
            items, self.items = self.items, ()
            highlighted = self.highlighted
            self.show_items(
                items, items[highlighted].metric_id if highlighted is not None else None
            )

    def _words_fit(self) -> bool:
        return self.outer_size.width >= WIDE_LIST

    def _show_legend(self) -> None:
        """Too narrow for a word on each line: the words of the glyphs go in the borders, the
        subtitle first and what does not fit there in the title."""
        if self._words_fit():
            self.border_title, self.border_subtitle = "Metrics", ""
            return
        room = max(8, (self.outer_size.width or NARROW_LIST) - 6)
        below: list[str] = []
        above: list[str] = []
        for entry in legend(self.items):
            if len(" ".join([*below, entry])) <= room and not above:
                below.append(entry)
            else:
                above.append(entry)
        self.border_subtitle = " ".join(below)
        title = " ".join(["Metrics", *above])
        self.border_title = title if len(title) <= room else " ".join(above)

    def _line(self, item: MetricItem, selected: bool = False) -> Text:
        inner = max(12, (self.size.width or NARROW_LIST) - 3)
        value_width = max(len(item.value), 7)
        badge = f"{item.glyph} {item.word}" if item.word and self._words_fit() else item.glyph
        # one badge column for all lines, so the values line up whatever the word's length
        words = [len(i.word) for i in self.items if i.word] if self._words_fit() else []
        badge = badge.ljust(2 + max(words, default=-1))
        name_width = max(4, inner - value_width - len(badge) - 2)
        name = item.name if len(item.name) <= name_width else item.name[: name_width - 1] + "…"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{name:<{name_width}} ")
        text.append(f"{item.value:>{value_width}} ")
        text.append(badge, style="bold" if selected else f"bold {item.colour}".strip())
        return text


def legend(items: Sequence[MetricItem]) -> list[str]:
    """The words of the glyphs in the list ("▲met"), for a list too narrow to say them on each
    line; each glyph once, in the order they first appear."""
    seen: dict[str, str] = {}
    for item in items:
        if item.word:
            seen.setdefault(item.glyph, item.word.lower())
    return [f"{glyph}{word}" for glyph, word in seen.items()]
