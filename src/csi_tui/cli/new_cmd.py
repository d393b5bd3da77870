"""``csi-tui new PATH``: write a commented starter cycle (and its JSON Schema beside it)."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

from csi_tui.cycle.load import parse_cycle
from csi_tui.cycle.save import atomic_write
from csi_tui.cycle.schema import SCHEMA_FILE, json_schema
from csi_tui.cycle.starter import quarter_of, starter_text
from csi_tui.errors import CsiError

NAME = "new"
HELP = "write a commented starter cycle file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help="the cycle file to create, e.g. cycles/q1.toml"
    )
    parser.add_argument("--id", dest="cycle_id", help="cycle id (default: from the file name)")
    parser.add_argument("--title", default="What we improve", help="the cycle's title")
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        help="first day, YYYY-MM-DD (default: this quarter's first day)",
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.suffix != ".toml":
        raise CsiError.one("a cycle file name ends in .toml", file=path)
    if path.exists():
        raise CsiError.one("already exists; not overwritten", file=path, hint="choose another name")
    start, end = quarter_of(args.start or date.today())
    if args.start:
        start = args.start
    cycle_id = args.cycle_id or re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "cycle"
    title = str(args.title).replace("\\", "/").replace('"', "'")
    text = starter_text(cycle_id, path.name, start, end, title=title)
    parse_cycle(text, path)  # the starter must validate; a bad --id is reported, not written
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"), expected_hash=None)
    print(f"wrote {path}")
    schema_path = path.parent / SCHEMA_FILE
    if not schema_path.exists():
        data = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        atomic_write(schema_path, data.encode("utf-8"), expected_hash=None)
        print(f"wrote {schema_path} (the JSON Schema editors use to check it)")
    print(f"next: fill it in, then run 'csi-tui validate {path}'")
    return 0
