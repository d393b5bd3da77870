"""The Email figures the sample cycles quote as baselines, computed straight from the data.

Deliberately plain polars, independent of the data engine: the numbers a service manager would
have pulled from the export when the cycle was set up. Pooled over a window of resolved tickets
(resolved_at in [start, end)), cancelled tickets and impossible durations left out.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

P1P2: tuple[str, ...] = ("1 - Critical", "2 - High")


def _resolved_email(incidents: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    hours = (pl.col("resolved_at") - pl.col("opened_at")).dt.total_seconds() / 3600
    return (
        incidents.unique("number", keep="first", maintain_order=True)
        .filter(
            pl.col("business_service") == "Email",
            pl.col("state") != "Canceled",
            pl.col("resolved_at") >= datetime.combine(start, datetime.min.time()),
            pl.col("resolved_at") < datetime.combine(end, datetime.min.time()),
        )
        .with_columns(hours.alias("hours"))
        .filter(pl.col("hours") >= 0)
    )


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _month_starts(start: date, end: date) -> list[date]:
    """First days of the months from start's month up to (not including) end."""
    months = []
    year, month = start.year, start.month
    while date(year, month, 1) < end:
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def email_figures(
    incidents: pl.DataFrame,
    outages: pl.DataFrame,
    satisfaction: pl.DataFrame,
    start: date,
    end: date,
) -> dict[str, float]:
    """Metric id -> value over [start, end), rounded as a person would quote it."""
    resolved = _resolved_email(incidents, start, end)
    p1p2 = resolved.filter(pl.col("priority").is_in(P1P2))
    at_end = datetime.combine(end, datetime.min.time())
    email = incidents.unique("number", keep="first").filter(
        pl.col("business_service") == "Email", pl.col("state") != "Canceled"
    )
    # Backlog: the mean of the month-end counts of open incidents over the window.
    month_ends = [datetime.combine(m, datetime.min.time()) for m in _month_starts(start, end)[1:]]
    month_ends.append(at_end)
    backlog = sum(
        email.filter(
            pl.col("opened_at") < t,
            pl.col("resolved_at").is_null() | (pl.col("resolved_at") >= t),
        ).height
        for t in month_ends
    ) / len(month_ends)
    opened_frame = email.filter(
        pl.col("opened_at") >= datetime.combine(start, datetime.min.time()),
        pl.col("opened_at") < at_end,
    )
    opened = opened_frame.height
    escalated = opened_frame.select((pl.col("escalation") != "Normal").mean()).item()
    window_s = (at_end - datetime.combine(start, datetime.min.time())).total_seconds()
    down = (
        outages.filter(
            pl.col("business_service") == "Email",
            pl.col("type") == "outage",
            pl.col("begin") >= datetime.combine(start, datetime.min.time()),
            pl.col("begin") < at_end,
        )
        .select((pl.col("end") - pl.col("begin")).dt.total_seconds().sum())
        .item()
    )
    csat = satisfaction.filter(
        pl.col("business_service") == "Email",
        pl.col("month") >= start,
        pl.col("month") < end,
    )["csat_score"].mean()

    def pct(condition: pl.Expr) -> float:
        return round(100 * float(resolved.select(condition.mean()).item()), 1)

    return {
        "mttr_p1p2": round(float(p1p2["hours"].mean()), 1),  # type: ignore[arg-type]
        "mttr_p1p2_median": round(float(p1p2["hours"].median()), 1),  # type: ignore[arg-type]
        "sla_compliance": pct(pl.col("made_sla")),
        "reopen_rate": pct(pl.col("reopen_count") > 0),
        "first_assignment": pct(pl.col("reassignment_count") == 0),
        "escalation_rate": round(100 * float(escalated), 1),
        "backlog": round(backlog, 0),
        "volume": round(opened / max(_months_between(start, end), 1), 0),
        "availability": round(100 * (1 - float(down or 0) / window_s), 2),
        "csat": round(float(csat), 2),  # type: ignore[arg-type]
    }
