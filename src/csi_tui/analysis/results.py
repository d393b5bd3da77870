"""What step 5 (analyse) hands to the TUI, the report and the JSON output.

Frozen dataclasses only; no polars frames, so a result can be kept in the app state, compared and
turned into JSON (``csi_tui.analysis.to_json``, documented in ``docs/analysis.md``).

Conventions used throughout:

- ``Label`` says whether a movement is good news for the metric, by its ``direction``: for MTTR
  (lower is better) a fall is an ``"improvement"``, for SLA compliance (higher is better) it is a
  ``"concern"``. Nothing here is shown by colour alone: every status and label has a word and a
  glyph (``▲`` improvement / met, ``●`` at risk / neutral, ``▼`` concern / missed).
- Indexes (``first``, ``last``, ``start`` ...) are positions in ``MetricSeries.periods`` (0-based,
  ``last`` inclusive), so the chart can draw them without looking anything up.
- ``None`` means "not computable" (no target, too few points, empty data); ``warnings`` on each
  result say why in a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from csi_tui.cycle.model import Direction

Label = Literal["improvement", "concern"]
Status = Literal["met", "at_risk", "missed", "unknown"]
TrendDirection = Literal["rising", "falling", "none", "too_few"]
RuleId = Literal[
    "beyond_limits",  # WE rule 1: one point beyond 3 sigma (the natural process limits)
    "two_of_three",  # WE rule 2: 2 of 3 successive points beyond 2 sigma, same side
    "four_of_five",  # WE rule 3: 4 of 5 successive points beyond 1 sigma, same side
    "eight_in_a_row",  # WE rule 4: 8 successive points on one side of the centre line
    "six_trending",  # 6 successive points rising (or falling)
    "moving_range",  # a moving range above its upper limit (3.267 x average MR)
]
Side = Literal["above", "below", "rising", "falling"]
AssuranceKind = Literal["inside", "good_side", "bad_side", "unknown"]
ComparisonBasis = Literal["observations", "periods"]

# Words and glyphs for display, so that no status or signal relies on colour.
STATUS_GLYPHS: Mapping[Status, str] = {"met": "▲", "at_risk": "●", "missed": "▼", "unknown": "?"}
STATUS_WORDS: Mapping[Status, str] = {
    "met": "MET",
    "at_risk": "AT RISK",
    "missed": "MISSED",
    "unknown": "NO TARGET",
}


def status_word(status: Status, *, no_data: bool = False) -> str:
    """The status in words; NO DATA rather than NO TARGET when a target waits for a first value
    (a cycle that has not started, an empty source)."""
    return "NO DATA" if status == "unknown" and no_data else STATUS_WORDS[status]


LABEL_GLYPHS: Mapping[Label, str] = {"improvement": "▲", "concern": "▼"}
RULE_NAMES: Mapping[RuleId, str] = {
    "beyond_limits": "point beyond the limits",
    "two_of_three": "2 of 3 beyond 2 sigma",
    "four_of_five": "4 of 5 beyond 1 sigma",
    "eight_in_a_row": "8 in a row on one side",
    "six_trending": "6 in a row rising or falling",
    "moving_range": "moving range above its limit",
}


# ---------------------------------------------------------------- 1. against expectations
@dataclass(frozen=True)
class Expectation:
    """The latest value against the baseline, the target and the amber threshold."""

    direction: Direction
    actual: float | None  # the latest period with a value
    actual_period: str | None  # its label, e.g. "2026-11"
    baseline: float | None
    target: float | None
    amber: float | None
    # Direction-aware distance to the target: > 0 still short of it, <= 0 at or past it.
    gap: float | None
    change: float | None  # actual - baseline (raw, in the metric's unit)
    # Share of the planned improvement achieved: (baseline - actual) / (baseline - target) for
    # lower-is-better (mirrored for higher); 1.0 = the full planned gain, > 1 beyond it, < 0 worse.
    attainment: float | None
    status: Status
    warnings: tuple[str, ...] = ()

    @property
    def glyph(self) -> str:
        return STATUS_GLYPHS[self.status]

    @property
    def word(self) -> str:
        return status_word(self.status, no_data=self.target is not None and self.actual is None)

    @property
    def badge(self) -> str:
        """e.g. ``"▲ MET"``: glyph and word together."""
        return f"{self.glyph} {self.word}"


# ---------------------------------------------------------------- 2. trend
@dataclass(frozen=True)
class Trend:
    """Mann-Kendall trend test (tie-corrected) and Sen's slope over the period values."""

    n: int  # periods with a value
    s: int | None  # Mann-Kendall S
    var_s: float | None  # variance of S with the tie correction
    z: float | None  # with the continuity correction
    p: float | None  # two-sided
    tau: float | None  # Kendall's tau-a = S / (n(n-1)/2)
    slope: float | None  # Sen's slope, unit per period
    slope_low: float | None  # its confidence interval (1 - alpha), from the normal approximation
    slope_high: float | None
    intercept: float | None  # Sen's intercept: median(y - slope * index), at index 0
    direction: TrendDirection  # "none": not significant at alpha
    label: Label | None  # direction judged by the metric's direction (None: no trend)
    alpha: float
    # At the current slope, the first future period when the target would be reached:
    # "already met", a period label (e.g. "2027-03"), "not at this rate", "not before the year
    # 9999", or "4 periods after P12" when the labels are not in one of the engine's formats.
    target_reach: str | None
    periods_to_target: float | None  # periods from the latest one (None: never / no target)
    warnings: tuple[str, ...] = ()

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < self.alpha


