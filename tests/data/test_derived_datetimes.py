"""Date-times with and without a time zone where they meet (issue 10: ``csi-tui compute`` gave a
polars SchemaError for a derived date-time compared with the cycle's window). Derived columns
get the source's zone as parsed ones do; a comparison with a zone-less value is refused with a
message naming the key, never a traceback. Expected values are worked out with zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import DerivedColumn, Source
from csi_tui.data import zones
from csi_tui.data.engine import preview_source

from .helpers import compute, make_cycle, values, write

ZONE = "Europe/Brussels"
# closed is written in UTC wall time (the source's zone); 23:30 UTC on 31 January is already
# 1 February in Brussels, so the ticket belongs to February.
DATA = """id,opened,resolved,closed
1,2026-01-05 10:00:00,2026-01-05 14:00:00,2026-01-06 10:00:00
2,2026-01-20 10:00:00,2026-01-21 10:00:00,2026-01-31 23:30:00
3,2026-02-05 10:00:00,,2026-02-07 10:00:00
4,2026-03-05 10:00:00,2026-03-05 12:00:00,2026-03-07 10:00:00
"""
MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
STRPTIME = "STRPTIME(closed, '%Y-%m-%d %H:%M:%S')"


def source(*derived: DerivedColumn, filter: str | None = None) -> Source:
    return Source(id="s", path="t.csv", columns=MAP, timezone="UTC", derived=derived, filter=filter)


def expected_mttr_by_closed() -> dict[str, float | None]:
    """Mean hours opened -> resolved, per Brussels month of ``closed`` (read as UTC)."""
    hours: dict[str, list[float]] = {"2026-01": [], "2026-02": [], "2026-03": []}
    for line in DATA.splitlines()[1:]:
        _, opened, resolved, closed = line.split(",")
        if not resolved:
            continue
        at = datetime.fromisoformat(closed).replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE))
        span = datetime.fromisoformat(resolved) - datetime.fromisoformat(opened)
        hours[f"{at.year}-{at.month:02d}"].append(span.total_seconds() / 3600)
    return {m: (sum(h) / len(h) if h else None) for m, h in hours.items()}


@pytest.mark.parametrize("change_date", [None, date(2026, 2, 15)])
@pytest.mark.parametrize("sql", [STRPTIME, f"CAST({STRPTIME} AS TIMESTAMP)"])
def test_a_derived_naive_datetime_places_a_metric(
    tmp_path: Path, sql: str, change_date: date | None
) -> None:
    write(tmp_path, "t.csv", DATA)
    metric = Metric(id="m", name="m", source="s", kpi="mttr_mean", options={"at": "all_at"})
    cycle = make_cycle(
        tmp_path,
        [source(DerivedColumn("all_at", sql))],
        [metric],
        tz=ZONE,
        change_date=change_date,
    )
    result = compute(cycle, keep_going=False)
    want = expected_mttr_by_closed()
    assert want["2026-02"] == 24.0  # ticket 2, moved to February by the zones
    got = values(result, "m")
    assert got == pytest.approx(want)
    series = result.metric("m")
    # Every row closed inside the window, its value null when unresolved.
    assert series is not None and series.observations_n == len(DATA.splitlines()) - 1
    if change_date is not None:
        assert series.observations is not None
        assert series.observations.schema["at"] == pl.Datetime("us", ZONE)
    assert preview_source(cycle, "s").schema["all_at"] == pl.Datetime("us", ZONE)


@pytest.mark.parametrize("change_date", [None, date(2026, 2, 15)])
def test_a_derived_column_of_parsed_datetimes_places_a_metric(
    tmp_path: Path, change_date: date | None
) -> None:
    write(tmp_path, "t.csv", DATA)
    metric = Metric(id="m", name="m", source="s", kpi="volume", options={"at": "all_at"})
    derived = DerivedColumn("all_at", "COALESCE(resolved_at, opened_at)")
    cycle = make_cycle(tmp_path, [source(derived)], [metric], tz=ZONE, change_date=change_date)
    result = compute(cycle, keep_going=False)
    # resolved, or opened when unresolved: Jan (1, 2), Feb (3), Mar (4); UTC wall times.
    assert values(result, "m") == {"2026-01": 2.0, "2026-02": 1.0, "2026-03": 1.0}


def test_a_derived_date_under_a_canonical_name_is_midnight_in_the_source_zone(
    tmp_path: Path,
) -> None:
    write(tmp_path, "t.csv", DATA)
    derived = DerivedColumn("resolved_at", "CAST(resolved_at AS DATE)")
    metric = Metric(id="r", name="r", source="s", kpi="resolved")
    cycle = make_cycle(tmp_path, [source(derived)], [metric], tz=ZONE)
    assert preview_source(cycle, "s").schema["resolved_at"] == pl.Datetime("us", ZONE)
    assert values(compute(cycle, keep_going=False), "r") == {
        "2026-01": 2.0,
        "2026-02": 0.0,
        "2026-03": 1.0,
    }


def test_zoned_converts_other_zones_and_leaves_the_rest() -> None:
    frame = pl.DataFrame(
        {"x": [datetime(2026, 1, 31, 23, 30, tzinfo=UTC)], "n": [1], "d": [date(2026, 1, 31)]}
    )
    expr = zones.zoned("x", frame.schema["x"], "UTC", ZONE)
    assert expr is not None
    converted = frame.select(expr)["x"]
    assert converted.dtype == pl.Datetime("us", ZONE)
    assert converted[0] == datetime(2026, 2, 1, 0, 30, tzinfo=ZoneInfo(ZONE))
    assert zones.zoned("n", frame.schema["n"], "UTC", ZONE) is None
    assert zones.zoned("d", frame.schema["d"], "UTC", ZONE) is None  # not canonical


@pytest.mark.parametrize(
    ("where", "key"),
    [
        ("source_filter", "sources[0].filter"),
        ("derived", "sources[0].derived[0].sql"),
        ("metric_filter", "metrics[0].filter"),
        ("formula", "metrics[0].formula"),
    ],
)
def test_a_comparison_with_a_zoneless_value_is_refused_with_its_key(
    tmp_path: Path, where: str, key: str
) -> None:
    write(tmp_path, "t.csv", DATA)
    cut = "resolved_at >= TIMESTAMP '2026-02-01 00:00:00'"
    src = source(
        *(
            [DerivedColumn("late", f"CASE WHEN {cut} THEN 1 ELSE 0 END")]
            if where == "derived"
            else []
        ),
        filter=cut if where == "source_filter" else None,
    )
    if where == "formula":
        metric = Metric(id="m", name="m", source="s", formula=f"COUNT(*) FILTER (WHERE {cut})")
    else:
        metric = Metric(
            id="m",
            name="m",
            source="s",
            kpi="volume",
            filter=cut if where == "metric_filter" else None,
        )
    result = compute(make_cycle(tmp_path, [src], [metric], tz=ZONE))
    [problem] = result.problems
    assert problem.key == key
    assert "different time zones" in problem.message and "no time zone" in problem.message
    assert "DATE literal" in (problem.hint or "")


def test_a_metric_placed_by_a_column_of_text_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", DATA)
    metric = Metric(id="m", name="m", source="s", kpi="volume", options={"at": "closed"})
    result = compute(make_cycle(tmp_path, [source()], [metric], tz=ZONE))
    [problem] = result.problems
    assert problem.key == "metrics[0].options.at"
    assert "'closed' of source 's'" in problem.message and "not dates" in problem.message


def test_compute_cli_over_a_derived_datetime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case from the command line: exit 0 with the derived column, exit 2 and a
    message naming the file and key (no traceback) with a zone-less comparison."""
    write(tmp_path, "t.csv", DATA)
    text = f"""schema_version = 1
[cycle]
id = "c"
title = "T"
service = "Email"
owner = "me"
start = 2026-01-01
end = 2026-03-31
timezone = "{ZONE}"

[[sources]]
id = "s"
path = "t.csv"
timezone = "UTC"
[sources.columns]
ticket_id = "id"
opened_at = "opened"
resolved_at = "resolved"
[[sources.derived]]
name = "all_at"
sql = "{STRPTIME}"

[[metrics]]
id = "m"
name = "m"
source = "s"
kpi = "mttr_mean"
[metrics.options]
at = "all_at"

[analysis]
change_date = 2026-02-15
"""
    cycle = write(tmp_path, "c.toml", text)
    assert main(["compute", "--no-cache", str(cycle)]) == 0
    capsys.readouterr()
    cycle.write_text(
        text.replace('kpi = "mttr_mean"', 'kpi = "mttr_mean"\nfilter = "all_at < NOW()"'),
        encoding="utf-8",
    )
    assert main(["compute", "--no-cache", str(cycle)]) == 2
    err = capsys.readouterr().err
    assert "c.toml: metrics[0].filter:" in err and "no time zone" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("change_date", [None, date(2026, 2, 1)])
