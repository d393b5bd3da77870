"""Decision words shared by steps 6 and 7, the minutes and the report."""

from __future__ import annotations

from csi_tui.report import decision_words


def test_each_decision_reads_the_same_everywhere() -> None:
    assert decision_words.badge("adopt") == "✔ ADOPT"
    assert decision_words.badge("continue") == "↻ CONTINUE TESTING"
    assert decision_words.summary("reject") == "REJECT: roll the change back"
    assert set(decision_words.WORDS) == set(decision_words.GLYPHS)
    assert set(decision_words.WORDS) == set(decision_words.SUMMARIES)
    assert set(decision_words.WORDS) == set(decision_words.CONSEQUENCES)


def test_an_unknown_kind_is_shown_as_written_in_capitals() -> None:
    assert decision_words.word("pilot") == "PILOT"
    assert decision_words.badge("pilot") == "PILOT"
    assert decision_words.summary("pilot") == "PILOT"