# ---------------------------------------------------------------- 3. control chart
@dataclass(frozen=True)
class Phase:
    """One set of XmR limits: from the baseline window, or recalculated from the change date."""

    index: int  # 0 for the first phase
    start: int  # first point of the phase (index into the periods)
    end: int  # last point (inclusive)
    start_period: str
    calc_start: int  # the points the limits were computed from (inclusive range)
    calc_end: int
    n: int  # values used to compute the limits
    centre: float  # mean of the values
    avg_mr: float  # average moving range (within the calculation window)
    sigma: float  # avg_mr / 1.128 (d2 for n = 2)
    ucl: float  # centre + 2.66 x avg_mr (natural process limits)
    lcl: float  # centre - 2.66 x avg_mr (not clipped at zero: the chart may clip for display)
    mr_ucl: float  # 3.267 x avg_mr
    reason: str  # "baseline window", "all points", "recalculated at the change date 2026-06-01"
    # Where a limit fell beyond the metric's natural bound (a negative duration, a rate above
    # 100%), ``lcl``/``ucl`` are clamped to it and these keep the computed value; else None.
    # The zones and rules use the computed limits (3 sigma either side of the centre).
    computed_lcl: float | None = None
    computed_ucl: float | None = None


@dataclass(frozen=True)
class ChartPoint:
    index: int
    period: str
    value: float | None
    moving_range: float | None  # |x_i - x_{i-1}| within the phase; None for its first point
    phase: int
    # Signed zone: +1 between centre and +1 sigma (zone C), +2 beyond 1 sigma (B), +3 beyond 2
    # sigma (A), +4 beyond 3 sigma (outside the limits); negative below the centre; 0 exactly on
    # the centre line or no value. "Beyond" is strict: a point exactly on a sigma line stays in
    # the inner zone (Western Electric handbook, 1956; NIST e-Handbook 6.3.2).
    zone: int


@dataclass(frozen=True)
class Signal:
    """A special-cause signal found by one rule, labelled by the metric's direction."""

    rule: RuleId
    first: int  # index of the first point of the pattern
    last: int  # index of the last point (the one that completes the pattern), inclusive
    side: Side  # above / below the centre line; rising / falling for runs
    label: Label
    phase: int
    description: str  # e.g. "8 points in a row below the centre line (2026-06 to 2027-01)"

    @property
    def name(self) -> str:
        return RULE_NAMES[self.rule]

    @property
    def glyph(self) -> str:
        return LABEL_GLYPHS[self.label]


