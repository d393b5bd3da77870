"""``validate`` and ``compute`` exit 0 or 2 on any generated cycle file or data, never a traceback.

Generated cycle files and CSV data go through both commands in-process; an exit 2 names the file
it is about."""

from __future__ import annotations

import contextlib
import copy
import io
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csi_tui.cli.main import main

CYCLE = """schema_version = 1

[cycle]
id = "fuzz"
title = "Fuzz"
service = "Email"
owner = "me"
grain = "month"
start = 2026-01-01
end = 2026-03-31

[strategy]
vision = "v"

[[sources]]
id = "tickets"
path = "tickets.csv"

[sources.columns]
ticket_id = "number"

[[sources.derived]]
name = "fast"
sql = "resolution_hours < 4"

[[metrics]]
id = "volume"
name = "Volume"
source = "tickets"
kpi = "volume"

[[metrics]]
id = "mttr"
name = "MTTR"
source = "tickets"
kpi = "mttr_mean"
filter = "priority IN (1, 2)"
breakdowns = ["priority"]
target = 4.0
baseline = 6.0

[[metrics]]
id = "fast_share"
name = "Fast share"
source = "tickets"
formula = "AVG(CAST(fast AS DOUBLE)) * 100"
unit = "%"

[analysis]
change_date = 2026-02-01
"""
CSV = (
    "number,opened_at,resolved_at,priority\n"
    "1,2026-01-05T10:00:00,2026-01-05T12:00:00,1\n"
    "2,2026-01-20T10:00:00,2026-01-21T11:00:00,2\n"
    "3,2026-02-03T08:00:00,2026-02-03T09:30:00,1\n"
    "4,2026-03-10T08:00:00,,3\n"
)
VALID: dict[str, Any] = tomllib.loads(CYCLE)
FUZZ = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def run_both(cycle: Path) -> None:
    """validate and compute: each exits 0 or 2, raises nothing, and names the file on exit 2."""
    for argv in (
        ["validate", str(cycle)],
        ["compute", str(cycle), "--format", "json", "--no-cache"],
    ):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code in (0, 2), (argv, code, err.getvalue())
        if code == 2:
            assert cycle.name in err.getvalue(), (argv, err.getvalue())


def in_folder(cycle_text: str | bytes, csv_text: str | bytes = CSV) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cycle = Path(folder) / "cycle.toml"
        data = Path(folder) / "tickets.csv"
        cycle.write_bytes(cycle_text if isinstance(cycle_text, bytes) else cycle_text.encode())
        data.write_bytes(csv_text if isinstance(csv_text, bytes) else csv_text.encode())
        run_both(cycle)


def test_the_valid_sample_computes() -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "tickets.csv").write_text(CSV)
        (Path(folder) / "cycle.toml").write_text(CYCLE)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["compute", str(Path(folder) / "cycle.toml"), "--format", "csv"]) == 0
        assert "volume,2026-01," in out.getvalue()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a TOML document (list items by index)."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        path = (*prefix, key)
        found.append(path)
        if isinstance(value, dict | list):
            found.extend(_paths(value, path))
    return found


PATHS = _paths(VALID)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["2026-13-45", "2026-02-30", "yesterday", "", "P1", "* / 0", "read_csv('x')"]),
    st.sampled_from(["/etc/passwd", "../../x.csv", "http://127.0.0.1:9/x.csv", "*.csv", "~"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _mutate(document: dict[str, Any], path: tuple[Any, ...], how: str, value: Any) -> None:
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "unknown" and isinstance(parent[last], dict):
        parent[last]["unknwn_key"] = 1
    elif value is not None:  # TOML has no null: a None deletes instead
        parent[last] = value
    else:
        del parent[last]


@FUZZ
@given(
    st.sampled_from(PATHS),
    st.sampled_from(["delete", "replace", "unknown"]),
    ODD_VALUES,
)
def test_each_mutation_of_a_valid_cycle(path: tuple[Any, ...], how: str, value: Any) -> None:
    document = copy.deepcopy(VALID)
    _mutate(document, path, how, value)
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):  # a value TOML cannot hold (a NaN key, ...): nothing to test
        return
    in_folder(text)


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_garbage_cycle_files(garbage: bytes | str) -> None:
    in_folder(garbage)


@FUZZ
@given(st.integers(0, len(CYCLE)), st.text(max_size=20))
def test_cycle_text_with_a_splice(at: int, inserted: str) -> None:
    in_folder(CYCLE[:at] + inserted + CYCLE[at:])


CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.sampled_from(["", "?", "NULL", "2026-01-05", "05/01/2026 9:03", "1e309", "-0", "TRUE"]),
    st.integers(-(10**6), 10**6).map(str),
)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["number", "opened_at", "resolved_at", "priority", "", " number"]),
            st.text(max_size=6),
        ),
        min_size=0,
        max_size=5,
    ),
    st.lists(st.lists(CELL, max_size=5), max_size=6),
)
def test_generated_csv_data(header: list[str], rows: list[list[str]]) -> None:
    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' for c in cells)

    text = "\n".join([line(header), *(line(r) for r in rows)]) + "\n" if header else ""
    in_folder(CYCLE, text)


SQL_PIECES = st.sampled_from(
    (  # noqa: SIM905, RUF005  (one line of words reads better than 57 lines of list)
        "priority resolution_hours opened_at fast number '1' 1 2.5 NULL ( ) , + - * / % = <> < "
        ">= AND OR NOT IS IN LIKE CASE WHEN THEN ELSE END CAST( AS DOUBLE INT AVG( SUM( "
        "COUNT(*) MIN( MAX( COALESCE( :: '2026-01-01' TRUE ORDER BY BETWEEN UPPER( LENGTH( "
        "'%Y' [1,2]"
    ).split()
    + ["INTERVAL '1 day'", "FILTER (WHERE", "OVER (", "EXTRACT(YEAR FROM", "DATE_PART('year',"]
)


@FUZZ
@given(
    st.sampled_from(["sources[0].filter", "sources[0].derived[0].sql", "metrics[2].formula"]),
    st.lists(SQL_PIECES, min_size=1, max_size=12).map(" ".join),
)
def test_generated_sql_in_filters_formulas_and_derived_columns(where: str, sql: str) -> None:
    document = copy.deepcopy(VALID)
    if where == "sources[0].filter":
        document["sources"][0]["filter"] = sql
    elif where == "metrics[2].formula":
        document["metrics"][2]["formula"] = sql
    else:
        document["sources"][0]["derived"][0]["sql"] = sql
    in_folder(tomli_w.dumps(document))
