"""The "Built-in KPIs" table of docs/kpis.md, written from the registry (``kpi_registry.KPIS``).

A test fails when the table in docs/kpis.md is not this one; rewrite it with
``python -m csi_tui.data.kpi_docs docs/kpis.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from csi_tui.data.kpi_registry import KPIS

DOCS_BEGIN = "<!-- kpi table: generated from src/csi_tui/data/kpi_registry.py by kpi_docs.py -->"
DOCS_END = "<!-- end of kpi table -->"


def docs_table() -> str:
    """The "Built-in KPIs" table of docs/kpis.md, between its two markers."""
    lines = [
        DOCS_BEGIN,
        "| kpi | value per period | n | placed by | unit | better |",
        "|---|---|---|---|---|---|",
    ]
    for k in KPIS.values():
        placed = k.placed_doc or f"`{k.at}`"
        better = k.better or "-"
        lines.append(
            f"| `{k.name}` | {k.value_doc} | {k.n_doc} | {placed} | {k.unit or '-'} | {better} |"
        )
    lines.append(DOCS_END)
    return "\n".join(lines) + "\n"


def with_docs_table(text: str) -> str:
    """``text`` (docs/kpis.md) with the table between the markers replaced by ``docs_table``."""
    head, found, rest = text.partition(DOCS_BEGIN)
    _table, ended, tail = rest.partition(DOCS_END)
    if not (found and ended):
        raise ValueError(f"the markers {DOCS_BEGIN!r} and {DOCS_END!r} are missing")
    return head + docs_table() + tail.removeprefix("\n")


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        path.write_text(with_docs_table(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
