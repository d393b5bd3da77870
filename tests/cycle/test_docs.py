"""docs/cycle-format.md documents every key, and its examples are valid."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from csi_tui.cycle import model
from csi_tui.cycle.load import parse_cycle, parse_register
from csi_tui.cycle.sources import DerivedColumn, Rollup, Source, StatusTime

DOC = Path(__file__).resolve().parents[2] / "docs" / "cycle-format.md"


def toml_blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_every_key_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for cls in (
        model.CycleInfo, model.Strategy, model.Csf, Source, Rollup, StatusTime,
        DerivedColumn, model.Metric, model.Analysis, model.Note, model.Decision,
        model.Action, model.Adoption, model.Extension, model.Outcome, model.AgendaItem,
        model.Meeting, model.Opportunity,
    ):  # fmt: skip
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in text, f"{cls.__name__}.{f.name} is not in the docs"


def test_the_complete_example_is_a_valid_cycle(tmp_path: Path) -> None:
    complete = toml_blocks()[0]
    cycle = parse_cycle(complete, tmp_path / "example.toml")
    assert cycle.metric("mttr_p1p2") is not None


def test_the_register_example_is_valid(tmp_path: Path) -> None:
    (register,) = [b for b in toml_blocks() if "[[opportunities]]" in b]
    assert parse_register(register, tmp_path / "register.toml").get("CSI-002") is not None


def test_every_example_is_toml() -> None:
    blocks = toml_blocks()
    assert len(blocks) >= 8
    for block in blocks:
        tomllib.loads(block)
