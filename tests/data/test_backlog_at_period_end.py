"""The backlog at each period's end equals a plain-Python count of the tickets open then.

Taken from the volume and resolved group-bys (``kpis.batch(flows=True)``), on generated tickets:
opened before and during the cycle, open ones, and ones "resolved" before they were opened, in an
earlier period (which the batch moves with a correction count)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.periods import periods_between

from .helpers import compute, make_cycle, values, write

START, END = date(2026, 1, 1), date(2026, 4, 30)
BASE = datetime(2025, 11, 20)  # some tickets are opened before the cycle
ticket = st.tuples(
    st.integers(0, 170),  # opened: days after BASE
    st.integers(0, 23),  # hour
    st.one_of(st.none(), st.integers(-1500, 2500)),  # resolved: hours after opened, or open
    st.sampled_from(["A", "B"]),
)


def open_at_ends(
    tickets: list[tuple[int, int, int | None, str]], grain: str, zone: str
) -> dict[str, float]:
    """Tickets open at each period's end, counted one by one: opened before the end and not
    gone by then, a ticket going in the later of its opened and resolved moments."""
    tz = ZoneInfo(zone)
    out: dict[str, float] = {}
    for p in periods_between(START, END, grain):
        open_now = 0
        for day, hour, hours, _ in tickets:
            opened = (BASE + timedelta(days=day, hours=hour)).replace(tzinfo=tz)
            gone = None
            if hours is not None:
                gone = max(opened, opened + timedelta(hours=hours))
            if opened.date() < p.end and (gone is None or gone.date() >= p.end):
                open_now += 1
        out[p.label] = float(open_now)
    return out


def run(tickets: list[tuple[int, int, int | None, str]], grain: str, zone: str) -> object:
    lines = ["id,opened,resolved,group"]
    for i, (day, hour, hours, group) in enumerate(tickets):
        opened = BASE + timedelta(days=day, hours=hour)
        resolved = "" if hours is None else (opened + timedelta(hours=hours)).isoformat(" ")
        lines.append(f"{i},{opened.isoformat(' ')},{resolved},{group}")
    metrics = [
        Metric(id="plain", name="plain", source="s", kpi="backlog"),
        Metric(id="split", name="split", source="s", kpi="backlog", breakdowns=("group",)),
        Metric(id="filtered", name="filtered", source="s", kpi="backlog", filter="1 = 1"),
    ]
    source = Source(
        id="s",
        path="t.csv",
        datetime_format="%Y-%m-%d %H:%M:%S",
        columns={"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"},
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        write(path, "t.csv", "\n".join(lines) + "\n")
        cycle = make_cycle(path, [source], metrics, start=START, end=END, grain=grain, tz=zone)
        return compute(cycle)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(ticket, min_size=1, max_size=40),
    st.sampled_from(["month", "week"]),
    st.sampled_from(["UTC", "Europe/Paris"]),
)
def test_backlog_counts_the_tickets_open_at_each_end(
    tickets: list[tuple[int, int, int | None, str]], grain: str, zone: str
) -> None:
    result = run(tickets, grain, zone)
    expected = open_at_ends(tickets, grain, zone)
    assert values(result, "plain") == expected  # type: ignore[arg-type]
    # The filtered metric goes through kpis.backlog on its own frame, not the shared batch.
    assert values(result, "filtered") == expected  # type: ignore[arg-type]
    split = result.metric("split")  # type: ignore[attr-defined]
    by_period: dict[str, float] = {}
    for b in split.breakdowns["group"]:
        by_period[b.period] = by_period.get(b.period, 0.0) + (b.value or 0.0)
    assert {k: by_period.get(k, 0.0) for k in expected} == expected


def test_a_ticket_resolved_a_period_before_it_was_opened_is_never_open() -> None:
    # Opened 2026-02-10, "resolved" 2026-01-05: it enters in February and leaves at once.
    tickets = [(82, 9, -(36 * 24), "A"), (40, 9, None, "A")]
    result = run(tickets, "month", "UTC")
    assert values(result, "plain") == {  # type: ignore[arg-type]
        "2026-01": 1.0,
        "2026-02": 1.0,
        "2026-03": 1.0,
        "2026-04": 1.0,
    }
    assert open_at_ends(tickets, "month", "UTC")["2026-02"] == 1.0
