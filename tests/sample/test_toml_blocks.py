"""The sample files' TOML tables written from data read back as the same data."""

from __future__ import annotations

import tomllib
from datetime import date

import numpy as np
import pytest

from csi_tui.sample.toml_blocks import table, tables, toml_value


def test_a_table_reads_back_as_its_fields() -> None:
    fields = {
        "id": "mttr", "filter": "priority IN ('1 - Critical', '2 - High')",
        "due": date(2026, 5, 29), "top_n": 5, "target": 7.5, "baseline": np.float64(12.25),
        "guardrails": ["a", "b"], "recalc": True, "csf": None,
    }  # fmt: skip
    text = table("metrics", fields, comments={"target": "hours"})
    assert "csf" not in text  # None: the key is left out
    assert "target = 7.5  # hours\n" in text
    assert "baseline = 12.25\n" in text  # not "np.float64(12.25)"
    back = tomllib.loads(text)["metrics"][0]
    assert back == {k: v for k, v in fields.items() if v is not None}


def test_several_tables_are_separated_by_a_blank_line() -> None:
    text = tables("notes", [{"step": 4}, {"step": 6}])
    assert text == "[[notes]]\nstep = 4\n\n[[notes]]\nstep = 6\n"
    assert table("[analysis]", {"alpha": 0.05}) == "[analysis]\nalpha = 0.05\n"


def test_a_string_that_would_need_escaping_is_refused() -> None:
    with pytest.raises(ValueError, match="escaping"):
        toml_value('say "hi"')
