"""The cache's codec: a result or a parsed source written to the store and read back is the
value that was written (None, NaN, infinities, dates, zones, empty frames); anything else found
in an entry is a miss, never a crash."""

from __future__ import annotations

import dataclasses
import json
import math
import tempfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.data.cache import MISS_ERRORS, RESULTS, SOURCES, Stored, read, write
from csi_tui.data.cache_codec import decode_result, decode_source, encode_result, encode_source
from csi_tui.data.jsonable import to_jsonable
from csi_tui.data.results import (
    BreakdownValue,
    ColumnInfo,
    ComputeResult,
    DropCount,
    Finding,
    MetricSeries,
    PeriodValue,
    SourceReport,
)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(max_size=6)
opt_texts = st.none() | texts
counts = st.integers(min_value=0, max_value=10**12)
# What a value can be: None (no data), any float (NaN and infinities too), or an int as given.
specials = st.sampled_from([math.nan, math.inf, -math.inf, -0.0])
values = st.none() | specials | st.floats() | st.integers(-(10**15), 10**15)
moments = st.none() | st.datetimes(timezones=st.none() | st.timezones())

findings = st.builds(
    Finding,
    severity=st.sampled_from(["info", "warning", "error"]),
    code=texts,
    message=texts,
    advice=texts,
    source=opt_texts,
    metric=opt_texts,
    column=opt_texts,
    period=opt_texts,
    count=st.none() | counts,
)


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame:
    """Small frames of the kinds the engine keeps: zoned times, floats with NaN and nulls,
    text; zero rows as often as not."""
    n = draw(st.sampled_from([0, 0, 1, 3]))
    zone = draw(st.sampled_from(["UTC", "Europe/Paris", "America/New_York", None]))
    times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1))
    floats = st.none() | specials | st.floats()
    return pl.DataFrame(
        {
            "at": draw(st.lists(times, min_size=n, max_size=n)),
            "value": draw(st.lists(floats, min_size=n, max_size=n)),
            "label": draw(
                st.lists(st.none() | st.text(st.characters(), max_size=4), min_size=n, max_size=n)
            ),
        },
        schema={"at": pl.Datetime("us", zone), "value": pl.Float64, "label": pl.String},
    )


periods = st.builds(PeriodValue, texts, st.dates(), st.dates(), values, counts, st.booleans())
breakdowns = st.builds(BreakdownValue, texts, texts, values, counts)


def reports(frame: st.SearchStrategy[pl.DataFrame | None]) -> st.SearchStrategy[SourceReport]:
    return st.builds(
        SourceReport,
        id=texts,
        files=st.tuples(texts) | st.tuples(),
        rows_read=counts,
        rows_kept=counts,
        dropped=st.lists(st.builds(DropCount, texts, counts), max_size=2).map(tuple),
        rolled_up_from=st.none() | counts,
        rolled_up_to=st.none() | counts,
        date_column=opt_texts,
        date_min=moments,
        date_max=moments,
        columns=st.lists(st.builds(ColumnInfo, texts, texts, counts), max_size=2).map(tuple),
        findings=st.lists(findings, max_size=2).map(tuple),
        preview=frame,
    )


def results(frame: st.SearchStrategy[pl.DataFrame | None]) -> st.SearchStrategy[ComputeResult]:
    series = st.builds(
        MetricSeries,
        metric_id=texts,
        unit=texts,
        periods=st.lists(periods, max_size=3).map(tuple),
        breakdowns=st.dictionaries(texts, st.lists(breakdowns, max_size=2).map(tuple), max_size=2),
        observations=frame,
        kind=st.sampled_from(["mean", "rate", "count", "quantile", "ratio", "custom"]),
        findings=st.lists(findings, max_size=2).map(tuple),
        observation_count=st.none() | counts,
    )
    return st.builds(
        ComputeResult,
        cycle_id=texts,
        grain=st.sampled_from(["day", "week", "month", "quarter"]),
        timezone=st.timezone_keys(),
        sources=st.lists(reports(frame), max_size=2).map(tuple),
        metrics=st.lists(series, max_size=3).map(tuple),
        findings=st.lists(findings, max_size=2).map(tuple),
        computed_at=moments,
    )


WITH_FRAMES = st.none() | frames()


