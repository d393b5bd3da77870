"""``csi-tui [PATH]``: open the dashboard."""

from __future__ import annotations

import argparse
from pathlib import Path

from csi_tui.errors import CsiError


def run(args: argparse.Namespace) -> int:
    path = Path(args.path).expanduser() if args.path else None
    if path is not None and not path.exists():
        raise CsiError.one(
            "no such file or folder",
            file=path,
            hint="give a cycle file (.toml) or a workspace folder, or no PATH for your default one",
        )
    # Textual is imported only here, so headless subcommands never pay for it.
    from csi_tui.tui.app import CsiApp

    app = CsiApp(path, theme=getattr(args, "theme", None))
    app.run()
    # Textual sets 1 when the app stopped on an error: a script or ssh session must see it.
    return app.return_code or 0
