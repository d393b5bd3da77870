"""The engine's cache as a store: keyed entries of one JSON document and named Parquet frames,
under ``paths.cache_dir()/engine``.

The store knows files, not cycles: callers (``source_cache``) make the keys from whatever their
values depend on, and a codec (``cache_codec``) turns values into a document and frames. A key
names one content, so writing a key again writes the same bytes. Each write is atomic file by
file, the JSON last: a reader finds a whole entry or a miss. Anything unreadable counts as a
miss; nothing from the cache is executed.

Keys change with their inputs, so old entries are never read again: each write therefore evicts
(``evict``) entries not used for ``MAX_AGE_DAYS`` and then the least recently used ones while the
cache is over its size cap, never the entry just written nor one in use.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl

from csi_tui import paths

T = TypeVar("T")

# Two shelves. A parsed source (a document and one or two frames) is flat files in ``sources/``:
# ``{key}.json`` and ``{key}.{name}.parquet``. A result has a frame per metric, so each is a
# folder in ``results/``: ``{key}/result.json`` and ``{key}/{name}.parquet``.
SOURCES = "sources"
RESULTS = "results"
RESULT_DOCUMENT = "result.json"


# Eviction. Keys hold today's date, so an entry from an earlier day is already dead; a few days
# leave room for a cycle opened with a fixed "now" or across midnight.
MAX_AGE_DAYS = 3.0
MAX_BYTES = 2 * 1024**3
# ... and never more than this share of the space the cache could have (its size + free disk).
FREE_SHARE = 0.25
# Another process (the TUI beside the CLI) may be reading an entry it used this recently.
IN_USE_SECONDS = 15 * 60.0
# A temporary file this old is left over from a write that was killed.
STALE_TMP_SECONDS = 24 * 3600.0
TMP_PREFIX = ".tmp-"

_in_use: dict[str, int] = {}  # keys this process is reading or writing right now
_in_use_lock = threading.Lock()


def cache_root() -> Path:
    return paths.cache_dir() / "engine"


@contextmanager
def _using(key: str) -> Iterator[None]:
    """Marks ``key`` as in use by this process (threads included) so eviction leaves it alone."""
    with _in_use_lock:
        _in_use[key] = _in_use.get(key, 0) + 1
    try:
        yield
    finally:
        with _in_use_lock:
            _in_use[key] -= 1
            if not _in_use[key]:
                del _in_use[key]


def _touch(path: Path) -> None:
    """A cache hit counts as a use: eviction goes by the newest modification time."""
    with suppress(OSError):
        os.utime(path)


@dataclass(frozen=True)
class CacheEntry:
    key: str
    files: tuple[Path, ...]  # for a result: the files of its folder
    folder: Path | None  # a result's folder, removed with it
    size: int
    used: float  # newest modification time: written or last read

    def remove(self) -> None:
        # The JSON first: without it a reader sees a miss, never half an entry.
        for f in sorted(self.files, key=lambda f: f.suffix != ".json"):
            f.unlink(missing_ok=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class Eviction:
    removed: int
    freed: int  # bytes
    kept: int  # bytes left in the cache
    limit: int  # the size cap that applied


def _stat(path: Path) -> tuple[int, float] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime


def cache_entries(root: Path | None = None) -> tuple[list[CacheEntry], list[Path]]:
    """The cache's entries, and its temporary files (writes under way or killed)."""
    root = cache_root() if root is None else root
    entries: list[CacheEntry] = []
    temporary: list[Path] = []
    grouped: dict[str, list[Path]] = {}
    sources = root / SOURCES
    for f in sources.iterdir() if sources.is_dir() else ():
        if f.name.startswith(TMP_PREFIX):
            temporary.append(f)
        else:
            grouped.setdefault(f.name.split(".", 1)[0], []).append(f)
    for key, files in grouped.items():
        stats = [st for st in map(_stat, files) if st is not None]
        if stats:
            entries.append(
                CacheEntry(
                    key, tuple(files), None, sum(s for s, _ in stats), max(m for _, m in stats)
                )
            )
    results = root / RESULTS
    for folder in results.iterdir() if results.is_dir() else ():
        if not folder.is_dir():
            continue
        files = [f for f in folder.iterdir() if f.is_file()]
        stats = [st for st in map(_stat, files) if st is not None]
        own = _stat(folder)  # an empty folder (a write just starting) has its own time
        times = [m for _, m in stats] + ([own[1]] if own is not None else [])
        if times:
            size = sum(s for s, _ in stats)
            entries.append(CacheEntry(folder.name, tuple(files), folder, size, max(times)))
    return entries, temporary


def _limit(root: Path, total: int, max_bytes: int) -> int:
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        return max_bytes
    return min(max_bytes, int(FREE_SHARE * (free + total)))