def assert_same(a: object, b: object, where: str = "value") -> None:
    """Equal, and of the same type all the way down: NaN equals NaN, a datetime keeps its
    offset, a frame its schema, an int stays an int. Fields left out of ``==`` count too."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} became {type(b).__name__}"
    if isinstance(a, pl.DataFrame):
        assert isinstance(b, pl.DataFrame)
        assert a.schema == b.schema and a.equals(b), where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, float):
        assert repr(a) == repr(b), where  # nan, inf and -0.0 included
    elif isinstance(a, datetime):
        assert isinstance(b, datetime)
        assert a.isoformat() == b.isoformat() and a.utcoffset() == b.utcoffset(), where
    elif isinstance(a, (tuple, list)):
        assert isinstance(b, (tuple, list)) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, Mapping):
        assert isinstance(b, Mapping) and list(a) == list(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
    else:
        assert a == b, where


@SETTINGS
@given(result=results(WITH_FRAMES))
def test_a_result_comes_back_as_it_was_written(result: ComputeResult) -> None:
    with tempfile.TemporaryDirectory() as root:
        write(RESULTS, "k", encode_result(result), root=Path(root))
        back = read(RESULTS, "k", decode_result, root=Path(root))
    assert back is not None
    assert_same(result, back)


@SETTINGS
@given(rows=frames(), report=reports(WITH_FRAMES))
def test_a_parsed_source_comes_back_as_it_was_written(
    rows: pl.DataFrame, report: SourceReport
) -> None:
    with tempfile.TemporaryDirectory() as root:
        write(SOURCES, "k", encode_source(rows, report), root=Path(root))
        back = read(SOURCES, "k", decode_source, root=Path(root))
    assert back is not None
    assert_same((rows, report), back)


def test_the_document_keeps_nan_and_leaves_frames_and_problems_out() -> None:
    series = MetricSeries(
        "m",
        "h",
        (PeriodValue("2026-01", date(2026, 1, 1), date(2026, 2, 1), math.nan, 0),),
        observations=pl.DataFrame({"value": [1.0]}),
    )
    result = ComputeResult("c", "month", "UTC", (), (series,), computed_at=datetime(2026, 1, 2))
    stored = encode_result(result)
    assert set(stored.frames) == {"obs-0"}
    text = stored.document.decode()
    assert '"value": NaN' in text and '"observation_count": null' in text
    assert '"observations"' not in text and '"problems"' not in text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELD_NAMES = sorted(
    {f.name for cls in (ComputeResult, MetricSeries, SourceReport) for f in dataclasses.fields(cls)}
)


@st.composite
def damaged_documents(draw: st.DrawFn) -> bytes:
    """A real result's document with one value somewhere replaced by any JSON value, a key or
    an item added or removed; or any JSON at all; or bytes cut short."""
    document: Any = json.loads(encode_result(draw(results(st.none()))).document)
    how = draw(st.sampled_from(["replace", "drop", "add", "anything", "cut"]))
    if how == "anything":
        return json.dumps(draw(json_values)).encode()
    if how == "cut":
        text = json.dumps(document).encode()
        return text[: draw(st.integers(0, max(len(text) - 1, 0)))]
    node = document
    while True:  # walk down to a random object or list
        inside = node.values() if isinstance(node, dict) else node
        children = [v for v in inside if isinstance(v, (dict, list)) and v]
        if not children or draw(st.booleans()):
            break
        node = draw(st.sampled_from(children))
    keys: list[Any] = sorted(node) if isinstance(node, dict) else list(range(len(node)))
    if how == "replace" and keys:
        node[draw(st.sampled_from(keys))] = draw(json_values)
    elif how == "drop" and keys:
        del node[draw(st.sampled_from(keys))]
    elif isinstance(node, dict):
        node[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=4))] = draw(json_values)
    else:
        node.append(draw(json_values))
    return json.dumps(document).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=damaged_documents())
def test_a_damaged_document_is_a_miss_or_a_whole_result(document: bytes) -> None:
    try:  # what the store does with an entry it cannot read: a miss
        back = decode_result(Stored(document, {}))
    except MISS_ERRORS:
        return
    # Damage that still reads as a result reads as a well-typed one.
    assert isinstance(back, ComputeResult)
    assert all(isinstance(m, MetricSeries) for m in back.metrics)
    assert all(isinstance(s, SourceReport) for s in back.sources)
    json.dumps(to_jsonable(back))  # and the compute JSON can still be written from it


def test_a_zoned_time_keeps_its_instant_and_offset() -> None:
    from zoneinfo import ZoneInfo

    when = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Paris"))
    report = SourceReport("s", (), 1, 1, date_min=when, date_max=datetime(2026, 1, 1, tzinfo=UTC))
    rows = pl.DataFrame({"at": [when]})
    with tempfile.TemporaryDirectory() as root:
        write(SOURCES, "k", encode_source(rows, report), root=Path(root))
        back = read(SOURCES, "k", decode_source, root=Path(root))
    assert back is not None
    assert back[1].date_min == when and back[1].date_min.utcoffset() == when.utcoffset()  # type: ignore[union-attr]
    assert back[0].schema["at"] == pl.Datetime("us", "Europe/Paris")
