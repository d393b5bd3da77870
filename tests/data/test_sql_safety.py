"""SQL from a cycle file: no queries, no table functions, no runaway; a time limit for the rest."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.checks import sql_error
from csi_tui.cycle.model import Metric
from csi_tui.cycle.sources import DerivedColumn, Source
from csi_tui.cycle.sql_safety import MAX_OPERATIONS, refusal
from csi_tui.data import kpis
from csi_tui.data.time_limit import within_limit
from csi_tui.errors import CsiError

from .helpers import compute, make_cycle, write

ALLOWED = (
    "AVG(resolution_hours)",
    "COUNT(*) FILTER (WHERE priority = '1')",
    "EXTRACT(YEAR FROM opened_at) = 2026",
    "SUBSTRING(category FROM 1 FOR 3) = 'Net'",
    "TRIM(BOTH ' ' FROM category) <> ''",
    "category = 'Table reservations with values'",  # words inside a plain string literal
    '"values" > 3',  # a column named like a keyword, quoted
    "LPAD(ticket_id, 8, '0') <> ''",
    "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY resolution_hours)",
    "priority IN (" + ", ".join(f"'{i}'" for i in range(500)) + ")",  # a long list is flat
    "STARTS_WITH(category, 'Net')",
)


@pytest.mark.parametrize("expression", ALLOWED, ids=lambda e: e[:40])
def test_ordinary_expressions_pass(expression: str) -> None:
    assert refusal(expression) is None


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("(SELECT COUNT(*) FROM read_csv('/etc/passwd'))", "SELECT starts a query"),
        ("a IN (FROM read_csv('/etc/passwd'))", "FROM starts a query"),
        ("LENGTH(read_csv('/etc/passwd')) > 0", "read_csv(...) reads a file or URL"),
        # refused inside quotes too: where a literal ends depends on the dialect
        ("category = 'select * from t'", "SELECT starts a query"),
        ("\"read_parquet\"('x.parquet')", "read_parquet(...) reads a file"),
        ("scan_ndjson('x') IS NULL", "scan_ndjson(...) reads a file"),
        ("a IN (VALUES (1))", "VALUES starts a query"),
        ("a IN (TABLE t)", "TABLE starts a query"),
        ("a IN (WITH t AS (SELECT 1) SELECT * FROM t)", "starts a query"),
        # a backslash or a line break ends the literal for the check: a dialect's escapes
        # cannot hide a query inside what looks like a string
        ("a = 'x\\' OR a IN (SELECT 1) --'", "SELECT starts a query"),
        ("a = 1 # '\n OR a IN (SELECT 1) -- '", "SELECT starts a query"),
        ("a = 1 /* values */", "a comment in the expression holds SQL words"),
        ("SUM(UNNEST(generate_series(1, a * 1000)))", "generate_series(...) can make millions"),
        ("LENGTH(LPAD(s, 1000000, 'x'))", "LPAD to a length of 1000000"),
        ("LENGTH(RPAD(s, n, 'x'))", "RPAD to a length of n"),
        ("+".join(["a"] * (MAX_OPERATIONS + 2)), f"{MAX_OPERATIONS + 1} operations"),
        ("(" * 40 + "a" + ")" * 40, "nested more than"),
        ("a" * 20_000, "characters long"),
        ("s = $$x'$$ OR LENGTH(LPAD(s, 10, '0')) > 0", "polars may read differently"),
    ],
    ids=lambda e: e[:40] if isinstance(e, str) else "",
)
def test_dangerous_expressions_are_refused(expression: str, words: str) -> None:
    found = refusal(expression)
    assert found is not None and words in found.message
    assert sql_error(expression) == found.message  # validate's check says the same


class _Counting(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def counting_url() -> Iterator[str]:
    _Counting.hits = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/x.csv"
    server.shutdown()


def test_checking_a_subquery_fetches_nothing(counting_url: str) -> None:
    # Given to polars, this makes it fetch the URL while parsing (measured: 10 retries, 2.7 s).
    assert sql_error(f"a IN (SELECT x FROM read_csv('{counting_url}'))") is not None
    assert _Counting.hits == 0


def _cycle(folder: Path, **source: object) -> tuple[Path, object]:
    write(
        folder,
        "t.csv",
        "number,opened_at,resolved_at,category\n"
        "1,2026-01-05T10:00:00,2026-01-05T12:00:00,Network\n",
    )
    src = Source(id="t", path="t.csv", columns={"ticket_id": "number"}, **source)  # type: ignore[arg-type]
    return folder, src


def test_a_refused_derived_column_is_an_error_finding_naming_its_key(tmp_path: Path) -> None:
    _, source = _cycle(tmp_path, derived=(DerivedColumn("x", "generate_series(1, 1000000)"),))
    metric = Metric(id="v", name="v", source="t", kpi="volume")
    result = compute(make_cycle(tmp_path, [source], [metric]))  # type: ignore[list-item]
    (problem,) = result.problems
    assert problem.key == "sources[0].derived[0].sql"
    assert "generate_series(...) can make millions" in problem.message
    assert problem.hint == "compute from the source's columns instead"


def test_a_refused_formula_names_the_metric(tmp_path: Path) -> None:
    _, source = _cycle(tmp_path)
    metric = Metric(id="m", name="m", source="t", formula="(SELECT COUNT(*) FROM read_csv('x'))")
    result = compute(make_cycle(tmp_path, [source], [metric]))  # type: ignore[list-item]
    (problem,) = result.problems
    assert problem.key == "metrics[0].formula"
    assert problem.message.startswith("metric 'm': in the formula: refused: SELECT")


def test_the_time_limit_stops_waiting_with_a_message() -> None:
    release = threading.Event()
    try:
        with pytest.raises(CsiError) as caught:
            within_limit(release.wait, "metric 'm'", Path("c.toml"), "metrics[0].formula", 0.05)
    finally:
        release.set()
    (problem,) = caught.value.problems
    assert problem.message == "stopped metric 'm' after 0.05 s: its SQL took too long"
    assert "[limits] query_seconds" in (problem.hint or "")


def test_within_the_limit_the_result_and_errors_come_back() -> None:
    assert within_limit(lambda: 42, "x", None, "k") == 42
    with pytest.raises(ZeroDivisionError):
        within_limit(lambda: 1 / 0, "x", None, "k")


def test_a_formula_over_the_limit_fails_only_its_metric(
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[limits]\nquery_seconds = 0.05\n")
    release = threading.Event()
    slow: Callable[..., object] = lambda *a: release.wait()  # noqa: E731  a runaway formula
    monkeypatch.setattr(kpis, "custom", slow)
    write(
        tmp_path,
        "c.toml",
        """schema_version = 1
[cycle]
id = "c"
title = "t"
service = "s"
owner = "o"
start = 2026-01-01
end = 2026-01-31
[[sources]]
id = "t"
path = "t.csv"
[sources.columns]
ticket_id = "number"
[[metrics]]
id = "slow"
name = "Slow"
source = "t"
formula = "AVG(resolution_hours)"
unit = "h"
[[metrics]]
id = "volume"
name = "Volume"
source = "t"
kpi = "volume"
""",
    )
    _cycle(tmp_path)
    try:
        code = main(["compute", str(tmp_path / "c.toml"), "--format", "csv", "--no-cache"])
    finally:
        release.set()
    out, err = capsys.readouterr()
    assert code == 2
    assert "metrics[0].formula: stopped metric 'slow' after 0.05 s" in err
    assert any(line.startswith("volume,2026-01,") for line in out.splitlines())
