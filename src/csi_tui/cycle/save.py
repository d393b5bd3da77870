"""Saving without ever losing a word: atomic writes, a conflict check, readable TOML output.

``atomic_write`` is the only way csi-tui writes a user file: a temp file in the same folder,
fsync, ``os.replace``, fsync of the folder. A crash or a full disk leaves either the old file or
the new one, never half of each; a kill -9 mid-save can leave its temp file, which the next save
of that file removes (``remove_stale_temps``). It refuses to write over a file whose
content hash is not the one it was loaded with (someone edited it meanwhile).

``save_cycle`` writes a whole cycle (no comments: for files the app creates);
hand-written files are edited in place by ``edit.py``, which keeps their comments.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table
from tomlkit.toml_document import TOMLDocument

from csi_tui.cycle import model, versions
from csi_tui.cycle.convert import default_of, file_fields, is_required
from csi_tui.cycle.load import parse_cycle, parse_register

# Defined beside the versions it names; still importable from here, where writers look for it.
from csi_tui.cycle.versions import content_hash as content_hash
from csi_tui.errors import CsiError, Problem

try:
    import fcntl

    _HAS_LOCKS = True
except ImportError:  # pragma: no cover - Windows
    _HAS_LOCKS = False


def file_hash(path: Path) -> str | None:
    """The content hash of the file now on disk, None if there is none."""
    try:
        return content_hash(Path(path).read_bytes())
    except FileNotFoundError:
        return None


class ChangedOnDisk(CsiError):
    """The file on disk is not the version it was loaded as: someone else saved it meanwhile.

    Still a ``CsiError`` (callers that only report it keep working); the app catches it to show
    both changes and let the user choose. ``current`` is the hash of the file now on disk.
    """

    def __init__(self, path: Path, expected: str, current: str) -> None:
        super().__init__(
            (
                Problem(
                    "changed on disk since it was loaded; your change was not saved and the "
                    "file was left as it is",
                    file=path,
                    hint="reload it to see the other change, then make yours again",
                ),
            )
        )
        self.path = Path(path)
        self.expected = expected
        self.current = current


def check_unchanged(path: Path, expected_hash: str | None) -> bytes | None:
    """Raise ``CsiError`` unless the file on disk is the one we loaded (or absent, if new);
    ``ChangedOnDisk`` when another version was saved over it. Returns the bytes it read (None
    when there is no file), so a caller about to edit them need not read them again."""
    try:
        data: bytes | None = Path(path).read_bytes()
    except FileNotFoundError:
        data = None
    current = content_hash(data) if data is not None else None
    if expected_hash is None:
        if current is not None:
            raise CsiError.one(
                "already exists; not overwritten",
                file=path,
                hint="choose another name or delete the file first",
            )
        return None
    if current is None:
        raise CsiError.one(
            "was deleted or moved since it was loaded; not saved",
            file=path,
            hint="reload, then make the change again",
        )
    if current != expected_hash:
        raise ChangedOnDisk(path, expected_hash, current)
    return data


def atomic_write(path: Path, data: bytes, expected_hash: str | None) -> str:
    """Write ``data`` to ``path`` atomically; returns the new content hash.

    ``expected_hash`` is the hash the file had when loaded; None means the file must be new.
    On any failure nothing is changed: the original stays, the temp file is removed.
    """
    path = Path(path)
    check_unchanged(path, expected_hash)
    folder = path.parent
    remove_stale_temps(path)
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=_temp_prefix(path), suffix=".tmp")
    except OSError as error:
        raise CsiError.one(
            f"cannot save: {error.strerror or error}", file=path, hint="check the folder exists"
        ) from error
    temp = Path(temp_name)
    handle = os.fdopen(fd, "wb")
    try:
        # Locked while this process lives (the kernel drops the lock when it dies, even by
        # kill -9): a later save removes a temp file nobody holds, and only such a one.
        _lock(handle.fileno())
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        if path.exists():
            # Keep the original's permissions (mkstemp makes the file private).
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644)
        # Checked again right before the rename: an editor may have saved meanwhile.
        check_unchanged(path, expected_hash)
        os.replace(temp, path)  # still open and locked: never taken for a stale temp
    except CsiError:
        _remove(temp)
        raise
    except OSError as error:
        _remove(temp)
        raise CsiError.one(
            f"could not save: {error.strerror or error}; the file on disk was not changed",
            file=path,
        ) from error
    except BaseException:
        _remove(temp)
        raise
    finally:
        handle.close()
    _fsync_folder(folder)
    return versions.remember(data)


# A temp file of ours with no lock on it is this old before a save on a system without file
# locks (Windows) removes it; with locks it goes as soon as its writer is gone.
STALE_TEMP_AGE_S = 3600.0


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def temp_files(path: Path) -> list[Path]:
    """The temp files ``atomic_write`` makes beside ``path`` (``.NAME.XXXXXXXX.tmp``)."""
    path = Path(path)
    prefix = _temp_prefix(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(
        path.parent / n
        for n in names
        if n.startswith(prefix) and n.endswith(".tmp") and len(n) > len(prefix) + 4
    )


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove temp files of ``path`` left by a save that was killed; returns those removed.

    A temp file still being written is locked by its writer and left alone.
    """
    removed = []
    for temp in temp_files(path):
        if _is_stale(temp):
            _remove(temp)
            removed.append(temp)
    return removed


