"""Generate sample data from the command line.

    python -m csi_tui.sample.generate --workspace sample_data
    python -m csi_tui.sample.generate --rows 10000000 --format parquet --out big.parquet [--seed S]

The first (re)writes the whole sample workspace; the second writes an incident export of any size
for benchmarks, in chunks so ten million rows need well under a few GB of memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import polars as pl

from csi_tui.sample import catalogue as cat
from csi_tui.sample.incidents import (
    COLUMNS,
    DATETIME_FORMAT,
    DEFAULT_CHUNK_ROWS,
    generate_incidents,
    incident_chunks,
)
from csi_tui.sample.workspace import write_sample_workspace

ExportFormat = Literal["csv", "parquet"]


def write_incidents(
    out: Path,
    rows: int,
    *,
    fmt: ExportFormat = "csv",
    seed: int = cat.SEED,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> int:
    """Write ``rows`` incidents to ``out`` (CSV or Parquet); returns the rows written.

    Written to a temporary file beside ``out`` and renamed at the end, so an interrupted run never
    leaves a truncated export that looks complete.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    written = 0
    try:
        chunks = incident_chunks(rows, seed=seed, chunk_rows=chunk_rows)
        if fmt == "csv":
            with temp.open("wb") as sink:
                for index, chunk in enumerate(chunks):
                    chunk.write_csv(
                        sink, include_header=index == 0, datetime_format=DATETIME_FORMAT
                    )
                    written += chunk.height
                if written == 0:
                    sink.write((",".join(COLUMNS) + "\n").encode())
        else:
            written = _write_parquet(temp, chunks)
        os.chmod(temp, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return written


def _write_parquet(temp: Path, chunks: Iterable[pl.DataFrame]) -> int:
    """Each chunk to its own part file, then one streaming pass joins them: memory stays at one
    chunk however many rows there are."""
    parts_dir = Path(tempfile.mkdtemp(prefix=".parts.", dir=temp.parent))
    try:
        parts: list[Path] = []
        written = 0
        for index, chunk in enumerate(chunks):
            part = parts_dir / f"part-{index:05d}.parquet"
            chunk.write_parquet(part)
            parts.append(part)
            written += chunk.height
        if parts:
            pl.scan_parquet(parts).sink_parquet(temp)
        else:
            generate_incidents(0).write_parquet(temp)
        return written
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m csi_tui.sample.generate",
        description="Write the sample workspace, or a ServiceNow-style incident export of N rows.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--workspace", type=Path, metavar="DEST", help="(re)write the workspace")
    what.add_argument("--rows", type=int, metavar="N", help="incidents to write (with --out)")
    parser.add_argument("--format", choices=("csv", "parquet"), default=None)
    parser.add_argument("--out", type=Path, metavar="PATH", help="file for --rows")
    parser.add_argument("--seed", type=int, default=cat.SEED, help=f"default {cat.SEED}")
    parser.add_argument(
        "--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS, help=argparse.SUPPRESS
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.workspace is not None:
        if args.out is not None or args.format is not None:
            parser.error("--out and --format go with --rows, not --workspace")
        files = write_sample_workspace(args.workspace, seed=args.seed)
        size = sum(f.stat().st_size for f in files)
        print(f"wrote {len(files)} files ({size / 1e6:.1f} MB) to {args.workspace}")
        return 0
    if args.out is None:
        parser.error("--rows needs --out PATH")
    if args.rows < 0:
        parser.error(f"--rows must be 0 or more, not {args.rows}")
    if args.chunk_rows < 1:
        parser.error("--chunk-rows must be at least 1")
    fmt: ExportFormat = "csv"
    if args.format == "parquet" or (args.format is None and args.out.suffix == ".parquet"):
        fmt = "parquet"
    try:
        rows = write_incidents(
            args.out, args.rows, fmt=fmt, seed=args.seed, chunk_rows=args.chunk_rows
        )
    except OSError as error:
        print(f"{args.out}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size
    print(f"wrote {rows:,} incidents ({size / 1e6:.1f} MB, {fmt}) to {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