@pytest.mark.parametrize(
    ("at", "want"),
    [
        # Hours opened -> resolved (2, 24, 1) in the month of closed's wall time (Jan, Feb, Mar).
        ("closed", {"2026-01": 2.0, "2026-02": 24.0, "2026-03": 1.0}),
        ("closed_day", {"2026-01": 2.0, "2026-02": 24.0, "2026-03": 1.0}),
        # The same instants in UTC: 23:30 UTC on 31 January is February in Brussels.
        ("closed_utc", {"2026-01": None, "2026-02": 13.0, "2026-03": 1.0}),
    ],
)
def test_a_typed_column_places_a_metric_on_the_cycle_calendar(
    tmp_path: Path, at: str, want: dict[str, float | None], change_date: date | None
) -> None:
    """A Parquet column of naive date-times, dates or UTC date-times, not parsed (not a canonical
    name): naive values are wall-clock time in the source's zone (here the cycle's), aware ones
    are converted, so the window and the periods follow the cycle's calendar."""
    closed = [datetime(2026, 1, 31, 23, 30), datetime(2026, 2, 7, 10), datetime(2026, 3, 1, 0, 30)]
    pl.DataFrame(
        {
            "id": [1, 2, 3],
            "opened": [datetime(2026, 1, 5, 10), datetime(2026, 1, 6, 10), datetime(2026, 2, 6)],
            "resolved": [
                datetime(2026, 1, 5, 12),
                datetime(2026, 1, 7, 10),
                datetime(2026, 2, 6, 1),
            ],
            "closed": closed,
            "closed_day": [c.date() for c in closed],
            "closed_utc": [c.replace(tzinfo=UTC) for c in closed],
        }
    ).write_parquet(tmp_path / "t.parquet")
    src = Source(id="s", path="t.parquet", columns=MAP)
    metric = Metric(id="m", name="m", source="s", kpi="mttr_mean", options={"at": at})
    cycle = make_cycle(tmp_path, [src], [metric], tz=ZONE, change_date=change_date)
    result = compute(cycle, keep_going=False)
    assert values(result, "m") == want
    series = result.metric("m")
    assert series is not None and series.observations_n == 3
