"""Finding a source's files and scanning them lazily into polars, with its parsing options.

Text columns stay text here (``try_parse_dates`` off); ``prepare`` parses dates with an explicit
format. Nested JSON lists (e.g. GitHub's ``components``) are kept as list columns; a breakdown by
such a column explodes it (see docs/sources.md).
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import polars as pl

from csi_tui.cycle.sources import Source
from csi_tui.data.source_access import check_inside, check_url, is_url
from csi_tui.errors import CsiError, Problem
from csi_tui.settings import Settings, load_settings

EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "json",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
}


# A source's file, or (when the user's config allows URLs) the URL polars reads it from.
Location = Path | str


def location_name(location: Location) -> str:
    return location.name if isinstance(location, Path) else location.rsplit("/", 1)[-1]


def resolve_files(
    source: Source,
    base: Path,
    key: str,
    cycle_file: Path | None,
    settings: Settings | None = None,
) -> list[Location]:
    """The files of a source: its path or glob, relative to the cycle file's folder.

    Paths are normalised lexically (``cycles/../data/x.csv`` becomes ``data/x.csv``) so reports
    print them the way a person would write them; symlinks are not resolved, so the path shown
    is still the one the user gave. Every source goes through here, and so through the
    workspace check (``source_access``) before anything is read or even looked for.
    """
    settings = settings or load_settings()
    if is_url(source.path):
        check_url(source.path, key, cycle_file, settings)
        return [source.path.strip()]
    pattern = Path(source.path).expanduser()
    if not pattern.is_absolute():
        pattern = base / pattern
    pattern = Path(os.path.normpath(pattern))
    if any(ch in source.path for ch in "*?["):
        check_inside([fixed_part(pattern)], source.path, key, cycle_file, settings)
        files = sorted(Path(os.path.normpath(p)) for p in glob.glob(str(pattern), recursive=True))
        files = [f for f in files if f.is_file()]
        check_inside(files, source.path, key, cycle_file, settings)  # a symlink may lead out
        if not files:
            raise CsiError.one(
                f"no file matches the pattern {source.path!r} (looked in {pattern.parent})",
                file=cycle_file,
                key=f"{key}.path",
                hint="check the pattern; paths are relative to the cycle file",
            )
        return list(files)
    check_inside([pattern], source.path, key, cycle_file, settings)
    if not pattern.is_file():
        raise CsiError.one(
            f"data file not found: {pattern}",
            file=cycle_file,
            key=f"{key}.path",
            hint="fix the path (relative to the cycle file) or put the export there",
        )
    return [pattern]


def fixed_part(pattern: Path) -> Path:
    """The folder a glob searches: its parts before the first wildcard."""
    fixed = []
    for part in pattern.parts:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    return Path(*fixed)


def source_format(source: Source, files: list[Location], key: str, cycle_file: Path | None) -> str:
    if source.format is not None:
        return source.format
    name = location_name(files[0]).split("?", 1)[0]
    fmt = EXTENSIONS.get(Path(name).suffix.lower())
    if fmt is None:
        raise CsiError.one(
            f"cannot tell the format of {name} from its extension",
            file=cycle_file,
            key=f"{key}.format",
            hint="set format = csv, tsv, parquet, ndjson, json or excel",
        )
    return fmt


def scan(source: Source, files: list[Location], fmt: str) -> pl.LazyFrame:
    """A lazy scan of all files (concatenated, columns matched by name)."""
    frames = [_scan_one(source, f, fmt) for f in files]
    if not source.header:
        # Without a header, columns are column_1, column_2, ... (1-based, as people count).
        frames = [
            f.rename({old: f"column_{i + 1}" for i, old in enumerate(f.collect_schema().names())})
            for f in frames
        ]
    if len(frames) == 1:
        return frames[0]
    return pl.concat(frames, how="diagonal_relaxed")


def _scan_one(source: Source, path: Location, fmt: str) -> pl.LazyFrame:
    if isinstance(path, str) and (fmt in ("json", "excel") or _recoded(source)):
        # polars streams CSV, Parquet and NDJSON from a URL; these would need a download first.
        what = f"encoding {source.encoding!r}" if _recoded(source) else f"format {fmt}"
        raise ValueError(f"{what} cannot be read from a URL; download the file into the workspace")
    nulls = list(source.null_values) or None
    if fmt in ("csv", "tsv"):
        sep = source.delimiter or ("\t" if fmt == "tsv" else ",")
        encoding = source.encoding.lower().replace("-", "")
        if _recoded(source) and isinstance(path, Path):
            # polars scans UTF-8 only: decode other encodings once, in memory.
            text = path.read_bytes().decode(source.encoding)
            return pl.read_csv(
                text.encode("utf8"),
                separator=sep,
                quote_char=source.quote or None,
                has_header=source.header,
                skip_rows=source.skip_rows,
                null_values=nulls,
                infer_schema_length=10_000,
                try_parse_dates=False,
            ).lazy()
        return pl.scan_csv(
            path,
            separator=sep,
            quote_char=source.quote or None,
            has_header=source.header,
            skip_rows=source.skip_rows,
            null_values=nulls,
            infer_schema_length=10_000,
            try_parse_dates=False,
            encoding="utf8-lossy" if encoding == "utf8lossy" else "utf8",
        )
    if fmt == "parquet":
        return pl.scan_parquet(path)
    if fmt == "ndjson":
        return pl.scan_ndjson(path, infer_schema_length=10_000)
    if fmt == "json":
        return pl.read_json(path, infer_schema_length=10_000).lazy()
    if fmt == "excel":
        frame = pl.read_excel(
            path,
            sheet_name=source.sheet,
            engine="calamine",
            has_header=source.header,
            read_options={"header_row": source.skip_rows} if source.skip_rows else None,
            infer_schema_length=10_000,
        )
        if nulls:
            frame = frame.with_columns(
                pl.when(pl.col(c).is_in(nulls)).then(None).otherwise(pl.col(c)).alias(c)
                for c, t in frame.schema.items()
                if t == pl.String
            )
        return frame.lazy()
    raise ValueError(f"unknown format {fmt!r}")


def _recoded(source: Source) -> bool:
    """Whether the text must be decoded by Python first (polars scans UTF-8 only)."""
    return source.encoding.lower().replace("-", "") not in ("utf8", "utf8sig", "utf8lossy")


def read_problem(
    error: Exception, files: list[Location], key: str, cycle_file: Path | None
) -> CsiError:
    """A polars read error as a user problem (the file is named, the message kept short)."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return CsiError(
        (
            Problem(
                f"cannot read {', '.join(location_name(f) for f in files[:3])}: {first_line}",
                file=cycle_file,
                key=key,
                hint="check format, delimiter, encoding and null_values of this source",
            ),
        )
    )
