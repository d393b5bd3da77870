"""Period keys: the local date truncated to the period equals the datetime truncated to it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from csi_tui.data.periods import TRUNCATE_EVERY, period_key


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney"])
@pytest.mark.parametrize("grain", list(TRUNCATE_EVERY))
def test_key_is_the_truncated_local_datetime(zone: str, grain: str) -> None:
    # Every 7 hours 13 minutes through 2026, DST changes and month / quarter / year ends included.
    tz = ZoneInfo(zone)
    start = datetime(2025, 12, 28, tzinfo=ZoneInfo("UTC"))
    times = [(start + timedelta(minutes=433 * i)).astimezone(tz) for i in range(1300)]
    frame = pl.DataFrame({"t": times}, schema={"t": pl.Datetime("us", zone)})
    got = frame.select(period_key("t", grain))["t"]
    want = frame.select(pl.col("t").dt.truncate(TRUNCATE_EVERY[grain]).dt.date())["t"]
    assert got.to_list() == want.to_list()


def test_keys_by_hand() -> None:
    # 00:30 on 1 April in Paris is still 31 March in UTC: the key is the local period.
    paris = ZoneInfo("Europe/Paris")
    frame = pl.DataFrame(
        {
            "t": [
                datetime(2026, 4, 1, 0, 30, tzinfo=paris),
                datetime(2026, 3, 29, 3, 0, tzinfo=paris),
            ]
        },
        schema={"t": pl.Datetime("us", "Europe/Paris")},
    )
    assert frame.select(period_key("t", "month"))["t"].to_list() == [
        date(2026, 4, 1),
        date(2026, 3, 1),
    ]
    assert frame.select(period_key("t", "week"))["t"].to_list() == [
        date(2026, 3, 30),  # a Wednesday's ISO week starts on Monday 30 March
        date(2026, 3, 23),  # Sunday 29 March (the DST change) belongs to the week of the 23rd
    ]