def evict(
    keep: Collection[str] = (),
    *,
    root: Path | None = None,
    now: float | None = None,
    max_age_days: float | None = None,
    max_bytes: int | None = None,
) -> Eviction:
    """Deletes entries unused for ``max_age_days`` (default ``MAX_AGE_DAYS``), then the least
    recently used ones while the cache is over ``min(max_bytes, FREE_SHARE of its size + free
    disk)`` (default ``MAX_BYTES``).

    Never deleted: the keys in ``keep`` (the entry just written), keys this process is using,
    and entries used in the last ``IN_USE_SECONDS`` (another process may be reading them), so
    the cache can stay over the cap while a large entry is in use. Errors are ignored: another
    process may be evicting at the same time.
    """
    root = cache_root() if root is None else root
    now = time.time() if now is None else now
    max_age_days = MAX_AGE_DAYS if max_age_days is None else max_age_days
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    entries, temporary = cache_entries(root)
    for tmp in temporary:
        st = _stat(tmp)
        if st is not None and now - st[1] > STALE_TMP_SECONDS:
            tmp.unlink(missing_ok=True)
    with _in_use_lock:
        busy = set(keep) | set(_in_use)
    protected = [e for e in entries if e.key in busy or now - e.used < IN_USE_SECONDS]
    protected_keys = {id(e) for e in protected}
    candidates = sorted((e for e in entries if id(e) not in protected_keys), key=lambda e: e.used)
    total = sum(e.size for e in entries)
    limit = _limit(root, total, max_bytes)
    removed = freed = 0
    for entry in candidates:
        too_old = now - entry.used > max_age_days * 86400
        if not too_old and total <= limit:
            break  # oldest first: the rest are newer and fit
        entry.remove()
        removed += 1
        freed += entry.size
        total -= entry.size
    return Eviction(removed, freed, total, limit)


# ---------------------------------------------------------------- keys
EDGE = 64 * 1024


def make_key(parts: object) -> str:
    """A key for ``parts`` (plain values whose ``repr`` says everything that matters)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def file_identity(path: Path) -> list[object]:
    """What a file is, for a key: resolved path, size, modification time and a digest of its
    first and last ``EDGE`` bytes (an export rewritten with the same time and size differs)."""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(EDGE))
        if stat.st_size > EDGE:
            handle.seek(max(stat.st_size - EDGE, EDGE))
            digest.update(handle.read(EDGE))
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest.hexdigest()]


# ---------------------------------------------------------------- entries
@dataclass(frozen=True)
class Stored:
    """What one entry holds: a JSON document and frames by name."""

    document: bytes
    frames: Mapping[str, pl.DataFrame]


# Unreadable in any of these ways, an entry is a miss: a killed write, a disk error, a file
# edited by hand or written by another version.
MISS_ERRORS = (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError)


def _document_path(shelf: str, key: str, root: Path) -> Path:
    if shelf == SOURCES:
        return root / SOURCES / f"{key}.json"
    return root / shelf / key / RESULT_DOCUMENT


def _frame_path(shelf: str, key: str, name: str, root: Path) -> Path:
    if shelf == SOURCES:
        return root / SOURCES / f"{key}.{name}.parquet"
    return root / shelf / key / f"{name}.parquet"


def _frame_files(shelf: str, key: str, root: Path) -> dict[str, Path]:
    if shelf == SOURCES:
        prefix = f"{key}."
        found = (root / SOURCES).glob(f"{key}.*.parquet")
        return {f.name[len(prefix) : -len(".parquet")]: f for f in found}
    found = (root / shelf / key).glob("*.parquet")
    return {f.stem: f for f in found if not f.name.startswith(TMP_PREFIX)}


def read(
    shelf: str, key: str, decode: Callable[[Stored], T], *, root: Path | None = None
) -> T | None:
    """The entry ``key`` as ``decode`` makes it, or None when there is none or it is unreadable
    (``decode`` may raise any of ``MISS_ERRORS``). A hit counts as a use for eviction."""
    root = cache_root() if root is None else root
    document = _document_path(shelf, key, root)
    try:
        with _using(key):
            data = document.read_bytes()
            frames = {n: pl.read_parquet(f) for n, f in _frame_files(shelf, key, root).items()}
            value = decode(Stored(data, frames))
            _touch(document)
    except MISS_ERRORS:
        return None
    return value


def write(shelf: str, key: str, stored: Stored, *, root: Path | None = None) -> None:
    """Writes the entry ``key`` (frames first, the document last: its presence means the entry
    is whole), then evicts what the cache can spare. A cache that cannot be written only costs
    time: disk errors are ignored."""
    root = cache_root() if root is None else root
    try:
        with _using(key):
            for name, frame in stored.frames.items():
                _write_file(_frame_path(shelf, key, name, root), _parquet_writer(frame))
            _write_file(_document_path(shelf, key, root), _bytes_writer(stored.document))
    except OSError:
        return
    # a cache that cannot be cleaned only costs disk until the next write
    with suppress(OSError):
        evict(keep=(key,), root=root)


def _bytes_writer(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _parquet_writer(frame: pl.DataFrame) -> Callable[[Path], object]:
    # lz4: quick to decompress; the cache is bounded by eviction, not by compression
    return lambda path: frame.write_parquet(path, compression="lz4")


def _write_file(path: Path, write_to: Callable[[Path], object]) -> None:
    """``write_to`` a temporary file beside ``path``, then renamed over it: readers see the old
    file or the new one, never half. A write that fails or is interrupted leaves nothing."""
    paths.ensure_dir(path.parent)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=f"-{path.name}")
    os.close(fd)
    tmp = Path(name)
    try:
        write_to(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
