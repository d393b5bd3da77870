"""A seeded pre-aggregated source: the monthly customer-satisfaction survey score per service.

One row per service and month, as a survey tool exports it: ``month`` (first day), the number of
responses and the mean score on a 1-5 scale. The month still running has no score yet.
Email satisfaction rises a little after each of its two improvements.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from csi_tui.sample import catalogue as cat

COLUMNS: tuple[str, ...] = ("month", "business_service", "responses", "csat_score")
_BASE_SCORE: tuple[float, ...] = (3.85, 3.55, 3.95, 4.05, 3.75, 4.00)  # per catalogue.SERVICES
_RESPONSES: tuple[float, ...] = (42.0, 30.0, 22.0, 20.0, 15.0, 18.0)


def _months(start: date, end: date) -> list[date]:
    """First days of the complete months from start's month up to (not including) end's month."""
    months = []
    year, month = start.year, start.month
    while (year, month) < (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def generate_satisfaction(
    *, seed: int = cat.SEED, start: date = cat.START, end: date = cat.END
) -> pl.DataFrame:
    rng = np.random.default_rng([seed, 3])
    months = _months(start, end)
    rows: list[dict[str, object]] = []
    for index, service in enumerate(cat.SERVICES):
        for month in months:
            score = _BASE_SCORE[index] + rng.normal(0.0, 0.07)
            if service == "Email":
                score += 0.10 * (month >= cat.EMAIL_ROUTING_CHANGE)
                score += 0.25 * (month >= cat.EMAIL_CHANGE)
            rows.append(
                {
                    "month": month,
                    "business_service": service,
                    "responses": int(rng.poisson(_RESPONSES[index])),
                    "csat_score": round(float(np.clip(score, 1.0, 5.0)), 2),
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "month": pl.Date,
            "business_service": pl.String,
            "responses": pl.Int64,
            "csat_score": pl.Float64,
        },
    ).sort("month", "business_service")
