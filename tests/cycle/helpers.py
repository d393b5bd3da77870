"""Small valid cycle and register texts the cycle tests start from and then break."""

from __future__ import annotations

from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
COMMENTED = FILES / "commented.toml"

MINIMAL = """\
schema_version = 1

[cycle]
id = "c1"
title = "A cycle"
service = "Email"
owner = "Dana"
start = 2026-01-01
end = 2026-06-30

[[sources]]
id = "tickets"
path = "data/tickets.csv"

[[metrics]]
id = "mttr"
name = "MTTR"
source = "tickets"
kpi = "mttr_mean"
"""

REGISTER = """\
schema_version = 1

[[opportunities]]
id = "CSI-1"
raised = 2026-01-05
description = "Email P1 takes too long"
state = "in_progress"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_workspace(root: Path, cycles: dict[str, str], register: str | None = REGISTER) -> Path:
    for name, text in cycles.items():
        write(root, f"cycles/{name}", text)
    if register is not None:
        write(root, "register.toml", register)
    return root
