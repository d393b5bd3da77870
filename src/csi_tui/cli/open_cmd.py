"""``csi-tui [PATH]``: open the dashboard."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    # Textual is imported only here, so headless subcommands never pay for it.
    from csi_tui.tui.app import CsiApp

    path = Path(args.path) if args.path else None
    CsiApp(path).run()
    return 0
