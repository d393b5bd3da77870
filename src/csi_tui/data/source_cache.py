"""The engine's cache seen from a cycle: what a parsed source or a result depends on, as a key,
and the four calls the engine makes (``load_prepared``, ``save_prepared``, ``load_result``,
``save_result``).

A key holds the definition (the source, or what the engine reads of the cycle and its metrics),
today's date (findings such as "in the future" depend on it) and the identity of each file the
source reads, resolved here the way the engine reads them. The store (``cache``) and the codec
(``cache_codec``) know nothing of cycles or how sources are read.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from datetime import datetime

from csi_tui.cycle.edit_impact import cycle_part, result_part
from csi_tui.cycle.model import Cycle
from csi_tui.cycle.sources import Source
from csi_tui.data import cache
from csi_tui.data.cache_codec import (
    CODEC_VERSION,
    decode_result,
    decode_source,
    encode_result,
    encode_source,
)
from csi_tui.data.prepare import PreparedSource, base_dir, source_key
from csi_tui.data.readers import Location, resolve_files
from csi_tui.data.results import ComputeResult

ENGINE_VERSION = "5"  # bump when the engine's output changes for the same input


def _identities(cycle: Cycle, source: Source) -> list[list[object]]:
    files = resolve_files(source, base_dir(cycle), source_key(cycle, source), cycle.path)
    return [_identity(f) for f in files]


def _identity(location: Location) -> list[object]:
    if isinstance(location, str):
        # A URL (allowed in the user's config) has no size or time to check: never reused.
        return [location, time.time_ns()]
    return cache.file_identity(location)


def source_cache_key(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> str:
    return cache.make_key(
        (
            ENGINE_VERSION,
            CODEC_VERSION,
            repr(source),
            None if needed is None else sorted(needed),
            compact,  # counts read as their signs (prepare_source): only for such a cycle
            repr(cycle_part(cycle.cycle)),
            str(cycle.path),
            now.date().isoformat(),
            _identities(cycle, source),
        )
    )


def result_cache_key(cycle: Cycle, now: datetime) -> str:
    """Made of what the engine reads alone: an edit of an expectation (a target, amber,
    baseline, direction) or a label (a name, the cycle's title or status) keeps the key, so
    only the analysis runs again (``cycle.edit_impact``)."""
    return cache.make_key(
        (
            ENGINE_VERSION,
            CODEC_VERSION,
            repr(cycle_part(cycle.cycle)),
            repr(cycle.sources),
            repr([result_part(m) for m in cycle.metrics]),
            # Per-ticket observations are kept only when there is a change date to test.
            cycle.analysis.change_date is not None,
            str(cycle.path),
            now.date().isoformat(),
            [_identities(cycle, s) for s in cycle.sources],
        )
    )


def load_prepared(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    compact: bool = False,
) -> PreparedSource | None:
    key = source_cache_key(cycle, source, needed, now, compact)
    hit = cache.read(cache.SOURCES, key, decode_source)
    return None if hit is None else PreparedSource(*hit)


def save_prepared(
    cycle: Cycle,
    source: Source,
    needed: Collection[str] | None,
    now: datetime,
    prep: PreparedSource,
    compact: bool = False,
) -> None:
    key = source_cache_key(cycle, source, needed, now, compact)
    cache.write(cache.SOURCES, key, encode_source(prep.frame, prep.report))


def load_result(cycle: Cycle, now: datetime) -> ComputeResult | None:
    try:
        key = result_cache_key(cycle, now)
    except Exception:  # a missing file: compute_cycle reports it properly
        return None
    return cache.read(cache.RESULTS, key, decode_result)


def save_result(cycle: Cycle, now: datetime, result: ComputeResult) -> None:
    try:
        key = result_cache_key(cycle, now)
    except OSError:
        return  # a file gone since it was read: the next open computes afresh
    cache.write(cache.RESULTS, key, encode_result(result))