def _is_stale(temp: Path) -> bool:
    try:
        fd = os.open(temp, os.O_RDONLY)
    except OSError:
        return False  # gone already (renamed into place, or removed)
    try:
        if _HAS_LOCKS:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # its writer is alive
            return True
        return time.time() - os.fstat(fd).st_mtime > STALE_TEMP_AGE_S
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    if _HAS_LOCKS:
        with contextlib.suppress(OSError):  # e.g. a file system without locks: save anyway
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows), hence best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------- dataclasses -> TOML
def to_toml_value(value: Any) -> Any:
    """A model value as tomli-w / tomlkit accept it (tables as dicts, tuples as lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record_to_dict(value)
    if isinstance(value, tuple | list):
        return [to_toml_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_toml_value(v) for k, v in value.items()}
    if isinstance(value, date | str | int | float | bool):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to TOML")  # pragma: no cover


def record_to_dict(record: Any) -> dict[str, Any]:
    """A dataclass as a TOML table, in field order, leaving out None, empties and defaults."""
    out: dict[str, Any] = {}
    for f in file_fields(type(record)):
        value = getattr(record, f.name)
        if value is None:
            continue
        if not is_required(f):
            default = default_of(f)
            if value == default and f.name != "schema_version":
                continue
            if isinstance(value, tuple | Mapping) and not value:
                continue
        out[f.name] = to_toml_value(value)
    return out


def cycle_to_dict(cycle: model.Cycle) -> dict[str, Any]:
    """The cycle as a TOML document: schema_version first, then the sections in step order."""
    body = record_to_dict(cycle)
    body.pop("schema_version", None)
    return {"schema_version": cycle.schema_version, **body}


def register_to_dict(register: model.Register) -> dict[str, Any]:
    body = record_to_dict(register)
    body.pop("schema_version", None)
    return {"schema_version": register.schema_version, **body}


def _is_array_of_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _fill(container: Table | TOMLDocument, data: Mapping[str, Any]) -> None:
    # Plain values first, then tables in field order: a key written after a sub-table would
    # belong to that sub-table.
    nested = [(k, v) for k, v in data.items() if isinstance(v, dict) or _is_array_of_tables(v)]
    for key, value in data.items():
        if isinstance(value, str) and "\n" in value and "\r" not in value:
            # Text of several lines stays readable; "\r" would not survive a multi-line string.
            container.add(key, tomlkit.string(value, multiline=True))
        elif not (isinstance(value, dict) or _is_array_of_tables(value)):
            container.add(key, value)
    for key, value in nested:
        if isinstance(value, dict):
            table = tomlkit.table()
            _fill(table, value)
            container.add(key, table)
        else:
            aot = tomlkit.aot()
            for item in value:
                table = tomlkit.table()
                _fill(table, item)
                aot.append(table)
            container.add(key, aot)


def to_toml(data: Mapping[str, Any]) -> str:
    """TOML text with every table and array of tables as a [section], in the given order.

    Written with tomlkit rather than tomli-w: tomli-w writes short arrays of tables inline and
    ahead of every table (``sources = [{...}]`` above ``[cycle]``), which breaks the step order
    people read the file in and hides the [[metrics]] blocks they edit.
    """
    doc = tomlkit.document()
    _fill(doc, data)
    return tomlkit.dumps(doc)


def cycle_to_toml(cycle: model.Cycle) -> str:
    return to_toml(cycle_to_dict(cycle))


def register_to_toml(register: model.Register) -> str:
    return to_toml(register_to_dict(register))


def save_cycle(
    cycle: model.Cycle, path: Path | None = None, expected_hash: str | None = None
) -> model.Cycle:
    """Write the whole cycle to ``path`` (default: where it was loaded from); returns it reloaded.

    Saving over the file it was loaded from checks it has not changed since (``loaded_hash``);
    saving anywhere else requires the file to be new unless ``expected_hash`` is given.
    This rewrites the file, dropping comments: use ``edit.py`` for hand-written files.
    """
    target = Path(path) if path is not None else cycle.path
    if target is None:
        raise CsiError.one("the cycle has no file to save to; give a path")
    if expected_hash is None and cycle.path is not None and Path(cycle.path) == target:
        expected_hash = cycle.loaded_hash
    text = cycle_to_toml(cycle)
    parsed = parse_cycle(text, target)  # never write a file we could not read back
    digest = atomic_write(target, text.encode("utf-8"), expected_hash)
    return dataclasses.replace(parsed, path=target, loaded_hash=digest)


def save_register(
    register: model.Register, path: Path | None = None, expected_hash: str | None = None
) -> model.Register:
    target = Path(path) if path is not None else register.path
    if target is None:
        raise CsiError.one("the register has no file to save to; give a path")
    if expected_hash is None and register.path is not None and Path(register.path) == target:
        expected_hash = register.loaded_hash
    text = register_to_toml(register)
    parsed = parse_register(text, target)
    digest = atomic_write(target, text.encode("utf-8"), expected_hash)
    return dataclasses.replace(parsed, path=target, loaded_hash=digest)
