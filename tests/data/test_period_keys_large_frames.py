"""Period keys of a large frame are those of one pass over it, laid out in the frame's own chunks.

They are worked out a slice of rows at a time (``period_keys.in_slices``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest

from csi_tui.data import kpis, period_keys


def chunked_frame(lengths: list[int]) -> pl.DataFrame:
    """Tickets opened an hour apart from 2025-10-20 (Paris), resolved 0-70 hours later or not,
    in chunks of ``lengths`` rows."""
    parts, start = [], 0
    for n in lengths:
        opened = [datetime(2025, 10, 20) + timedelta(hours=start + i) for i in range(n)]
        resolved = [
            None if (start + i) % 5 == 0 else t + timedelta(hours=(start + i) % 71)
            for i, t in enumerate(opened)
        ]
        parts.append(
            pl.DataFrame({"opened_at": opened, "resolved_at": resolved}).with_columns(
                pl.all().dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Paris")
            )
        )
        start += n
    return pl.concat(parts, rechunk=False)


@pytest.mark.parametrize("slice_rows", [1 << 20, 7, 50])
@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_keys_by_slice_equal_keys_in_one_pass(
    monkeypatch: pytest.MonkeyPatch, slice_rows: int, grain: str
) -> None:
    monkeypatch.setattr(period_keys, "KEY_SLICE", slice_rows)
    frame = chunked_frame([120, 3, 64, 200])  # across the end of summer time in Paris
    keyed = period_keys.with_keys(frame, grain)
    for column in ("opened_at", "resolved_at"):
        key = keyed[kpis.pkey(column)]
        local = frame[column].dt.date()
        if grain == "week":
            expected = local.dt.truncate("1w")
        elif grain == "month":
            expected = local.dt.truncate("1mo")
        else:
            expected = local
        assert key.to_list() == expected.to_list()
        # The same chunks as the frame: no later operation has to align the columns first.
        assert key.chunk_lengths() == frame[column].chunk_lengths()


def test_one_chunk_longer_than_a_slice_stays_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(period_keys, "KEY_SLICE", 16)
    frame = chunked_frame([100])
    keyed = period_keys.with_keys(frame, "month")
    assert keyed[kpis.pkey("opened_at")].chunk_lengths() == [100]
    assert keyed[kpis.pkey("resolved_at")].null_count() == frame["resolved_at"].null_count()
