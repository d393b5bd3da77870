"""Computed values as cache entries and back: a JSON document plus Parquet frames by name.

A parsed source is its report, with its rows (``rows``) and the preview as it was made
(``preview``) as frames; a result is its JSON with per-ticket observations (``obs-<i>``, the i-th
metric) and source previews (``preview-<i>``) as frames. The document holds the value and the
names of its frames. Floats are written as they are, NaN and infinities included, so a result
read back is the result that was written. An aware datetime comes back with its UTC offset
rather than its zone's name (the engine's are naive).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

import polars as pl

from csi_tui.data.cache import Stored
from csi_tui.data.jsonable import DecodeError, from_jsonable, to_jsonable
from csi_tui.data.results import ComputeResult, SourceReport

T = TypeVar("T")

# Bump when the document or the frame names change shape: part of every key, so entries of
# another shape are never read.
CODEC_VERSION = "1"

# Frames go to Parquet; problems are never cached (a source or result with problems is not saved).
_NOT_IN_JSON = frozenset({"preview", "observations", "problems"})


def _document(value: object, frames: Mapping[str, pl.DataFrame]) -> bytes:
    # The frames are named in the document: one deleted or lost makes the entry a miss rather
    # than a result without its observations.
    document = {
        "frames": sorted(frames),
        "value": to_jsonable(value, finite=False, skip=_NOT_IN_JSON),
    }
    return json.dumps(document).encode()


def _read(stored: Stored, kind: type[T]) -> tuple[T, dict[str, pl.DataFrame]]:
    """The value in the document, and the frames it names (KeyError when one is missing)."""
    document = json.loads(stored.document)
    if type(document) is not dict or document.keys() != {"frames", "value"}:
        raise DecodeError("not a cache document")
    names: tuple[str, ...] = from_jsonable(tuple[str, ...], document["frames"])
    value: T = from_jsonable(kind, document["value"])
    return value, {name: stored.frames[name] for name in names}


def encode_source(rows: pl.DataFrame, report: SourceReport) -> Stored:
    frames = {"rows": rows}
    # The preview as it was made (ids and counts as in the data), not the frame's head.
    if report.preview is not None:
        frames["preview"] = report.preview
    return Stored(_document(report, frames), frames)


def decode_source(stored: Stored) -> tuple[pl.DataFrame, SourceReport]:
    """Raises KeyError for a missing frame, ValueError for a document that is not a report."""
    report, frames = _read(stored, SourceReport)
    return frames["rows"], replace(report, preview=frames.get("preview"))


def encode_result(result: ComputeResult) -> Stored:
    frames: dict[str, pl.DataFrame] = {}
    for i, series in enumerate(result.metrics):
        if series.observations is not None:
            frames[f"obs-{i}"] = series.observations
    for i, report in enumerate(result.sources):
        if report.preview is not None:
            frames[f"preview-{i}"] = report.preview
    return Stored(_document(result, frames), frames)


def decode_result(stored: Stored) -> ComputeResult:
    """Raises KeyError for a missing frame, ValueError for a document that is not a result."""
    result, frames = _read(stored, ComputeResult)
    return replace(
        result,
        metrics=tuple(
            replace(m, observations=frames.get(f"obs-{i}")) for i, m in enumerate(result.metrics)
        ),
        sources=tuple(
            replace(s, preview=frames.get(f"preview-{i}")) for i, s in enumerate(result.sources)
        ),
    )
