"""Load cycle files and the register: read, check everything, report all problems at once.

``load_cycle(path)`` and ``load_register(path)`` return frozen dataclasses (``model.py``) with
``path`` and ``loaded_hash`` set, or raise ``CsiError`` carrying every problem found: syntax
errors with ``FILE:LINE:COL``, wrong types, unknown keys ("did you mean"), missing keys, broken
references between sections. Semantic problems carry both the key path (``metrics[2].target``)
and the line of that key. Warnings (suspicious but valid) are kept on the side: see
``check_cycle`` / ``last_warnings``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from csi_tui.cycle import model, versions
from csi_tui.cycle.checks import check_cycle_data, check_register_data
from csi_tui.cycle.convert import INVALID, Converter, Issue
from csi_tui.cycle.positions import key_positions, locate
from csi_tui.cycle.versions import content_hash
from csi_tui.errors import CsiError, Problem

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def load_cycle(path: Path) -> model.Cycle:
    """Read and validate one cycle file. Raises ``CsiError`` with all its problems."""
    cycle, problems = _load(Path(path), kind="cycle")
    _raise_errors(problems)
    assert isinstance(cycle, model.Cycle)
    return cycle


def parse_cycle(text: str, path: Path) -> model.Cycle:
    """Validate cycle text as if read from ``path`` (which need not exist)."""
    cycle, problems = parse_cycle_with_warnings(text, path)
    _raise_errors(problems)
    assert cycle is not None
    return cycle


def load_register(path: Path) -> model.Register:
    """Read and validate a ``register.toml``. Raises ``CsiError`` with all its problems."""
    register, problems = _load(Path(path), kind="register")
    _raise_errors(problems)
    assert isinstance(register, model.Register)
    return register


def parse_register(text: str, path: Path) -> model.Register:
    register, problems = _parse(text, Path(path), "register", content_hash(text.encode()))
    _raise_errors(problems)
    assert isinstance(register, model.Register)
    return register


def parse_cycle_with_warnings(
    text: str, path: Path
) -> tuple[model.Cycle | None, tuple[Problem, ...]]:
    """The cycle (None when it has errors) and every problem, warnings included."""
    cycle, problems = _parse(text, Path(path), "cycle", content_hash(text.encode()))
    return (cycle if isinstance(cycle, model.Cycle) else None), problems


def check_file(path: Path) -> tuple[object | None, tuple[Problem, ...]]:
    """Validate a cycle file or a register (by name) and return errors and warnings, no raise.

    A file named ``register.toml`` is read as the register, and so is a file with
    ``[[opportunities]]`` and no ``[cycle]``; anything else as a cycle.
    """
    path = Path(path)
    kind = "register" if path.name == "register.toml" or _looks_like_register(path) else "cycle"
    return _load(path, kind)


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z_]+)", re.M)


def _looks_like_register(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    headers = set(_HEADER.findall(text))
    return "opportunities" in headers and "cycle" not in headers


def warnings_of(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.severity != "error")


# ---------------------------------------------------------------- internals
def _raise_errors(problems: tuple[Problem, ...]) -> None:
    if any(p.severity == "error" for p in problems):
        raise CsiError(tuple(p for p in problems if p.severity == "error"))


def _load(path: Path, kind: str) -> tuple[object | None, tuple[Problem, ...]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, (Problem("file not found", file=path, hint="check the path"),)
    except IsADirectoryError:
        return None, (Problem("is a folder, not a file", file=path),)
    except OSError as error:
        return None, (Problem(f"cannot read the file: {error.strerror}", file=path),)
    try:
        # utf-8-sig: a BOM some editors write is accepted and dropped.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, (
            Problem(
                f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
                file=path,
                line=line,
                column=column,
                hint="save the file as UTF-8",
            ),
        )
    # Kept by hash: a later conflict shows what changed since this version was read.
    return _parse(text, path, kind, versions.remember(data))


def _parse(
    text: str, path: Path, kind: str, digest: str
) -> tuple[object | None, tuple[Problem, ...]]:
    if not text.strip():
        hint = "run 'csi-tui new FILE' for a starter cycle" if kind == "cycle" else None
        if kind == "register":
            hint = "add schema_version = 1 and [[opportunities]] entries"
        return None, (Problem("the file is empty", file=path, hint=hint),)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, (_syntax_problem(str(error), text, path),)
    converter = Converter()
    if not _check_version(raw, converter):
        return None, _to_problems(converter.issues, path, text)
    body = {k: v for k, v in raw.items() if k != "schema_version"}
    if kind == "cycle":
        result = converter.record(model.Cycle, body, "")
        check_cycle_data(raw, converter)
    else:
        result = converter.record(model.Register, body, "")
        check_register_data(raw, converter)
    problems = _to_problems(converter.issues, path, text)
    errors = any(p.severity == "error" for p in problems)
    if result is INVALID or errors:
        return None, problems
    return _with_origin(result, path, digest), problems


def _with_origin(result: Any, path: Path, digest: str) -> object:
    from dataclasses import replace

    return replace(result, path=path, loaded_hash=digest)


def _check_version(raw: dict[str, Any], converter: Converter) -> bool:
    """False when the file cannot be read at all (missing or unsupported schema_version)."""
    if "schema_version" not in raw:
        converter.problem(
            "schema_version",
            "missing schema_version",
            f"add schema_version = {model.SCHEMA_VERSION} as the first line",
        )
        return False
    version = raw["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        converter.problem("schema_version", f"schema_version must be an integer, got {version!r}")
        return False
    if version > model.SCHEMA_VERSION:
        converter.problem(
            "schema_version",
            f"schema_version {version} is newer than this csi-tui reads ({model.SCHEMA_VERSION})",
            "upgrade csi-tui",
        )
        return False
    if version < 1:
        converter.problem(
            "schema_version",
            f"schema_version {version} does not exist",
            f"use schema_version = {model.SCHEMA_VERSION}",
        )
        return False
    return True


def _syntax_problem(message: str, text: str, path: Path) -> Problem:
    match = _AT.search(message)
    if match:
        body = message[: match.start()]
        line, column = int(match.group(1)), int(match.group(2))
    else:
        body = _AT_END.sub("", message)
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    hint = next((h for start, h in _SYNTAX_HINTS if body.startswith(start)), None)
    return Problem(f"invalid TOML: {body}", file=path, line=line, column=column, hint=hint)


# tomllib's words for the most common slips, and what a person should check.
_SYNTAX_HINTS = (
    ("Illegal character '\\n'", "is a closing quote or bracket missing on this line?"),
    ("Unclosed array", "is a closing ] missing?"),
    ("Expected '=' after a key", "write key = value; quote keys with spaces"),
    ("Invalid value", "strings need quotes; dates are written 2026-01-31"),
    ("Cannot overwrite a value", "this key is set twice"),
    ("Cannot declare", "this table is declared twice"),
)


def _to_problems(issues: list[Issue], path: Path, text: str) -> tuple[Problem, ...]:
    if not issues:
        return ()
    # Scanned only for files with problems: a clean file (every save) needs no line numbers.
    positions = key_positions(text)
    problems = []
    for issue in issues:
        place = locate(positions, issue.key) if issue.key else None
        problems.append(
            Problem(
                issue.message,
                file=path,
                line=place[0] if place else None,
                column=place[1] if place else None,
                key=issue.key or None,
                hint=issue.hint,
                severity=issue.severity,
            )
        )
    # Errors first, then by line, so the output reads top to bottom.
    order = {"error": 0, "warning": 1, "info": 2}
    problems.sort(key=lambda p: (order[p.severity], p.line or 0, p.column or 0))
    return tuple(problems)
