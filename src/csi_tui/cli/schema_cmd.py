"""``csi-tui schema``: print the JSON Schema of cycle files (``--register``: of register.toml)."""

from __future__ import annotations

import argparse
import json

from csi_tui.cycle.schema import json_schema

NAME = "schema"
HELP = "print the JSON Schema of the cycle format (for Taplo / VS Code)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--register", action="store_true", help="the schema of register.toml instead"
    )


def run(args: argparse.Namespace) -> int:
    schema = json_schema("register" if args.register else "cycle")
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
