"""A form's draft checked field by field, in the words ``csi-tui validate`` uses."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from csi_tui.cycle import field_checks as fc
from csi_tui.cycle import model
from csi_tui.cycle.load import load_cycle, load_register, parse_cycle_with_warnings

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
COLUMNS = ["priority", "assignment_group", "opened_at", "resolved_at", "resolution_hours"]


@pytest.fixture(scope="module")
def cycle() -> model.Cycle:
    return load_cycle(SAMPLE / "cycles" / "email-2026-p1p2-mttr.toml")


def _check(cycle: model.Cycle, columns: list[str] | None = None, **changes: str):  # type: ignore[no-untyped-def]
    metric = cycle.metrics[0]
    text = {**fc.metric_as_text(metric), **changes}
    return fc.check_metric(cycle, fc.metric_draft(text), metric.id, columns)


def test_an_untouched_metric_is_itself(cycle: model.Cycle) -> None:
    for metric in cycle.metrics:
        built, problems = fc.check_metric(
            cycle, fc.metric_draft(fc.metric_as_text(metric)), metric.id
        )
        assert problems == {} and built == metric


def _validate_words(cycle: model.Cycle, metric: model.Metric) -> list[str]:
    """What the loader (csi-tui validate) says of the cycle with this metric in first place."""
    from csi_tui.cycle.save import cycle_to_toml

    changed = dataclasses.replace(cycle, metrics=(metric, *cycle.metrics[1:]))
    _, problems = parse_cycle_with_warnings(cycle_to_toml(changed), Path("x.toml"))
    return [p.message for p in problems]


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("target", "six", "expected a number, got a string 'six'"),
        ("filter", "priority IN ('1'", "not a valid polars SQL expression"),
        ("formula", "AVG(", "not a valid polars SQL expression"),
        ("kpi", "mttr_maen", "unknown KPI 'mttr_maen'"),
        ("csf", "speed", "CSF 'speed' is not defined"),
        ("source", "tickets", "source 'tickets' is not defined"),
        ("guardrails", "reopen_rate, mttr_p1p2", "a metric cannot be its own guardrail"),
        ("name", "", "missing required key 'name'"),
        ("target_date", "2026-13-01", "'2026-13-01' is not a valid date"),
        ("top_n", "0", "top_n must be 1 or more"),
        ("direction", "down", "'down' is not allowed"),
    ],
)
def test_each_wrong_field_is_named(cycle: model.Cycle, field: str, text: str, words: str) -> None:
    changes = {field: text}
    if field == "formula":
        changes["kpi"] = ""
    built, problems = _check(cycle, **changes)
    assert built is None
    assert list(problems) == [field]
    assert any(words in issue.message for issue in problems[field])
    assert all(issue.severity == "error" for issue in problems[field])


def test_the_words_are_those_of_validate(cycle: model.Cycle) -> None:
    metric = cycle.metrics[0]
    _, problems = _check(cycle, csf="speed")
    assert problems["csf"][0].message in _validate_words(
        cycle, dataclasses.replace(metric, csf="speed")
    )
    _, problems = _check(cycle, amber="5")
    assert problems["amber"][0].message in _validate_words(
        cycle, dataclasses.replace(metric, amber=5.0)
    )


def test_an_amber_on_the_good_side_is_a_warning(cycle: model.Cycle) -> None:
    built, problems = _check(cycle, amber="5")  # direction lower, target 7.5
    assert built is not None and built.amber == 5.0
    (issue,) = problems["amber"]
    assert issue.severity == "warning"
    assert issue.message == (
        "amber 5 is below the target 7.5, on the good side for direction 'lower'"
    )
    assert not fc.has_errors(problems)


def test_kpi_and_formula_together_or_neither(cycle: model.Cycle) -> None:
    _, neither = _check(cycle, kpi="")
    assert "has neither kpi nor formula" in neither["kpi"][0].message
    _, both = _check(cycle, formula="AVG(resolution_hours)")
    assert both["formula"][0].message == "set either kpi or formula, not both"


def test_unknown_columns_with_the_closest_names(cycle: model.Cycle) -> None:
    _, problems = _check(cycle, COLUMNS, breakdowns="priority, asignment_group")
    (issue,) = problems["breakdowns"]
    assert issue.message == "breakdown column 'asignment_group' is not in source 'incidents'"
    assert issue.hint is not None and "'assignment_group'" in issue.hint
    _, problems = _check(cycle, COLUMNS, filter="prio = '1'")
    assert problems["filter"][0].message == "column 'prio' is not in source 'incidents'"
    assert problems["filter"][0].hint == "closest columns: 'priority'"
    _, problems = _check(cycle, ["opened_at"])  # mttr_mean needs resolved_at
    assert any("needs column 'resolved_at'" in i.message for i in problems["kpi"])
    built, problems = _check(cycle, COLUMNS)
    assert built is not None and problems == {}


def test_a_new_metric_with_a_taken_id(cycle: model.Cycle) -> None:
    text = fc.metric_as_text(cycle.metrics[1])
    built, problems = fc.check_metric(cycle, fc.metric_draft(text), None)
    assert built is None
    assert "duplicate metric id" in problems["id"][0].message


def test_options_are_parsed(cycle: model.Cycle) -> None:
    built, _ = _check(cycle, options="sla_hours=8, calendar=true, name=x")
    assert built is not None
    assert built.options == {"sla_hours": 8, "calendar": True, "name": "x"}


def test_the_strategy_draft(cycle: model.Cycle) -> None:
    text = fc.strategy_as_text(cycle.strategy)
    raw = fc.strategy_draft(**text)
    built, problems = fc.check_strategy(cycle, raw)
    assert problems == {} and built is not None
    assert fc.unchanged_business_need(cycle.strategy, built) == cycle.strategy
    # A CSF a metric serves cannot go; two CSFs with one id cannot be.
    lines = text["csfs"].splitlines()
    _, problems = fc.check_strategy(cycle, fc.strategy_draft(**{**text, "csfs": lines[1]}))
    assert "CSF 'fast-restore' is not defined" in problems["csfs"][0].message
    twice = "\n".join([lines[0], lines[0], *lines[1:]])
    _, problems = fc.check_strategy(cycle, fc.strategy_draft(**{**text, "csfs": twice}))
    assert "duplicate CSF id 'fast-restore'" in problems["csfs"][0].message
    _, problems = fc.check_strategy(cycle, fc.strategy_draft(**{**text, "csfs": "lonely"}))
    assert "missing required key 'name'" in problems["csfs"][0].message


def test_the_register_entry_draft() -> None:
    register = load_register(SAMPLE / "register.toml")
    entry = register.opportunities[1]
    text = fc.opportunity_as_text(entry)
    built, problems = fc.check_opportunity(register, fc.opportunity_draft(text), entry.id)
    assert problems == {} and built == entry
    bad = {**text, "due": "tomorrow", "priority": "urgent"}
    built, problems = fc.check_opportunity(register, fc.opportunity_draft(bad), entry.id)
    assert built is None
    assert "'tomorrow' is not a valid date" in problems["due"][0].message
    assert "'urgent' is not allowed" in problems["priority"][0].message
    closed = {**text, "state": "closed", "closure_code": ""}
    built, problems = fc.check_opportunity(register, fc.opportunity_draft(closed), entry.id)
    assert built is not None and problems["state"][0].message == "closed without a closure_code"
