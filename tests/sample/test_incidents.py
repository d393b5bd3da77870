"""The incident generator: deterministic, realistic in the ways the cycles rely on."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from csi_tui.sample import catalogue as cat
from csi_tui.sample.incidents import COLUMNS, generate_incidents, incident_chunks

ROWS = 14_000


@pytest.fixture(scope="module")
def incidents() -> pl.DataFrame:
    return generate_incidents(ROWS)


def _hours() -> pl.Expr:
    return (pl.col("resolved_at") - pl.col("opened_at")).dt.total_seconds() / 3600


def test_same_seed_same_frame_and_bytes() -> None:
    first = generate_incidents(2_000, seed=7)
    second = generate_incidents(2_000, seed=7)
    assert first.equals(second)
    assert first.write_csv() == second.write_csv()


def test_different_seed_different_frame() -> None:
    assert not generate_incidents(2_000, seed=7).equals(generate_incidents(2_000, seed=8))


def test_columns_and_row_count(incidents: pl.DataFrame) -> None:
    assert incidents.columns == list(COLUMNS)
    assert incidents.height == ROWS
    assert set(incidents["priority"].unique()) == set(cat.PRIORITIES)
    assert set(incidents["business_service"].unique()) == set(cat.SERVICES)


def test_date_range_and_export_time(incidents: pl.DataFrame) -> None:
    opened = incidents["opened_at"]
    assert opened.min().date() == cat.START  # type: ignore[union-attr]
    assert opened.max().date() == cat.END  # type: ignore[union-attr]
    # Nothing happens after the export was taken; the current month is cut short.
    for column in ("opened_at", "resolved_at", "closed_at"):
        assert incidents[column].max() <= cat.EXPORT_AT  # type: ignore[operator]
    assert (cat.END - cat.START).days >= 2 * 365


def test_numbers_grow_with_opening_time_across_chunks() -> None:
    chunks = list(incident_chunks(3_000, seed=3, chunk_rows=500))
    assert len(chunks) > 3
    frame = pl.concat(chunks).unique("number", keep="first", maintain_order=True)
    assert frame["opened_at"].is_sorted()
    assert frame["number"].is_sorted()
    assert sum(c.height for c in chunks) == 3_000


def test_resolution_time_grows_with_priority(incidents: pl.DataFrame) -> None:
    medians = (
        incidents.filter(_hours() >= 0)
        .group_by("priority")
        .agg(_hours().median().alias("h"))
        .sort("priority")["h"]
        .to_list()
    )
    assert medians == sorted(medians)
    assert medians[0] < 6 < medians[-1]


def test_email_p1p2_improvement_after_change_date(incidents: pl.DataFrame) -> None:
    email = incidents.filter(
        pl.col("business_service") == "Email",
        pl.col("priority").is_in(["1 - Critical", "2 - High"]),
        pl.col("resolved_at").is_not_null(),
        _hours() >= 0,
    ).with_columns(hours=_hours())
    change = datetime.combine(cat.EMAIL_CHANGE, datetime.min.time())
    # Compare like with like: the months after the routing change (the closed cycle's result).
    before = email.filter(
        pl.col("opened_at") >= datetime(2025, 9, 1), pl.col("opened_at") < change
    )["hours"]
    after = email.filter(pl.col("opened_at") >= change)["hours"]
    assert before.len() > 100 and after.len() > 100
    assert after.mean() < 0.75 * before.mean()  # type: ignore[operator]
    assert after.median() < 0.75 * before.median()  # type: ignore[operator]
    # Other services do not change at that date.
    others = incidents.filter(
        pl.col("business_service") == "ERP", pl.col("resolved_at").is_not_null(), _hours() >= 0
    ).with_columns(hours=_hours())
    erp_before = others.filter(pl.col("opened_at") < change)["hours"].median()
    erp_after = others.filter(pl.col("opened_at") >= change)["hours"].median()
    assert 0.8 < erp_after / erp_before < 1.25  # type: ignore[operator]


def test_email_first_assignment_improves_after_routing_change(incidents: pl.DataFrame) -> None:
    email = incidents.filter(pl.col("business_service") == "Email")
    routed = datetime.combine(cat.EMAIL_ROUTING_CHANGE, datetime.min.time())
    first_fix = (pl.col("reassignment_count") == 0).mean()
    before = email.filter(pl.col("opened_at") < routed).select(first_fix).item()
    after = email.filter(pl.col("opened_at") >= routed).select(first_fix).item()
    assert after - before > 0.1


def test_weekdays_busier_than_weekends(incidents: pl.DataFrame) -> None:
    per_day = incidents.group_by(pl.col("opened_at").dt.date().alias("day")).len()
    per_day = per_day.with_columns(weekend=pl.col("day").dt.weekday() >= 6)
    means = dict(per_day.group_by("weekend").agg(pl.col("len").mean()).iter_rows())
    assert means[False] > 3 * means[True]


def test_holidays_quieter_than_january(incidents: pl.DataFrame) -> None:
    day = pl.col("opened_at").dt.date()
    late_december = incidents.filter(day.is_between(date(2025, 12, 22), date(2025, 12, 31))).height
    mid_january = incidents.filter(day.is_between(date(2026, 1, 12), date(2026, 1, 21))).height
    assert late_december < 0.7 * mid_january


def test_sla_flag_follows_sla_hours(incidents: pl.DataFrame) -> None:
    sla = pl.col("priority").replace_strict(cat.PRIORITIES, cat.SLA_HOURS, return_dtype=pl.Float64)
    resolved = incidents.filter(pl.col("state").is_in(["Resolved", "Closed"]), _hours() >= 0)
    within = resolved.filter(_hours() <= sla)
    over = resolved.filter(_hours() > sla)
    assert within["made_sla"].all()
    # Breaches are mostly flagged; a few kept their SLA through an On Hold pause.
    assert 0.9 < 1 - over["made_sla"].mean() < 1.0  # type: ignore[operator]
    assert 0.05 < over.height / resolved.height < 0.3


def test_open_tickets_and_states(incidents: pl.DataFrame) -> None:
    still_open = incidents.filter(pl.col("state").is_in(["New", "In Progress", "On Hold"]))
    assert still_open.height > 10
    assert still_open["resolved_at"].null_count() == still_open.height
    closed = incidents.filter(pl.col("state") == "Closed")
    assert closed["closed_at"].null_count() == 0
    resolved = incidents.filter(pl.col("state") == "Resolved")
    assert resolved["closed_at"].null_count() == resolved.height
    cancelled = incidents.filter(pl.col("state") == "Canceled")
    assert cancelled.height > 0 and cancelled["resolved_at"].null_count() == cancelled.height


def test_reopens_and_reassignments(incidents: pl.DataFrame) -> None:
    reopened = incidents.select((pl.col("reopen_count") > 0).mean()).item()
    assert 0.02 < reopened < 0.06
    assert incidents["reassignment_count"].min() == 0
    assert incidents["reassignment_count"].max() >= 3


def test_data_quality_wrinkles(incidents: pl.DataFrame) -> None:
    duplicates = incidents.filter(pl.col("number").is_duplicated())
    assert duplicates.height == 2 * (ROWS // 2800)
    # Duplicates are whole rows exported twice, not two incidents sharing a number.
    assert duplicates.unique().height == ROWS // 2800
    backwards = incidents.filter(pl.col("resolved_at") < pl.col("opened_at"))
    assert backwards.height == ROWS // 7000
    assert (backwards["business_service"] == "Email").all()  # so the Email cycles see them
    assert 0.005 < incidents["category"].null_count() / ROWS < 0.02


def test_zero_and_tiny_exports() -> None:
    assert generate_incidents(0).columns == list(COLUMNS)
    assert generate_incidents(0).height == 0
    assert generate_incidents(1).height == 1


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="rows"):
        generate_incidents(-1)
    with pytest.raises(ValueError, match="before start"):
        generate_incidents(10, start=date(2026, 1, 2), end=date(2026, 1, 1))
