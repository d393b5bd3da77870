"""The one period calendar (``data/periods.py``): each grain's periods, their labels both ways,
stepping from one period to a later one, the grain words, and periods in a cycle's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csi_tui.data.periods import (
    GRAINS,
    MAX_YEAR,
    grain_adjective,
    grain_noun,
    label,
    label_after,
    next_start,
    period_key,
    period_start,
    periods_between,
    shift,
)

grains = st.sampled_from(GRAINS)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("start", "grain", "steps", "expected"),
    [
        (date(2026, 11, 1), "month", 3, "2027-02"),
        (date(2026, 10, 1), "quarter", 1, "2027-Q1"),
        (date(2026, 12, 21), "week", 2, "2027-W01"),  # ISO week 52 of 2026 -> week 1 of 2027
        (date(2026, 12, 30), "day", 3, "2027-01-02"),
        (date(2026, 3, 1), "month", -3, "2025-12"),
        (date(2026, 1, 1), "quarter", 0, "2026-Q1"),
        (date(2020, 12, 28), "week", 0, "2020-W53"),  # a year with 53 ISO weeks
    ],
)
def test_label_after(start: date, grain: str, steps: int, expected: str) -> None:
    assert label_after(start, grain, steps) == expected


@pytest.mark.parametrize("grain", GRAINS)
def test_no_period_past_the_last_year_python_holds(grain: str) -> None:
    start = period_start(date(MAX_YEAR, 12, 31), grain)
    assert shift(start, grain, 1) is None
    assert label_after(start, grain, 10**12) is None
    assert shift(period_start(date(1, 1, 1), grain), grain, -1) is None
    assert shift(start, grain, 0) == start


def test_an_unknown_grain_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown grain"):
        shift(date(2026, 1, 1), "fortnight", 1)


@settings(max_examples=200)
@given(days, grains, st.integers(-500, 500))
def test_stepping_there_and_back_returns_to_the_start(day: date, grain: str, steps: int) -> None:
    start = period_start(day, grain)
    later = shift(start, grain, steps)
    assert later is not None
    assert period_start(later, grain) == later  # a period's start, not any day
    assert shift(later, grain, -steps) == start
    assert (later > start) == (steps > 0) and (later == start) == (steps == 0)


@given(days, grains)
def test_one_step_is_the_next_period(day: date, grain: str) -> None:
    start = period_start(day, grain)
    assert shift(start, grain, 1) == next_start(start, grain)


@settings(max_examples=100)
@given(days, st.integers(0, 400), grains)
def test_labels_round_trip(first: date, length: int, grain: str) -> None:
    # Every day belongs to one period, named by one label; a label names one period (the map
    # back from labels to starts is exact), and labels sort as the periods do.
    last = first + timedelta(days=length)
    periods = periods_between(first, last, grain)
    by_label = {p.label: p.start for p in periods}
    assert len(by_label) == len(periods)
    assert sorted(by_label) == [p.label for p in periods]
    for offset in range(0, length + 1, 7):
        day = first + timedelta(days=offset)
        name = label(period_start(day, grain), grain)
        assert by_label[name] <= day < next_start(by_label[name], grain)
        assert label(by_label[name], grain) == name
    assert all(label_after(p.start, grain, 1) == q.label for p, q in pairwise(periods))


@pytest.mark.parametrize(
    ("grain", "noun", "adjective"),
    [
        ("day", "day", "daily"),
        ("week", "week", "weekly"),
        ("month", "month", "monthly"),
        ("quarter", "quarter", "quarterly"),
        ("fortnight", "period", "fortnight"),
    ],
)
def test_grain_words(grain: str, noun: str, adjective: str) -> None:
    assert grain_noun(grain) == noun
    assert grain_adjective(grain) == adjective


ZONES = ("UTC", "Europe/Paris", "America/Santiago", "Pacific/Auckland", "Asia/Kathmandu")


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(ZONES),
    grains,
)
def test_an_instant_belongs_to_the_period_of_its_local_date(
    naive: datetime, zone: str, grain: str
) -> None:
    # 23:30 UTC on 31 March is already April in Paris: periods are the cycle's local calendar.
    instant = naive.replace(tzinfo=UTC)
    local_day = instant.astimezone(ZoneInfo(zone)).date()
    frame = pl.DataFrame({"t": [instant]}, schema={"t": pl.Datetime("us", "UTC")})
    frame = frame.with_columns(pl.col("t").dt.convert_time_zone(zone))
    (key,) = frame.select(period_key("t", grain))["t"].to_list()
    assert key == period_start(local_day, grain)
    assert label(key, grain) == label(period_start(local_day, grain), grain)


def test_the_same_instant_in_two_zones_can_fall_in_two_months() -> None:
    instant = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    months = {
        zone: label(period_start(instant.astimezone(ZoneInfo(zone)).date(), "month"), "month")
        for zone in ("UTC", "Europe/Paris", "America/New_York")
    }
    assert months == {"UTC": "2026-03", "Europe/Paris": "2026-04", "America/New_York": "2026-03"}
