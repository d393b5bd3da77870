"""A cycle file's formula is an expression, never a query: it cannot read other files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csi_tui.cycle.model import Cycle, CycleInfo, Metric
from csi_tui.cycle.sources import Source
from csi_tui.data.engine import compute_cycle
from csi_tui.errors import CsiError


def _cycle(tmp_path: Path, formula: str) -> Cycle:
    (tmp_path / "tickets.csv").write_text(
        "number,opened_at,resolved_at,priority\n"
        "1,2026-01-05T10:00:00,2026-01-05T12:00:00,P1\n"
        "2,2026-01-06T10:00:00,2026-01-06T11:00:00,P2\n",
        encoding="utf-8",
    )
    return Cycle(
        cycle=CycleInfo(
            id="c",
            title="t",
            service="s",
            owner="o",
            start=date(2026, 1, 1),
            end=date(2026, 1, 31),
        ),
        sources=(Source(id="tickets", path="tickets.csv", columns={"ticket_id": "number"}),),
        metrics=(Metric(id="m", name="m", source="tickets", formula=formula, unit="h"),),
        path=tmp_path / "cycle.toml",
    )


def test_a_formula_aggregates_per_period(tmp_path: Path) -> None:
    result = compute_cycle(_cycle(tmp_path, "AVG(resolution_hours)"), use_cache=False)
    (period,) = result.metrics[0].periods
    assert period.value == pytest.approx(1.5) and period.n == 2


def test_a_formula_cannot_read_another_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("x\n1\n2\n3\n", encoding="utf-8")
    formula = f"(SELECT COUNT(*) FROM read_csv('{secret}'))"
    with pytest.raises(CsiError) as caught:
        compute_cycle(_cycle(tmp_path, formula), use_cache=False)
    (problem,) = caught.value.problems
    assert problem.key == "metrics[0].formula"


def test_a_formula_cannot_close_the_query_and_start_another(tmp_path: Path) -> None:
    formula = "COUNT(*) AS value FROM t GROUP BY __period) UNION (SELECT 1"
    with pytest.raises(CsiError):
        compute_cycle(_cycle(tmp_path, formula), use_cache=False)
