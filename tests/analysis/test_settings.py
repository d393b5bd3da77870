"""[analysis] settings: what the docs and the schema say each one does is what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from csi_tui.analysis import analyse_cycle, cycle_analysis_to_json
from csi_tui.cycle.descriptions import FIELDS
from csi_tui.cycle.model import Metric

from .builders import cycle, result, series
from .test_analyse import BEFORE, observations

CYCLE_FORMAT = Path(__file__).resolve().parents[2] / "docs" / "cycle-format.md"


def analysis_table() -> dict[str, str]:
    """key -> meaning, from the table under the `[analysis]` heading of docs/cycle-format.md."""
    text = CYCLE_FORMAT.read_text(encoding="utf-8")
    section = text.split("## `[analysis]`", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| [^|]+ \| (.+) \|$", section, flags=re.MULTILINE)
    return dict(rows)


def test_docs_table_matches_the_schema_descriptions() -> None:
    table = analysis_table()
    assert set(table) == set(FIELDS["Analysis"])
    for key, meaning in table.items():
        assert meaning == FIELDS["Analysis"][key], key


def test_bootstrap_is_reserved_and_changes_nothing() -> None:
    # Nothing resamples: the shift's interval is the distribution-free Hodges-Lehmann one. The
    # key is accepted (files that set it stay valid) and documented as reserved, not as a
    # working setting.
    assert "reserved" in FIELDS["Analysis"]["bootstrap"].lower()
    metric = Metric("mttr", "MTTR", "t", unit="h", direction="lower", target=6.0)
    values = BEFORE + [v - 3 for v in BEFORE]
    data = result(series("mttr", values, observations=observations(values)))
    runs = [
        cycle_analysis_to_json(analyse_cycle(cycle([metric], bootstrap=n), data))
        for n in (0, 2000, 50)
    ]
    assert runs[0] == runs[1] == runs[2]
    shift = runs[0]["metrics"]["mttr"]["comparison"]["shift"]
    assert "bootstrap" not in shift["method"].lower()
