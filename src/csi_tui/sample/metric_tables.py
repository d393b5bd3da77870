"""The ``[[metrics]]`` tables of the sample cycles, written from data in the layout a person uses;
``before``, ``setup`` and ``adopted`` are the figures they quote as baselines."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from csi_tui.sample.toml_blocks import Value, table

# Metric tables: the keys in the order the cycle files list them. A metric both cycles measure
# shares its definition (_SHARED); each cycle adds its own csf, figures and notes.
_METRIC_KEYS = (
    "id", "name", "source", "type", "csf", "kpi", "filter", "unit", "direction", "baseline",
    "target", "amber", "target_date", "guardrails", "breakdowns", "top_n", "description",
)  # fmt: skip
_P1P2 = "priority IN ('1 - Critical', '2 - High')"
_SHARED: dict[str, dict[str, Value]] = {
    "first_assignment": {
        "name": "First-assignment resolution", "source": "incidents", "type": "process",
        "kpi": "first_assignment_resolution", "unit": "%", "direction": "higher",
    },
    "mttr_p1p2": {
        "name": "MTTR P1/P2", "source": "incidents", "type": "service", "kpi": "mttr_mean",
        "filter": _P1P2, "unit": "h", "direction": "lower",
    },
    "sla_compliance": {
        "name": "SLA met", "source": "incidents", "type": "service", "kpi": "sla_compliance",
        "unit": "%", "direction": "higher",
    },
    "reopen_rate": {
        "name": "Reopen rate", "source": "incidents", "type": "process", "kpi": "reopen_rate",
        "unit": "%", "direction": "lower",
    },
    "availability": {
        "name": "Email availability", "source": "outages", "type": "technology",
        "kpi": "availability", "filter": "business_service = 'Email'", "unit": "%",
        "direction": "higher",
    },
}  # fmt: skip


def _metric(metric_id: str, comments: Mapping[str, str] | None = None, **fields: Value) -> str:
    merged = {"id": metric_id, **_SHARED.get(metric_id, {}), **fields}
    assert set(merged) <= set(_METRIC_KEYS), set(merged) - set(_METRIC_KEYS)
    return table("metrics", {key: merged.get(key) for key in _METRIC_KEYS}, comments)


def closed_metrics(before: Mapping[str, float]) -> str:
    return "\n".join([
        _metric(
            "first_assignment", csf="right-first-time", baseline=before["first_assignment"],
            target=70.0, amber=65.0, target_date=date(2025, 12, 31),
            guardrails=["mttr_p1p2", "reopen_rate", "escalation_rate"],
            breakdowns=["assignment_group"], top_n=5,
        ),
        _metric("mttr_p1p2", csf="fast-enough", baseline=before["mttr_p1p2"]),
        _metric(
            "sla_compliance", type=None, baseline=before["sla_compliance"], target=85.0,
            amber=80.0,
        ),
        _metric(
            "reopen_rate", baseline=before["reopen_rate"],
            description="Guardrail: quicker routing must not mean tickets closed too early.",
        ),
        _metric(
            "escalation_rate", name="Escalated incidents", source="incidents", type="process",
            kpi="escalation_rate", unit="%", direction="lower",
            baseline=before["escalation_rate"],
            description="Guardrail: the Service Desk keeping more tickets must not mean more"
            " escalations.",
        ),
        _metric("availability", baseline=before["availability"], target=99.9, amber=99.8),
    ])  # fmt: skip


def open_metrics(setup: Mapping[str, float], adopted: Mapping[str, float]) -> str:
    return "\n".join([
        _metric(
            "mttr_p1p2", csf="fast-restore", baseline=adopted["mttr_p1p2"], target=7.5,
            amber=9.0, target_date=date(2026, 12, 31), guardrails=["reopen_rate", "backlog"],
            breakdowns=["priority", "assignment_group"], top_n=5,
            description="Calendar hours from opened to resolved, Email P1/P2 incidents resolved"
            " in the month.",
        ),
        _metric(
            "mttr_p1p2_median", name="Median TTR P1/P2", source="incidents", type="service",
            csf="fast-restore", kpi="mttr_median", filter=_P1P2, unit="h", direction="lower",
            baseline=setup["mttr_p1p2_median"], target=5.0, amber=6.5,
            description="Less swayed than the mean by the odd incident that waits days for a"
            " vendor.",
        ),
        _metric(
            "sla_compliance", csf="fast-restore", baseline=adopted["sla_compliance"],
            target=90.0, amber=85.0, breakdowns=["priority"],
        ),
        _metric(
            "reopen_rate", csf="quality-fix", baseline=adopted["reopen_rate"],
            description="Guardrail of MTTR: faster must not mean closed too early.",
            comments={"baseline": "a guardrail, no target of its own: it must not rise above this"},
        ),
        _metric(
            "first_assignment", csf="quality-fix", baseline=adopted["first_assignment"],
            target=78.0, amber=74.0, breakdowns=["assignment_group"], top_n=4,
        ),
        _metric(
            "backlog", name="Open incidents at month end", source="incidents", type="process",
            kpi="backlog", unit="tickets", direction="lower", baseline=setup["backlog"],
            description="A guardrail, no target: the queue must not grow while people swarm on"
            " P1/P2.",
        ),
        _metric(
            "volume", name="Incidents opened", source="incidents", type="process", kpi="volume",
            unit="tickets", direction="lower", baseline=setup["volume"], breakdowns=["category"],
            top_n=4,
            description="Context, not a goal: a busier month makes every other number harder.",
        ),
        _metric(
            "availability", csf="fast-restore", baseline=adopted["availability"], target=99.9,
            amber=99.8,
        ),
        _metric(
            "csat", name="Satisfaction score", source="satisfaction", type="service",
            csf="happy-users", kpi="value", filter="business_service = 'Email'", unit="points",
            direction="higher", baseline=setup["csat"], target=4.1, amber=4.0,
        ),
    ])  # fmt: skip
