"""analyse_cycle end to end over a ComputeResult, the verdict, guardrails and the JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from csi_tui.analysis import analyse_cycle, analysis_to_json, cycle_analysis_to_json
from csi_tui.analysis.analyse import split_observations
from csi_tui.cycle.model import Metric

from .builders import cycle, months, result, series

MTTR = Metric(
    "mttr", "MTTR P1/P2", "tickets", unit="h", direction="lower", baseline=9.2, target=6.0,
    amber=7.0, guardrails=("reopen",),
)  # fmt: skip
REOPEN = Metric(
    "reopen", "Reopen rate", "tickets", unit="%", direction="lower", baseline=2.0, target=2.0,
    amber=3.0,
)  # fmt: skip

# 12 months around 9.2 h, then 12 around 6.1 h (fixed numbers: no randomness in the verdict)
BEFORE = [9.4, 8.9, 9.6, 9.1, 9.3, 8.8, 9.5, 9.0, 9.2, 9.7, 8.9, 9.1]
AFTER = [6.3, 5.9, 6.2, 6.0, 6.4, 5.8, 6.1, 6.3, 5.9, 6.2, 6.0, 6.1]


def observations(per_month: list[float], n: int = 50, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    ats: list[datetime] = []
    values: list[float] = []
    for (_, begin, _), mean in zip(months(len(per_month)), per_month, strict=True):
        start = datetime(begin.year, begin.month, begin.day)
        ats += [start + timedelta(hours=float(h)) for h in rng.uniform(0, 24 * 27, n)]
        values += list(rng.exponential(mean, n))
    return pl.DataFrame({"at": ats, "value": values})


def rate_observations(shares: list[float], n: int = 400, seed: int = 2) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    frame = observations([1.0] * len(shares), n=n, seed=seed)
    p = np.repeat(np.asarray(shares), n)
    return frame.with_columns(value=pl.Series((rng.uniform(0, 1, len(p)) < p).astype(float)))


def test_shift_verdict_in_words() -> None:
    mttr = series("mttr", BEFORE + AFTER, observations=observations(BEFORE + AFTER))
    analysis = analyse_cycle(cycle([MTTR]), result(mttr))
    m = analysis.metric("mttr")
    assert m is not None
    assert m.expectation.actual == 6.1
    assert m.expectation.status == "at_risk"
    assert m.comparison is not None
    assert m.comparison.basis == "observations"
    assert m.comparison.n_before == 600 and m.comparison.n_after == 600
    assert m.comparison.significant and m.comparison.label == "improvement"
    first = m.verdict[0]
    assert first.startswith("MTTR P1/P2 fell from 9.2 h to 6.1 h (target 6.0 h)")
    assert "the drop is a real shift (p < 0.001, 12 points below the earlier centre line" in first
    assert "the target lies inside the limits, so expect to miss it" in first
    assert m.lines["status"].startswith("● AT RISK")
    assert m.lines["shift"].startswith("real (improvement): p < 0.001")
    assert m.trend.label == "improvement"
    assert [p.index for p in m.chart.phases] == [0, 1]
    assert m.chart.phases[1].start_period == "2026-01"


def test_guardrail_worsened_while_primary_improved_is_flagged() -> None:
    mttr = series("mttr", BEFORE + AFTER, observations=observations(BEFORE + AFTER))
    shares = [0.02] * 12 + [0.05] * 12
    reopen = series(
        "reopen", [s * 100 for s in shares], unit="%", kind="rate",
        observations=rate_observations(shares),
    )  # fmt: skip
    analysis = analyse_cycle(cycle([MTTR, REOPEN]), result(mttr, reopen))
    m = analysis.metric("mttr")
    assert m is not None
    (guard,) = m.guardrails
    assert guard.worsened and guard.primary_improved and guard.flagged
    assert m.flagged_guardrails == (guard,)
    assert "Reopen rate got worse" in guard.sentence
    assert any("trade-off" in s for s in m.verdict)
    r = analysis.metric("reopen")
    assert r is not None and r.comparison is not None
    assert r.comparison.proportions is not None
    assert r.comparison.mean_before == pytest.approx(2.0, abs=0.5)  # in %, not a proportion


def test_steady_guardrail_reads_unchanged() -> None:
    mttr = series("mttr", BEFORE + AFTER)
    reopen = series("reopen", [2.0, 2.1] * 12, unit="%")
    m = analyse_cycle(cycle([MTTR, REOPEN]), result(mttr, reopen)).metric("mttr")
    assert m is not None
    (guard,) = m.guardrails
    assert not guard.worsened and not guard.flagged
    assert guard.sentence.startswith("Reopen rate unchanged")


def test_period_values_when_no_observations() -> None:
    m = analyse_cycle(cycle([MTTR]), result(series("mttr", BEFORE + AFTER))).metric("mttr")
    assert m is not None and m.comparison is not None
    assert m.comparison.basis == "periods"
    assert (m.comparison.n_before, m.comparison.n_after) == (12, 12)
    assert m.comparison.significant


def test_missing_series_and_missing_guardrail_do_not_crash() -> None:
    lonely = Metric("x", "Backlog", "tickets", unit="", guardrails=("nope", "mttr"))
    analysis = analyse_cycle(cycle([lonely, MTTR]), result())
    m = analysis.metric("x")
    assert m is not None
    assert m.expectation.status == "unknown"
    assert "no values" in m.warnings[0]
    assert m.chart.phases == ()
    assert [g.flagged for g in m.guardrails] == [False, False]
    assert "no metric with this id" in m.guardrails[0].sentence
    json.dumps(cycle_analysis_to_json(analysis), allow_nan=False)


def test_incomplete_period_is_left_out() -> None:
    values = [*BEFORE, 99.0]
    m = analyse_cycle(
        cycle([MTTR], change=None), result(series("mttr", values, incomplete_last=True))
    ).metric("mttr")
    assert m is not None
    assert m.expectation.actual == 9.1  # not the half month's 99
    assert m.chart.points[-1].value is None
    assert any("incomplete" in w for w in m.warnings)
    assert m.comparison is None


def test_too_few_after_the_change_says_so() -> None:
    values = BEFORE + AFTER[:3]
    m = analyse_cycle(cycle([MTTR]), result(series("mttr", values))).metric("mttr")
    assert m is not None and m.comparison is not None
    assert not m.comparison.enough
    assert "too few periods after the change (3)" in m.verdict[0]
    # the limits could not be recalculated, and the assurance says which limits it rests on
    assert len(m.chart.phases) == 1
    assert m.assurance.sentence.endswith(
        "(judged on the limits from before the change: too few points since it)"
    )


@pytest.mark.parametrize(
    ("dtype", "before_local", "after_local"),
    [
        (pl.Datetime("us", "Europe/Paris"), "2026-05-31 23:30", "2026-06-01 00:30"),
        (pl.Datetime("ms", None), "2026-05-31 23:59", "2026-06-01 00:00"),
        (pl.Datetime("ns", "UTC"), "2026-05-31 23:59", "2026-06-01 00:00"),
    ],
)
def test_observations_split_at_local_midnight(
    dtype: pl.Datetime, before_local: str, after_local: str
) -> None:
    zone = dtype.time_zone
    frame = pl.DataFrame({"at": [before_local, after_local, None], "value": [1.0, 2.0, 3.0]})
    at = pl.col("at").str.to_datetime("%Y-%m-%d %H:%M", time_unit=dtype.time_unit)
    if zone is not None:
        at = at.dt.replace_time_zone(zone)
    frame = frame.with_columns(at)
    split = split_observations(frame, date(2026, 6, 1))
    assert split is not None
    before, after = split
    assert list(before) == [1.0]
    assert list(after) == [2.0]


def test_json_is_safe_and_documented_fields_exist() -> None:
    values = [*BEFORE, float("nan"), *AFTER]
    analysis = analyse_cycle(cycle([MTTR]), result(series("mttr", values)))
    m = analysis.metric("mttr")
    assert m is not None
    out = analysis_to_json(m)
    text = json.dumps(out, allow_nan=False)
    back = json.loads(text)
    assert back["expectation"]["badge"] == m.expectation.badge
    assert back["comparison"]["change_date"] == "2026-01-01"
    assert back["chart"]["points"][12]["value"] is None
    for key in ("trend", "chart", "assurance", "comparison", "guardrails", "verdict", "lines"):
        assert key in back
    for signal in back["chart"]["signals"]:
        assert {"rule", "name", "label", "glyph", "first", "last"} <= set(signal)


def test_no_change_date_gives_cycle_warning() -> None:
    analysis = analyse_cycle(cycle([MTTR], change=None), result(series("mttr", BEFORE)))
    assert analysis.warnings
    m = analysis.metric("mttr")
    assert m is not None and m.comparison is None
    assert "shift" not in m.lines


def test_assurance_waits_when_a_shift_has_too_few_periods_for_new_limits() -> None:
    # 4 months after the change: hundreds of tickets make the shift clear, but 4 periods are too
    # few (min_points 6) to recalculate the limits, and the old ones describe the old process
    values = BEFORE + AFTER[:4]
    m = analyse_cycle(
        cycle([MTTR]), result(series("mttr", values, observations=observations(values)))
    ).metric("mttr")
    assert m is not None and m.comparison is not None
    assert m.comparison.basis == "observations" and m.comparison.significant
    assert len(m.chart.phases) == 1
    assert m.assurance.kind == "unknown"
    assert m.assurance.miss_rate is None
    assert "too early to say" in m.assurance.sentence


def test_a_target_past_the_year_9999_reads_as_a_sentence() -> None:
    # A slope of 0.00001 h a month towards a target 3 h away: 300,000 months from now.
    metric = Metric("m", "MTTR", "t", unit="h", direction="lower", target=7.0)
    values = [10.0 - 1e-5 * i for i in range(14)]
    m = analyse_cycle(cycle([metric], change=None), result(series("m", values))).metric("m")
    assert m is not None
    assert m.trend.target_reach == "not before the year 9999"
    (reach,) = [s for s in m.verdict if s.startswith("At the current trend")]
    assert reach.endswith(" the target would not be reached before the year 9999.")


def test_a_shift_with_a_zero_median_difference_is_worded_by_its_mean() -> None:
    # Whole-hour values with many ties: every ticket before the change took 5 h or 9 h, after it
    # 5 h or 1 h. Half of the after - before differences are 0, so the Hodges-Lehmann estimate is
    # 0 and compare() labels the (significant) shift by the fall of the mean instead. The verdict
    # must say the same thing: a drop, below the centre line, not "the rise".
    ats = [datetime(2025, 1 + i // 100, 1 + i % 25) for i in range(1200)]
    values = [(5.0 if i % 5 else 9.0) if i < 600 else (5.0 if i % 10 else 1.0) for i in range(1200)]
    frame = pl.DataFrame({"at": ats, "value": values})
    per_month = [5.8] * 6 + [4.6] * 6
    metric = Metric("m", "MTTR", "t", unit="h", direction="lower")
    m = analyse_cycle(
        cycle([metric], change=date(2025, 7, 1)),
        result(series("m", per_month, observations=frame)),
    ).metric("m")
    assert m is not None and m.comparison is not None
    assert m.comparison.shift is not None and m.comparison.shift.estimate == 0
    assert m.comparison.significant and m.comparison.label == "improvement"
    assert "the drop is a real shift" in m.verdict[0]
    assert m.lines["shift"].startswith("real (improvement): p < 0.001, -")


def test_assurance_waits_when_kept_limits_predate_a_real_shift() -> None:
    # recalculate_at_change = false: one phase whose limits come from the 12 months before the
    # change (about 7.9 to 10.5 h). MTTR then fell to about 6.1 h, a real shift. Against the old
    # limits the 6.0 h target reads "beyond them on the bad side, will not be met", about a
    # process that no longer exists: the judgement must wait instead.
    values = BEFORE + AFTER
    m = analyse_cycle(
        cycle([MTTR], recalculate_at_change=False),
        result(series("mttr", values, observations=observations(values))),
    ).metric("mttr")
    assert m is not None and m.comparison is not None
    assert m.comparison.significant
    (phase,) = m.chart.phases
    assert phase.calc_end < 12 <= phase.end  # limits from before the change, extended past it
    assert m.assurance.kind == "unknown"
    assert m.assurance.miss_rate is None
    assert "the limits predate the change" in m.assurance.sentence
    assert "recalculate_at_change" in m.assurance.sentence
    assert "will not be met" not in m.verdict[0]


def test_kept_limits_without_a_shift_say_which_limits_they_are() -> None:
    # No real shift (the same process after the change): the old limits still describe it, so the
    # assurance stands, and says it rests on the limits from before the change.
    values = BEFORE + BEFORE[::-1]
    m = analyse_cycle(
        cycle([MTTR], recalculate_at_change=False), result(series("mttr", values))
    ).metric("mttr")
    assert m is not None and m.comparison is not None
    assert not m.comparison.significant
    assert m.assurance.kind == "bad_side"
    assert m.assurance.sentence.endswith("(judged on the limits from before the change)")


def test_a_slight_slope_is_not_shown_as_zero() -> None:
    # 0.04 h less every month: the trend line must not read "falling 0.0 h a month"
    metric = Metric("m", "MTTR", "t", unit="h", direction="lower", target=7.0)
    values = [10.0 - 0.04 * i for i in range(14)]
    m = analyse_cycle(cycle([metric], change=None), result(series("m", values))).metric("m")
    assert m is not None
    assert m.lines["trend"].startswith("falling 0.04 h a month")


def test_reach_in_unknown_period_labels_reads_once() -> None:
    metric = Metric("m", "MTTR", "t", unit="h", direction="lower", target=4.0)
    values = [10.0 - 0.4 * i for i in range(12)]
    engine = result(series("m", values))
    odd = tuple(replace(p, period=f"P{i + 1}") for i, p in enumerate(engine.metrics[0].periods))
    engine = replace(engine, metrics=(replace(engine.metrics[0], periods=odd),))
    m = analyse_cycle(cycle([metric], change=None), engine).metric("m")
    assert m is not None
    (reach,) = [s for s in m.verdict if s.startswith("At the current trend")]
    assert reach.endswith("the target would be reached 4 periods after P12.")
    assert " in in " not in reach


def test_reach_in_a_calendar_period_reads_in_that_period() -> None:
    # monthly values from 2025-01 to 2025-12: 4 months after the latest is 2026-04, named by the
    # calendar from the periods' start dates and the cycle's grain
    metric = Metric("m", "MTTR", "t", unit="h", direction="lower", target=4.0)
    values = [10.0 - 0.4 * i for i in range(12)]
    m = analyse_cycle(cycle([metric], change=None), result(series("m", values))).metric("m")
    assert m is not None and m.trend.target_reach == "2026-04"
    (reach,) = [s for s in m.verdict if s.startswith("At the current trend")]
    assert reach.endswith("the target would be reached in 2026-04.")


def test_split_observations_takes_no_unused_time_zone() -> None:
    # naive datetimes are wall-clock times: midnight of the change date is the same wall time
    # in every zone, so a time-zone argument could only mislead
    frame = pl.DataFrame({"at": [datetime(2026, 5, 31, 23)], "value": [1.0]})
    with pytest.raises(TypeError):
        split_observations(frame, date(2026, 6, 1), timezone="Europe/Paris")  # type: ignore[call-arg]
