"""A formula's error names the metric's key and the user's columns, never internal ones."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.formula_errors import formula_problem

from .helpers import compute, make_cycle, write

MAP = {"ticket_id": "id", "opened_at": "opened", "resolved_at": "resolved"}
ROW = "id,opened,resolved,prio\n1,2026-01-05 10:00,2026-01-05 12:00,1\n"


def _formula_problem(tmp_path: Path, formula: str) -> str:
    write(tmp_path, "a.csv", ROW)
    cycle = make_cycle(
        tmp_path,
        [Source(id="s", path="a.csv", columns=MAP)],
        [Metric(id="x", name="x", source="s", formula=formula)],
    )
    result = compute(cycle)
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.key == "metrics[0].formula"
    return problem.format()


def test_unknown_column_in_formula_names_user_columns_only(tmp_path: Path) -> None:
    text = _formula_problem(tmp_path, "AVG(prios)")
    assert "in the formula" in text
    assert "column 'prios' is not in source 's'" in text
    assert "closest columns: 'prio'" in text
    assert "__" not in text


def test_unknown_column_in_formula_filter_clause(tmp_path: Path) -> None:
    text = _formula_problem(tmp_path, "COUNT(*) FILTER (WHERE priority = '1')")
    assert "column 'priority' is not in source 's'" in text and "'prio'" in text
    assert "__" not in text and "valid columns" not in text


def test_syntax_error_in_formula_lists_user_columns(tmp_path: Path) -> None:
    text = _formula_problem(tmp_path, "SUM(prio) FILTER (WHERE)")
    assert "in the formula" in text and "unable to parse" in text
    assert "'resolution_hours'" in text  # the columns the user can use, named
    assert "__" not in text


def test_type_error_in_formula(tmp_path: Path) -> None:
    text = _formula_problem(tmp_path, "SUM(prio) FILTER (WHERE prio = 'x')")
    assert "in the formula: cannot compare string with numeric type" in text
    assert "__" not in text


def test_position_into_internal_text_is_dropped() -> None:
    # The shape of a polars SQL parser error when a formula was part of a longer query.
    error = pl.exceptions.SQLSyntaxError(
        'sql parser error: Expected: ), found: EOF at Line: 1, Column: 44; valid columns: ["a", '
        '"__p_opened_at", "__p"]'
    )
    message, hint = formula_problem(error, ["a", "__p_opened_at", "__p"], "s")
    assert message == "in the formula: sql parser error: Expected: ), found: EOF"
    assert "Column" not in message and "__" not in hint and "'a'" in hint
