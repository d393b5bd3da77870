"""The share of the planned gain in words a chair can repeat (issue 10: "-6678% of the planned
gain")."""

from __future__ import annotations

from csi_tui.analysis.expectation import attainment_of
from csi_tui.analysis.verdict import gain_words


def test_within_the_plan_a_percentage() -> None:
    # baseline 9.2 h, target 6.0 h, now 6.1 h: (9.2 - 6.1) / (9.2 - 6.0) = 96.9%
    assert gain_words(attainment_of(6.1, 9.2, 6.0)) == "97% of the planned gain"  # type: ignore[arg-type]


def test_worse_than_the_baseline_moved_away() -> None:
    # baseline 400, target 300, now 7,078: far the wrong way
    share = attainment_of(7078.0, 400.0, 300.0)
    assert share is not None and share < -60
    assert gain_words(share) == "moved away from the target (worse than the baseline)"


def test_far_beyond_the_plan_is_capped() -> None:
    share = attainment_of(0.0, 400.0, 300.0)  # 400% of the planned gain
    assert share == 4.0
    assert gain_words(share) == "more than twice the planned gain"
    assert gain_words(2.0) == "200% of the planned gain"
