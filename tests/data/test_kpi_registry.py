"""The KPI registry is the one list of built-in KPIs: the docs table, the cycle model, the
schema and the engine read it, and reading it does not load polars."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import get_args, get_type_hints

import polars as pl
import pytest

from csi_tui.analysis.bounds import natural_bounds
from csi_tui.cycle import model
from csi_tui.cycle.schema import json_schema
from csi_tui.data import kpis
from csi_tui.data.kpi_docs import DOCS_BEGIN, DOCS_END, docs_table, with_docs_table
from csi_tui.data.kpi_registry import FROM_FLOWS, KPIS, ROW_WISE
from csi_tui.data.periods import period_key, periods_between
from csi_tui.data.results import MetricSeries

DOCS = Path(__file__).resolve().parents[2] / "docs" / "kpis.md"


def metric(kpi: str, **options: str | int | float | bool) -> model.Metric:
    return model.Metric(id="m", name="m", source="s", kpi=kpi, options=options)


def test_the_docs_table_is_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert docs_table() in text, (
        "docs/kpis.md's KPI table is not the registry's: run "
        "`python -m csi_tui.data.kpi_docs docs/kpis.md` (and review the diff)"
    )
    assert with_docs_table(text) == text  # and only one table, between one pair of markers
    rows = [line for line in docs_table().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(KPIS)


def test_a_changed_registry_shows_in_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from csi_tui.data import kpi_docs

    changed = {**KPIS, "volume": replace(KPIS["volume"], unit="incidents")}
    monkeypatch.setattr(kpi_docs, "KPIS", changed)
    assert docs_table() not in DOCS.read_text(encoding="utf-8")
    assert (
        "| `volume` | count of tickets | same | `opened_at` | incidents | lower |" in docs_table()
    )


def test_rewriting_needs_the_markers() -> None:
    with pytest.raises(ValueError, match="markers"):
        with_docs_table("# KPIs\n\nno table here\n")
    text = f"before\n{DOCS_BEGIN}\n| old |\n{DOCS_END}\nafter\n"
    assert with_docs_table(text) == f"before\n{docs_table()}after\n"


def test_one_list_of_kpis_in_the_package() -> None:
    assert model.BUILTIN_KPIS is KPIS
    assert kpis.KPIS is KPIS
    assert kpis.ROW_WISE == ROW_WISE == {k for k, v in KPIS.items() if v.computed == "rows"}
    assert kpis.FROM_FLOWS == FROM_FLOWS == {k for k, v in KPIS.items() if v.computed == "backlog"}
    schema_kpi = json_schema()["$defs"]["Metric"]["properties"]["kpi"]
    assert schema_kpi["enum"] == list(KPIS)
    assert schema_kpi["x-taplo"]["docs"]["enumValues"] == [k.doc for k in KPIS.values()]


def test_the_registry_loads_without_polars() -> None:
    """The cycle layer reads the registry at start-up; polars loads only with the data."""
    code = (
        "import sys\n"
        "import csi_tui.cycle.model, csi_tui.cycle.checks, csi_tui.cycle.field_checks\n"
        "import csi_tui.cycle.schema, csi_tui.data.kpi_registry, csi_tui.data.kpi_docs\n"
        "print('polars' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_each_kpi_is_consistent() -> None:
    kinds = get_args(get_type_hints(MetricSeries)["kind"])
    for name, kpi in KPIS.items():
        assert kpi.name == name
        assert kpi.kind in kinds, name
        assert kpi.better in (None, *model.DIRECTIONS), name
        assert kpi.doc and kpi.value_doc and kpi.n_doc, name
        # Computed from the period's own rows exactly when aggregated by the batch.
        assert (kpi.computed == "rows") == (kpi.aggregation != "own"), name
        assert (kpi.aggregation == "count") == (kpi.computed == "rows" and kpi.row is None), name
        assert (kpi.aggregation == "quantile") == (kpi.quantile is not None), name
        if kpi.kind == "rate" or kpi.observed:
            assert kpi.row is not None, name
        if kpi.kind == "rate":
            assert kpi.unit == "%" and kpi.measure == "percentage", name


def test_needed_columns_follow_the_options() -> None:
    assert kpis.needed_columns(metric("sla_compliance")) == ("resolved_at", "made_sla")
    assert kpis.needed_columns(metric("sla_compliance", sla_hours=24)) == (
        "resolved_at",
        "resolution_hours",
    )
    assert kpis.needed_columns(metric("major_incident_rate", major_priorities="P1")) == (
        "opened_at",
        "priority",
    )
    assert kpis.needed_columns(metric("mttr_mean", at="closed_at")) == (
        "closed_at",
        "opened_at",
        "resolution_hours",
    )
    assert kpis.needed_columns(model.Metric(id="f", name="f", source="s", formula="COUNT(*)")) == ()


def test_row_expressions_from_the_registry() -> None:
    frame = pl.DataFrame(
        {
            "resolution_hours": [-1.0, 10.0, 30.0, None],
            "reopen_count": [0, 2, 0, None],
            "priority": ["P1", "P2", "P1", None],
            "major": [True, False, False, None],
        }
    )
    hours = kpis.value_expr(metric("mttr_p90"))
    assert hours is not None
    assert frame.select(hours)["resolution_hours"].to_list() == [None, 10.0, 30.0, None]
    within = kpis.flag_expr(metric("sla_compliance", sla_hours=24))
    assert within is not None
    assert frame.select(within).to_series().to_list() == [None, True, False, None]
    majors = kpis.flag_expr(metric("major_incident_rate", major_priorities="P1, P3"))
    assert majors is not None
    assert frame.select(majors).to_series().to_list() == [True, False, True, None]
    reopened = kpis.value_expr(metric("reopen_rate"))
    assert reopened is not None
    assert frame.select(reopened).to_series().to_list() == [0.0, 1.0, 0.0, None]
    # Counts, ratios and periodic values have no per-row flag or observation value.
    for name in ("volume", "backlog", "flow_ratio", "mtbf", "value"):
        assert kpis.flag_expr(metric(name)) is None
        assert kpis.value_expr(metric(name)) is None


@pytest.mark.parametrize(
    ("measure", "lower", "upper"),
    [
        ("count", 0.0, None),
        ("duration", 0.0, None),
        ("percentage", 0.0, 100.0),
        ("ratio", 0.0, None),
    ],
)
def test_natural_bounds_from_the_measure(measure: str, lower: float, upper: float | None) -> None:
    named = [name for name, kpi in KPIS.items() if kpi.measure == measure]
    assert named
    for name in named:
        bounds = natural_bounds(metric(name))
        assert (bounds.lower, bounds.upper) == (lower, upper), name


def test_per_period_computes_each_kpi_as_its_entry_says() -> None:
    """``kpis.per_period`` (the engine's one call for a built-in KPI) against hand counts."""
    utc = "UTC"
    opened = [datetime(2026, 1, 5), datetime(2026, 1, 20), datetime(2026, 2, 3)]
    resolved = [datetime(2026, 1, 6), datetime(2026, 2, 10), None]
    frame = pl.DataFrame(
        {"opened_at": opened, "resolved_at": resolved},
        schema_overrides={c: pl.Datetime("us", utc) for c in ("opened_at", "resolved_at")},
    )
    ends = [datetime(2026, 1, 5, 12), datetime(2026, 1, 21), datetime(2026, 2, 3, 6)]
    frame = frame.with_columns(
        pl.col("opened_at").alias("start"), pl.Series("end", ends).dt.replace_time_zone(utc)
    )
    frame = frame.with_columns(
        period_key(c, "month").alias(kpis.pkey(c)) for c in ("opened_at", "resolved_at", "start")
    )
    months = periods_between(date(2026, 1, 1), date(2026, 2, 28), "month")
    jan, feb = (p.start for p in months)

    def values(kpi: str) -> dict[date, float | None]:
        table = kpis.per_period(metric(kpi), frame, (), months, "month", utc)
        return dict(table.select(kpis.P, "value").iter_rows())

    assert values("volume") == {jan: 2.0, feb: 1.0}  # rows: counted per opened period
    assert values("backlog") == {jan: 1.0, feb: 1.0}  # own: open at each month's end
    assert values("flow_ratio") == {jan: 0.5, feb: 1.0}  # own: resolved / opened
    down_jan = 12 + 24  # hours of January's two outages
    got = values("availability")  # own: the outage windows
    assert got[jan] == pytest.approx(100 * (1 - down_jan / 744))
    assert got[feb] == pytest.approx(100 * (1 - 6 / 672))


ENGINE = ("engine.py", "plan.py", "source_compute.py", "metric_values.py")


@pytest.mark.parametrize("module", ENGINE)
def test_the_engine_names_no_kpi(module: str) -> None:
    """The engine goes by the registry (``kpis.per_period``, ``ROW_WISE``, ``FROM_FLOWS``), so a
    new KPI is one entry there. "value" is also the name of the result column."""
    path = Path(kpis.__file__).with_name(module)
    strings = {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not (strings & set(KPIS)) - {"value"}
