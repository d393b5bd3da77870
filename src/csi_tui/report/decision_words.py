"""How a decision (adopt / continue testing / reject) reads on steps 6 and 7, in the minutes and in
the report: one set of words."""

from __future__ import annotations

WORDS = {"adopt": "ADOPT", "continue": "CONTINUE TESTING", "reject": "REJECT"}
GLYPHS = {"adopt": "✔", "continue": "↻", "reject": "✖"}
# In a line for decision makers (step 6, the report): what the decision means, briefly.
SUMMARIES = {
    "adopt": "the change becomes the new standard",
    "continue": "not decided yet",
    "reject": "roll the change back",
}
# On step 7, where the consequences are carried out: what follows from it.
CONSEQUENCES = {
    "adopt": "the results become the new standard: adopt them as the new baseline and open the "
    "next cycle",
    "continue": "not proven yet: keep measuring, extend the cycle or adjust the change",
    "reject": "the change is not kept: roll it back and close the register entry",
}


def word(kind: str) -> str:
    """``ADOPT``; an unknown kind (a hand-edited file) in capitals as written."""
    return WORDS.get(kind, kind.upper())


def badge(kind: str) -> str:
    """``✔ ADOPT``: glyph and word, never the colour alone."""
    glyph = GLYPHS.get(kind)
    return f"{glyph} {word(kind)}" if glyph else word(kind)


def summary(kind: str) -> str:
    """``ADOPT: the change becomes the new standard``."""
    meaning = SUMMARIES.get(kind)
    return f"{word(kind)}: {meaning}" if meaning else word(kind)
