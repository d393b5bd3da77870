"""Computed values as cache entries and back: a JSON document plus Parquet frames by name.

A parsed source is its rows (``rows``) and its report, with the preview as it was made
(``preview``); a result is its JSON with per-ticket observations (``obs-<i>``, the i-th metric)
and source previews (``preview-<i>``) beside it. Floats are written as they are, NaN and
infinities included, so a result read back is the result that was written. An aware datetime
comes back with its UTC offset rather than its zone's name (the engine's are naive).
"""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl

from csi_tui.data.cache import Stored
from csi_tui.data.jsonable import from_jsonable, to_jsonable
from csi_tui.data.results import ComputeResult, SourceReport

# Bump when the document or the frame names change shape: part of every key, so entries of
# another shape are never read.
CODEC_VERSION = "1"

# Frames go to Parquet; problems are never cached (a source or result with problems is not saved).
_NOT_IN_JSON = frozenset({"preview", "observations", "problems"})


def _document(value: object) -> bytes:
    return json.dumps(to_jsonable(value, finite=False, skip=_NOT_IN_JSON)).encode()


def encode_source(rows: pl.DataFrame, report: SourceReport) -> Stored:
    frames = {"rows": rows}
    # The preview as it was made (ids and counts as in the data), not the frame's head.
    if report.preview is not None:
        frames["preview"] = report.preview
    return Stored(_document(report), frames)


def decode_source(stored: Stored) -> tuple[pl.DataFrame, SourceReport]:
    """Raises KeyError without the rows, ValueError on a document that is not a report."""
    report: SourceReport = from_jsonable(SourceReport, json.loads(stored.document))
    return stored.frames["rows"], replace(report, preview=stored.frames.get("preview"))


def encode_result(result: ComputeResult) -> Stored:
    frames: dict[str, pl.DataFrame] = {}
    for i, series in enumerate(result.metrics):
        if series.observations is not None:
            frames[f"obs-{i}"] = series.observations
    for i, report in enumerate(result.sources):
        if report.preview is not None:
            frames[f"preview-{i}"] = report.preview
    return Stored(_document(result), frames)


def decode_result(stored: Stored) -> ComputeResult:
    """Raises ValueError on a document that is not a result."""
    result: ComputeResult = from_jsonable(ComputeResult, json.loads(stored.document))
    frames = stored.frames
    return replace(
        result,
        metrics=tuple(
            replace(m, observations=frames.get(f"obs-{i}")) for i, m in enumerate(result.metrics)
        ),
        sources=tuple(
            replace(s, preview=frames.get(f"preview-{i}")) for i, s in enumerate(result.sources)
        ),
    )
