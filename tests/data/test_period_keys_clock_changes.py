"""Period keys are exact across clock changes: midnights, skipped and repeated hours, no value.

Keys found by locating instants among the periods' start instants give exactly the keys of the
per-row local date (``period_key``), in zones with daylight saving and at those edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from csi_tui.data.period_keys import with_keys as _with_keys
from csi_tui.data.periods import period_key

# Zones whose clocks jump at midnight (Santiago, Havana), by 30 minutes (Lord Howe), by odd
# offsets (Kathmandu), twice a year in Europe, and never (UTC).
ZONES = (
    "UTC",
    "Europe/Paris",
    "America/Santiago",
    "America/Havana",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
)
GRAINS = ("day", "week", "month", "quarter")
BASE = datetime(2024, 1, 1, tzinfo=UTC)


def _near_edges(zone: str) -> list[datetime]:
    """Instants a second either side of each local midnight and of each UTC offset change."""
    series = pl.datetime_range(
        BASE, BASE + timedelta(days=800), "1h", time_zone="UTC", eager=True
    ).dt.convert_time_zone(zone)
    local = series.to_frame("t").with_columns(
        pl.col("t").dt.hour().alias("h"), pl.col("t").dt.base_utc_offset().alias("o")
    )
    edges = local.filter((pl.col("h") == 0) | (pl.col("o") != pl.col("o").shift(1)))["t"]
    out: list[datetime] = []
    for t in edges.to_list():
        out += [t - timedelta(seconds=1), t, t + timedelta(seconds=1)]
    return out


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    grain=st.sampled_from(GRAINS),
    offsets=st.lists(st.one_of(st.none(), st.integers(0, 800 * 86_400)), min_size=1, max_size=40),
)
def test_located_keys_equal_local_date_keys(zone: str, grain: str, offsets: list) -> None:  # type: ignore[type-arg]
    values = [None if o is None else BASE + timedelta(seconds=o) for o in offsets]
    frame = pl.DataFrame(
        {"opened_at": values}, schema={"opened_at": pl.Datetime("us", "UTC")}
    ).with_columns(pl.col("opened_at").dt.convert_time_zone(zone))
    expected = frame.select(period_key("opened_at", grain))["opened_at"]
    assert _with_keys(frame, grain)["__p_opened_at"].equals(expected, check_names=False)


def test_keys_at_every_midnight_and_clock_change() -> None:
    for zone in ZONES:
        values = _near_edges(zone)
        frame = pl.DataFrame({"opened_at": values}).with_columns(
            pl.col("opened_at").dt.cast_time_unit("us")
        )
        for grain in GRAINS:
            expected = frame.select(period_key("opened_at", grain))["opened_at"]
            got = _with_keys(frame, grain)["__p_opened_at"]
            assert got.equals(expected, check_names=False), (zone, grain)


def test_a_column_without_values_gets_empty_keys_and_chunks_stay_aligned() -> None:
    empty = pl.DataFrame(
        {"resolved_at": [None, None]}, schema={"resolved_at": pl.Datetime("us", "Europe/Paris")}
    )
    assert _with_keys(empty, "month")["__p_resolved_at"].to_list() == [None, None]
    parts = [
        pl.DataFrame({"opened_at": [BASE + timedelta(days=40 * i + k) for k in range(3)]})
        for i in range(4)
    ]
    chunked = pl.concat(parts, rechunk=False)
    assert chunked["opened_at"].n_chunks() == 4
    keyed = _with_keys(chunked, "month")
    assert keyed["__p_opened_at"].chunk_lengths() == chunked["opened_at"].chunk_lengths()
    assert (
        keyed["__p_opened_at"].to_list()
        == chunked.select(period_key("opened_at", "month"))["opened_at"].to_list()
    )
