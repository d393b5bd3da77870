"""Will the process reliably hit its target? The target against the current natural limits.

Wheeler's reading of a predictable process: its values will go on falling between the natural
process limits. A target inside the limits will be hit and missed by chance; beyond them on the
good side it will be met every period; beyond them on the bad side it will not be met until the
process itself changes. How often it will be missed is estimated from a normal model of the
current phase (centre line, sigma = average MR / 1.128): a rough guide, stated as such.
"""

from __future__ import annotations

from dataclasses import replace

from scipy import stats

from csi_tui.analysis._direction import good_sign
from csi_tui.analysis.fmt import finite
from csi_tui.analysis.results import Assurance, ControlChart, Phase
from csi_tui.cycle.model import Direction
from csi_tui.data.periods import grain_noun


def miss_rate(centre: float, sigma: float, target: float, direction: Direction) -> float:
    """Share of periods on the bad side of the target under a normal model."""
    sign = good_sign(direction)
    if sigma <= 0:
        return 0.0 if sign * (centre - target) >= 0 else 1.0
    # lower is better: a miss is a value above the target
    z = (target - centre) / sigma
    return float(stats.norm.sf(z) if sign < 0 else stats.norm.cdf(z))


def how_often(rate: float, grain: str) -> str:
    """'about 1 month in 3' wording for a miss rate up to a half; above it the nearest of a few
    plain fractions ('about 2 months in 3', '3 in 4', '4 in 5', '9 in 10')."""
    word = grain_noun(grain)
    if rate < 0.01:
        return f"fewer than 1 {word} in 100"
    if rate > 0.99:
        return f"almost every {word}"
    if rate <= 0.5:
        return f"about 1 {word} in {round(1 / rate)}"
    fractions = [(k, n) for n in (3, 4, 5, 10) for k in range(n // 2 + 1, n)]
    k, n = min(fractions, key=lambda kn: (abs(kn[0] / kn[1] - rate), kn[1]))
    return f"about {k} {word}s in {n}"


def assess(
    chart: ControlChart, target: float | None, direction: Direction, grain: str = "month"
) -> Assurance:
    target = finite(target)
    phase = chart.current
    if phase is None or target is None:
        why = "no target" if target is None else "no control limits (too few values)"
        return Assurance(
            kind="unknown", target=target, lcl=None, ucl=None, centre=None, miss_rate=None,
            sentence=f"cannot say whether the target will be met reliably: {why}",
        )  # fmt: skip
    rate = miss_rate(phase.centre, phase.sigma, target, direction)
    sign = good_sign(direction)
    # the limit on the bad side of the process: for lower-is-better, the upper limit
    bad_limit, good_limit = (phase.ucl, phase.lcl) if sign < 0 else (phase.lcl, phase.ucl)
    if sign * (bad_limit - target) > 0 or (
        phase.avg_mr == 0 and sign * (phase.centre - target) >= 0
    ):
        kind = "good_side"
        sentence = "the target lies beyond the limits on the good side, so it will be met reliably"
    elif sign * (target - good_limit) > 0:
        kind = "bad_side"
        sentence = (
            "the target lies beyond the limits on the bad side, so it will not be met"
            " without changing the process"
        )
    else:
        kind = "inside"
        sentence = "the target lies inside the limits, so expect to miss it " + how_often(
            rate, grain
        )
    return Assurance(
        kind=kind,  # type: ignore[arg-type]
        target=target,
        lcl=phase.lcl,
        ucl=phase.ucl,
        centre=phase.centre,
        miss_rate=rate,
        sentence=sentence,
    )


def limits_predate_change(phase: Phase | None, change_index: int | None) -> bool:
    """True when the phase runs past the change but its limits were computed only from points
    before it (recalculation turned off, or too few points since the change to recalculate)."""
    if phase is None or change_index is None:
        return False
    return phase.start < change_index <= phase.end and phase.calc_end < change_index


def on_old_limits(assurance: Assurance, *, shifted: bool, recalculate: bool) -> Assurance:
    """The assurance of a phase whose limits predate the change. After a real shift those limits
    describe a process that no longer exists: no judgement (``unknown``). Otherwise the judgement
    stands and says which limits it rests on."""
    if shifted and assurance.target is not None:
        why = (
            "there are too few points since it to recalculate them: too early to say"
            if recalculate
            else "they are not recalculated (recalculate_at_change = false): set it to true to say"
        )
        return replace(
            assurance,
            kind="unknown",
            miss_rate=None,
            sentence=f"the process has shifted since the change and the limits predate the change;"
            f" {why} whether the target will be met reliably",
        )
    if assurance.kind == "unknown":
        return assurance
    why = ": too few points since it" if recalculate else ""
    return replace(
        assurance,
        sentence=f"{assurance.sentence} (judged on the limits from before the change{why})",
    )
