"""Turn the plain dict tomllib returns into the frozen dataclasses of ``model.py`` and
``sources.py``, type-checked.

Driven by the dataclasses' own type hints, so a field added to the model is read, checked and
written without touching this module. Every problem is collected (never just the first) with the
key path it belongs to (``metrics[2].target``); ``load.py`` adds file and line.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin


@dataclasses.dataclass(frozen=True)
class Issue:
    """A problem found while converting, before it knows its file and line."""

    key: str
    message: str
    hint: str | None = None
    severity: Literal["error", "warning"] = "error"


class _Invalid:
    """Marks a value that could not be converted (its problem is already recorded)."""


INVALID: Any = _Invalid()


@cache
def hints(cls: type) -> dict[str, Any]:
    # Each dataclass's names resolve in its own module (model.py, sources.py).
    return typing.get_type_hints(cls)


def file_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of ``cls`` that are keys in a file, in declaration order.

    Fields with ``compare=False`` (``Cycle.path``, ``loaded_hash``) say where a value came from;
    they are never keys in a file.
    """
    return tuple(f for f in dataclasses.fields(cls) if f.compare)


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def default_of(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return INVALID


def toml_type_name(value: object) -> str:
    """What a value is, in TOML's words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def expected_name(tp: Any) -> str:
    """How to say what a type hint expects, in TOML's words."""
    origin = get_origin(tp)
    if tp is str:
        return "a string"
    if tp is int:
        return "an integer"
    if tp is float:
        return "a number"
    if tp is bool:
        return "a boolean (true or false)"
    if tp is date:
        return "a date (e.g. 2026-01-31)"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin is tuple:
        return f"an array of {_plural(get_args(tp)[0])}"
    if origin in (Mapping, dict) or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return "a table"
    if dataclasses.is_dataclass(tp):
        return "a table"
    if _is_union(tp):
        names = [expected_name(a) for a in get_args(tp) if a is not type(None)]
        return " or ".join(names)
    return str(tp)


def _plural(tp: Any) -> str:
    if dataclasses.is_dataclass(tp):
        return "tables"
    name = expected_name(tp)
    for article in ("an ", "a "):
        if name.startswith(article):
            name = name[len(article) :]
    return name + "s" if " " not in name else name


def _is_union(tp: Any) -> bool:
    return get_origin(tp) is Union or isinstance(tp, types.UnionType)


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    """A "did you mean" for a misspelt word, or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class Converter:
    """Converts raw TOML data to model dataclasses, collecting issues."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def problem(self, key: str, message: str, hint: str | None = None) -> Any:
        self.issues.append(Issue(key, message, hint))
        return INVALID

    def warn(self, key: str, message: str, hint: str | None = None) -> None:
        self.issues.append(Issue(key, message, hint, "warning"))

    # ---------------------------------------------------------------- values
    def value(self, tp: Any, raw: object, key: str) -> Any:
        origin = get_origin(tp)
        if _is_union(tp):
            return self._union(tp, raw, key)
        if origin is Literal:
            allowed = get_args(tp)
            if raw in allowed and type(raw) is type(allowed[0]):
                return raw
            if not isinstance(raw, str):
                return self._wrong(tp, raw, key)
            close = suggest(raw, [str(a) for a in allowed])
            hint = f"did you mean {close!r}?" if close else None
            listed = ", ".join(repr(a) for a in allowed)
            return self.problem(key, f"{raw!r} is not allowed; use one of {listed}", hint)
        if origin is tuple:
            if not isinstance(raw, list):
                return self._wrong(tp, raw, key)
            item_tp = get_args(tp)[0]
            items = [self.value(item_tp, item, f"{key}[{n}]") for n, item in enumerate(raw)]
            return INVALID if any(i is INVALID for i in items) else tuple(items)
        if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
            if not isinstance(raw, dict):
                return self._wrong(tp, raw, key)
            value_tp = get_args(tp)[1]
            out = {k: self.value(value_tp, v, f"{key}.{k}") for k, v in raw.items()}
            return INVALID if any(v is INVALID for v in out.values()) else out
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if not isinstance(raw, dict):
                return self._wrong(tp, raw, key)
            return self.record(tp, raw, key)
        return self._scalar(tp, raw, key)

    def _union(self, tp: Any, raw: object, key: str) -> Any:
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return self.value(options[0], raw, key)
        # OptionValue (str | int | float | bool): any scalar of those types, kept as it is.
        if all(o in (str, int, float, bool) for o in options):
            if isinstance(raw, str | int | float | bool):
                return raw
            return self._wrong(tp, raw, key)
        return self.problem(key, f"unsupported type {tp}")  # pragma: no cover - model bug

    def _scalar(self, tp: Any, raw: object, key: str) -> Any:
        if tp is bool:
            return raw if isinstance(raw, bool) else self._wrong(tp, raw, key)
        if tp is int:
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            return self._wrong(tp, raw, key)
        if tp is float:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                return float(raw)
            return self._wrong(tp, raw, key)
        if tp is str:
            return raw if isinstance(raw, str) else self._wrong(tp, raw, key)
        if tp is date:
            return self._date(raw, key)
        return self.problem(key, f"unsupported type {tp}")  # pragma: no cover - model bug

    def _date(self, raw: object, key: str) -> Any:
        if isinstance(raw, datetime):
            return self.problem(
                key,
                "expected a date, got a date-time",
                "write the day only, e.g. 2026-01-31",
            )
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                return self.problem(
                    key,
                    f"{raw!r} is not a valid date",
                    "write an ISO date such as 2026-01-31 (a TOML date, no quotes)",
                )
        return self._wrong(date, raw, key)

    def _wrong(self, tp: Any, raw: object, key: str) -> Any:
        shown = repr(raw) if not isinstance(raw, dict | list) else ""
        got = f"{toml_type_name(raw)} {shown}".rstrip()
        return self.problem(key, f"expected {expected_name(tp)}, got {got}")

    # ---------------------------------------------------------------- tables
    def record(self, cls: type, raw: Mapping[str, object], key: str) -> Any:
        """A table -> a dataclass; missing, unknown and mistyped keys are all reported."""
        fields = file_fields(cls)
        names = [f.name for f in fields]
        where = key or "the top level"
        for name in raw:
            if name in names:
                continue
            close = suggest(name, names)
            hint = f"did you mean {close!r}?" if close else f"known keys: {', '.join(names)}"
            self.problem(_join(key, name), f"unknown key {name!r} in {where}", hint)
        kwargs: dict[str, Any] = {}
        broken = False
        field_types = hints(cls)
        for f in fields:
            if f.name not in raw:
                if is_required(f):
                    tp = field_types[f.name]
                    hint = (
                        f"add a [{_join(key, f.name)}] table"
                        if dataclasses.is_dataclass(tp)
                        else f"add {f.name} = {_example(tp)}"
                    )
                    self.problem(
                        _join(key, f.name), f"missing required key {f.name!r} in {where}", hint
                    )
                    broken = True
                continue
            value = self.value(field_types[f.name], raw[f.name], _join(key, f.name))
            if value is INVALID:
                broken = broken or is_required(f)
                continue
            kwargs[f.name] = value
        return INVALID if broken else cls(**kwargs)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _example(tp: Any) -> str:
    if tp is date:
        return "2026-01-31"
    if get_origin(tp) is Literal:
        return repr(get_args(tp)[0]).replace("'", '"')
    if tp is str:
        return '"..."'
    if tp in (int, float):
        return "0"
    return "..."
