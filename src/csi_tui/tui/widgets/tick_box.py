"""A checkbox whose state is a glyph, not a colour: ``[x]`` ticked, ``[ ]`` not.

Textual's Checkbox draws the same mark either way and tells them apart by colour, which
``NO_COLOR=1`` and washed-out projectors lose.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    def render(self) -> Content:
        return Content.assemble("[x] " if self.value else "[ ] ", self.label)