@dataclass(frozen=True)
class ControlChart:
    """XmR (individuals and moving range) chart of the period values."""

    points: tuple[ChartPoint, ...]
    phases: tuple[Phase, ...]  # empty when there are too few values for limits
    signals: tuple[Signal, ...]
    warnings: tuple[str, ...] = ()
    # limits shown at the metric's natural bound instead of their computed value, in words
    bound_notes: tuple[str, ...] = ()

    @property
    def current(self) -> Phase | None:
        """The last phase: the limits the process runs within now."""
        return self.phases[-1] if self.phases else None


@dataclass(frozen=True)
class Assurance:
    """Will the process reliably hit the target? The target against the current limits."""

    kind: AssuranceKind  # inside: hit and miss by chance; good_side: reliably met;
    # bad_side: will not be met without changing the process; unknown: no target or limits
    target: float | None
    lcl: float | None
    ucl: float | None
    centre: float | None
    # Estimated share of periods that will miss the target, from a normal model of the current
    # phase (centre, sigma); e.g. 0.33 -> "about 1 month in 3".
    miss_rate: float | None
    # e.g. "the target lies inside the limits, so expect to miss it about 1 month in 3"
    sentence: str


# ---------------------------------------------------------------- 4. before / after
@dataclass(frozen=True)
class HypothesisTest:
    """A two-sided test: the statistic and its p-value (scipy)."""

    name: str  # "Mann-Whitney U", "Welch t", "two-proportion z"
    statistic: float
    p: float
    df: float | None = None  # Welch's degrees of freedom


@dataclass(frozen=True)
class Shift:
    """An effect size (after - before) with a confidence interval."""

    estimate: float
    low: float | None
    high: float | None
    confidence: float  # e.g. 0.95
    method: str  # e.g. "Hodges-Lehmann, distribution-free CI"; says when a subsample was used


@dataclass(frozen=True)
class Comparison:
    """Before vs after the change date, on ticket-level values when they exist."""

    basis: ComparisonBasis
    change_date: date
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    median_before: float | None
    median_after: float | None
    diff_mean: float | None  # after - before
    diff_median: float | None  # after - before
    mann_whitney: HypothesisTest | None
    welch: HypothesisTest | None
    proportions: HypothesisTest | None  # rate metrics (0/1 observations) only
    shift: Shift | None  # after - before
    enough: bool  # both sides have at least Analysis.min_points values
    significant: bool  # the main test (proportions for rates, else Mann-Whitney) p < alpha
    label: Label | None  # which way the shift went, by direction (None: no shift)
    alpha: float
    warnings: tuple[str, ...] = ()

    @property
    def p(self) -> float | None:
        """The p-value of the main test."""
        main = self.proportions or self.mann_whitney
        return main.p if main is not None else None


# ---------------------------------------------------------------- 5. guardrails
@dataclass(frozen=True)
class GuardrailFlag:
    """A counter-metric of the primary one, checked for harm."""

    metric_id: str
    name: str
    unit: str
    before: float | None  # mean of its period values before the change (or first half)
    after: float | None  # after the change (or the latest value)
    worsened: bool  # moved in its bad direction
    primary_improved: bool
    flagged: bool  # worsened while the primary improved: the trade-off to discuss
    sentence: str


# ---------------------------------------------------------------- the whole of step 5
@dataclass(frozen=True)
class MetricAnalysis:
    metric_id: str
    name: str
    unit: str
    direction: Direction
    expectation: Expectation
    trend: Trend
    chart: ControlChart
    assurance: Assurance
    comparison: Comparison | None  # None without a change date
    guardrails: tuple[GuardrailFlag, ...] = ()
    # The verdict in sentences a service owner would repeat, most important first.
    verdict: tuple[str, ...] = ()
    # Short one-line summaries for the step 5 panel: keys "status", "shift", "trend",
    # "assure", "guard" (absent when there is nothing to say).
    lines: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def flagged_guardrails(self) -> tuple[GuardrailFlag, ...]:
        return tuple(g for g in self.guardrails if g.flagged)


@dataclass(frozen=True)
class CycleAnalysis:
    cycle_id: str
    metrics: tuple[MetricAnalysis, ...]
    warnings: tuple[str, ...] = ()

    def metric(self, metric_id: str) -> MetricAnalysis | None:
        return next((m for m in self.metrics if m.metric_id == metric_id), None)
