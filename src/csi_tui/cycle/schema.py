"""The JSON Schema (draft 2020-12) of cycle files and register.toml, generated from the model.

Editors use it to validate and complete TOML (Taplo, VS Code "Even Better TOML": a first line
``#:schema ./csi-cycle.schema.json``). Generated from the dataclasses' type hints and
``descriptions.py``, so it cannot drift from what ``load.py`` accepts for types, enums, required
and unknown keys. Cross-references (a metric's source must exist) are beyond JSON Schema:
``csi-tui validate`` checks those.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, get_args, get_origin

from csi_tui.cycle import model
from csi_tui.cycle.convert import default_of, file_fields, hints, is_required
from csi_tui.cycle.descriptions import FIELDS, SECTIONS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_IDS = {
    "cycle": "https://csi-tui.invalid/schema/v1/cycle.schema.json",
    "register": "https://csi-tui.invalid/schema/v1/register.schema.json",
}
SCHEMA_FILE = "csi-cycle.schema.json"
REGISTER_SCHEMA_FILE = "csi-register.schema.json"


def _is_union(tp: Any) -> bool:
    return len(get_args(tp)) > 1 and get_origin(tp) is not Literal and get_origin(tp) is not tuple


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is date:
        # Taplo hands TOML dates to the schema as strings; ISO strings are accepted too.
        return {"type": "string", "format": "date"}
    if origin is Literal:
        return {"type": "string", "enum": list(get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _type(get_args(tp)[0], defs)}
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return {"type": "object", "additionalProperties": _type(get_args(tp)[1], defs)}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    options = [a for a in get_args(tp) if a is not type(None)]
    if len(options) == 1:
        return _type(options[0], defs)  # Optional: TOML has no null, the key is just left out
    if all(o in (str, int, float, bool) for o in options):
        return {"type": ["string", "integer", "number", "boolean"]}
    raise TypeError(f"no JSON Schema for {tp}")  # pragma: no cover - model bug


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    types = hints(cls)
    descriptions = FIELDS.get(cls.__name__, {})
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in file_fields(cls):
        prop = _type(types[f.name], defs)
        if "$ref" in prop:
            prop = {"allOf": [prop]}  # so a description can sit beside the reference
        if f.name in descriptions:
            prop["description"] = descriptions[f.name]
        default = default_of(f)
        if isinstance(default, str | int | float | bool):
            prop["default"] = default
        properties[f.name] = prop
        if is_required(f):
            required.append(f.name)
    out: dict[str, Any] = {"type": "object"}
    if cls.__name__ in SECTIONS:
        out["description"] = SECTIONS[cls.__name__]
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    defs[cls.__name__] = _object(cls, defs)


def json_schema(kind: Literal["cycle", "register"] = "cycle") -> dict[str, Any]:
    """The JSON Schema of a cycle file (default) or of ``register.toml``."""
    root_cls: type = model.Cycle if kind == "cycle" else model.Register
    defs: dict[str, Any] = {}
    body = _object(root_cls, defs)
    version = {
        "description": FIELDS[root_cls.__name__]["schema_version"],
        "type": "integer",
        "const": model.SCHEMA_VERSION,
    }
    others = {k: v for k, v in body["properties"].items() if k != "schema_version"}
    body["properties"] = {"schema_version": version, **others}
    body["required"] = ["schema_version", *body.get("required", [])]
    if kind == "cycle":
        # Completion for the built-in KPIs, each with its doc line on hover in Taplo-based
        # editors (``x-taplo``, ignored by validators); load.py says "did you mean" for a
        # misspelt one.
        kpi = defs["Metric"]["properties"]["kpi"]
        kpi["enum"] = list(model.BUILTIN_KPIS)
        kpi["x-taplo"] = {"docs": {"enumValues": [k.doc for k in model.BUILTIN_KPIS.values()]}}
    title = "csi-tui cycle file" if kind == "cycle" else "csi-tui register"
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_IDS[kind],
        "title": f"{title}, version {model.SCHEMA_VERSION}",
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def register_json_schema() -> dict[str, Any]:
    return json_schema("register")
