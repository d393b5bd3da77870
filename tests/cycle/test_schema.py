"""The JSON Schema accepts valid files and rejects broken ones, as csi-tui validate does."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from typing import Any

import jsonschema
import pytest

from csi_tui.cycle import model
from csi_tui.cycle.descriptions import FIELDS
from csi_tui.cycle.schema import json_schema
from csi_tui.cycle.sources import DerivedColumn, Rollup, Source, StatusTime
from csi_tui.cycle.starter import starter_text

from .helpers import COMMENTED, MINIMAL, REGISTER


def as_json(value: Any) -> Any:
    """TOML data as an editor hands it to the schema: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def errors(text: str, kind: str = "cycle") -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema(kind))  # type: ignore[arg-type]
    data = as_json(tomllib.loads(text))
    return sorted(e.message for e in validator.iter_errors(data))


def test_schemas_are_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema("cycle"))
    jsonschema.Draft202012Validator.check_schema(json_schema("register"))
    assert json_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL,
        COMMENTED.read_text(),
        starter_text("q1", "q1.toml", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_valid_cycle_files_validate(text: str) -> None:
    assert errors(text) == []


def test_valid_register_validates() -> None:
    assert errors(REGISTER, "register") == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t + "targt = 5.0\n", "Additional properties are not allowed ('targt'"),
        (lambda t: t + 'direction = "down"\n', "'down' is not one of ['lower', 'higher']"),
        (lambda t: t + 'target = "six"\n', "'six' is not of type 'number'"),
        (lambda t: t.replace('owner = "Dana"\n', ""), "'owner' is a required property"),
        (lambda t: t.replace("schema_version = 1", "schema_version = 2"), "1 was expected"),
        (lambda t: t.replace("mttr_mean", "mttr_avg"), "'mttr_avg' is not one of"),
        (lambda t: t + "guardrails = [1]\n", "1 is not of type 'string'"),
    ],
)
def test_broken_cycle_files_fail(change: Any, expected: str) -> None:
    found = errors(change(MINIMAL))
    assert any(e.startswith(expected) for e in found), found


def test_broken_register_fails() -> None:
    found = errors(REGISTER.replace('"in_progress"', '"doing"'), "register")
    assert any("'doing' is not one of" in e for e in found)


def test_schema_follows_the_model() -> None:
    schema = json_schema()
    metric = schema["$defs"]["Metric"]
    assert metric["required"] == ["id", "name", "source"]
    assert metric["properties"]["direction"]["enum"] == list(model.DIRECTIONS)
    assert metric["properties"]["direction"]["default"] == "lower"
    assert metric["additionalProperties"] is False
    assert set(metric["properties"]["kpi"]["enum"]) == set(model.BUILTIN_KPIS)
    assert schema["required"] == ["schema_version", "cycle"]
    assert next(iter(schema["properties"])) == "schema_version"


def test_every_field_is_described() -> None:
    classes = [
        model.Cycle, model.CycleInfo, model.Strategy, model.Csf, Source, Rollup,
        StatusTime, DerivedColumn, model.Metric, model.Analysis, model.Note,
        model.Decision, model.Action, model.Adoption, model.Extension, model.Outcome,
        model.AgendaItem, model.Meeting, model.Register, model.Opportunity,
    ]  # fmt: skip
    for cls in classes:
        names = {f.name for f in dataclasses.fields(cls) if f.compare}
        assert names <= set(FIELDS[cls.__name__]), (cls.__name__, names - set(FIELDS[cls.__name__]))
