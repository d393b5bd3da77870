"""Plain values for JSON, and back: the one conversion the package's JSON writers share.

``to_jsonable`` turns dataclasses (by their fields), mappings, sequences and dates into what
``json.dumps`` writes; ``csi-tui compute --format json``, the step 5 JSON and the engine cache
all go through it. ``from_jsonable`` reads such a value back into the type a dataclass field
declares, for the cache: it follows the type hints, so a field added to a result type needs no
reader of its own.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin


def to_jsonable(value: object, *, finite: bool = True, skip: Collection[str] = ()) -> Any:
    """``value`` as JSON-ready lists, dicts, strings, numbers and None.

    ``finite``: NaN and infinities become None, as the documented JSON outputs promise; without
    it they stay floats (the cache reads them back as they were). ``skip``: dataclass fields to
    leave out (frames the cache writes as Parquet, say). Dates become ISO strings; anything
    unknown its ``str``, so a writer never fails on a value it was not made for.
    """

    def plain(v: object) -> Any:
        if v is None or isinstance(v, (bool, str, int)):
            return v
        if isinstance(v, float):
            return v if not finite or math.isfinite(v) else None
        if isinstance(v, (date, datetime)):
            return v.isoformat()
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {
                f.name: plain(getattr(v, f.name))
                for f in dataclasses.fields(v)
                if f.name not in skip
            }
        if isinstance(v, Mapping):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if hasattr(v, "item"):  # numpy scalars
            return plain(v.item())
        return str(v)

    return plain(value)


class DecodeError(ValueError):
    """A JSON value that does not fit the type it is read as."""


def from_jsonable(hint: Any, value: object) -> Any:
    """``value`` (as ``json.loads`` returned it) read as ``hint``: a dataclass, ``X | None``,
    ``tuple[X, ...]``, ``Mapping[str, X]``, a ``Literal``, date, datetime, str, int, float or
    bool. Raises ``DecodeError`` when it does not fit. A dataclass field missing from the JSON
    takes its default; a key the dataclass does not have is an error (another format)."""
    return _decoder(hint)(value)


Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    # Built once per type and cached: reading then follows prepared closures, no hints per value.
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _union(get_args(hint))
    if origin is Literal:
        return _literal(get_args(hint))
    if origin is tuple:
        return _tuple(get_args(hint))
    if origin in (Mapping, dict):
        key, item = get_args(hint)
        return _mapping(_decoder(key), _decoder(item))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint)
    if hint in (date, datetime):
        return _iso(hint)
    if hint in _SCALARS:
        return _check(_SCALARS[hint], hint.__name__)
    raise TypeError(f"no JSON reader for {hint!r}")


def _fail(expected: object, value: object) -> DecodeError:
    return DecodeError(f"expected {expected}, found {type(value).__name__} {value!r:.60}")


def _union(args: tuple[Any, ...]) -> Decoder:
    others = [a for a in args if a is not type(None)]
    if len(others) != 1 or len(others) == len(args):
        raise TypeError(f"only X | None is read, not {args!r}")
    inner = _decoder(others[0])
    return lambda v: None if v is None else inner(v)


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    def read(v: Any) -> Any:
        if v not in allowed:
            raise _fail(allowed, v)
        return v

    return read


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"only tuple[X, ...] is read, not {args!r}")
    item = _decoder(args[0])

    def read(v: Any) -> tuple[Any, ...]:
        if not isinstance(v, list):
            raise _fail("a list", v)
        return tuple(item(x) for x in v)

    return read


def _mapping(key: Decoder, item: Decoder) -> Decoder:
    def read(v: Any) -> dict[Any, Any]:
        if not isinstance(v, dict):
            raise _fail("an object", v)
        return {key(k): item(x) for k, x in v.items()}

    return read


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    # Plain fields (str, int, float, bool, or None) are checked inline rather than by a call
    # each: a result can hold tens of thousands of small records (breakdowns) made of them.
    plain = {n: _plain_types(hints[n]) for n in names if _plain_types(hints[n])}
    readers = {n: _field(cls, hints[n]) for n in names if n not in plain}

    def read(v: Any) -> Any:
        if type(v) is not dict:
            raise _fail(f"an object for {cls.__name__}", v)
        kwargs = {}
        for name, x in v.items():
            accepted = plain.get(name)
            if accepted is None:
                if name not in readers:
                    raise DecodeError(f"{cls.__name__} has no field {name!r}")
                x = readers[name](x)
            elif type(x) not in accepted:
                raise _fail(f"{cls.__name__}.{name} of type {hints[name]}", x)
            kwargs[name] = x
        try:
            return cls(**kwargs)
        except TypeError as error:  # a field without a default is missing
            raise DecodeError(f"{cls.__name__}: {error}") from error

    return read


def _plain_types(hint: Any) -> tuple[type, ...]:
    """The JSON types a str, int, float or bool field (or one of them or None) accepts; empty
    for any other field."""
    if hint in _SCALARS:
        return _SCALARS[hint]
    args = get_args(hint)
    if get_origin(hint) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return (*_SCALARS[inner], type(None)) if inner in _SCALARS else ()
    return ()


def _field(cls: type, hint: Any) -> Decoder:
    try:
        return _decoder(hint)
    except TypeError:
        # A field JSON cannot hold (a frame): never written, so never read either.
        def refuse(v: Any) -> Any:
            raise _fail(f"nothing for a {cls.__name__} field of type {hint}", v)

        return refuse


def _iso(kind: type[date]) -> Decoder:
    def read(v: Any) -> date:
        if not isinstance(v, str):
            raise _fail("an ISO date", v)
        return kind.fromisoformat(v)  # a ValueError when it is not one

    return read


# The exact types json.loads makes for each (a bool is no int here). A float field keeps an int
# as written: the engine's values are printed as they came.
_SCALARS: dict[type, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (int, float),
    bool: (bool,),
}


def _check(accepted: tuple[type, ...], expected: str) -> Decoder:
    def read(v: Any) -> Any:
        if type(v) not in accepted:
            raise _fail(expected, v)
        return v

    return read
