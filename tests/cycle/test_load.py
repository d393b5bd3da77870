"""Loading cycle files: a valid file becomes dataclasses; every kind of bad input is reported
with its file, line or key path, and all problems of a file come at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csi_tui.cycle import model
from csi_tui.cycle.load import (
    load_cycle,
    load_register,
    parse_cycle,
    parse_cycle_with_warnings,
)
from csi_tui.cycle.save import content_hash
from csi_tui.errors import CsiError, Problem

from .helpers import COMMENTED, MINIMAL, REGISTER, write


def problems_of(text: str, tmp_path: Path) -> tuple[Problem, ...]:
    with pytest.raises(CsiError) as caught:
        parse_cycle(text, tmp_path / "c.toml")
    return caught.value.problems


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


# ---------------------------------------------------------------- valid files
def test_commented_file_loads_into_dataclasses() -> None:
    cycle = load_cycle(COMMENTED)
    assert cycle.id == "email-2026-q4"
    assert cycle.cycle.start == date(2026, 1, 1)
    assert cycle.cycle.status == "review"
    assert [c.id for c in cycle.strategy.csfs] == ["fast", "quality"]
    assert cycle.strategy.business_need.strip().startswith("Sales lose deals")
    assert cycle.sources[0].columns == {"opened_at": "Opened", "priority": "Priority"}
    assert cycle.sources[0].null_values == ("?", "")
    rollup = cycle.sources[1].rollup
    assert rollup is not None and rollup.times[0].values == ("Resolved",)
    mttr = cycle.metric("mttr")
    assert mttr is not None
    assert (mttr.baseline, mttr.target, mttr.amber) == (9.0, 6.0, 7.0)
    assert isinstance(mttr.target, float)
    assert mttr.guardrails == ("reopen",)
    assert cycle.analysis.change_date == date(2026, 6, 1)
    assert cycle.notes[0].author == "Dana"
    assert cycle.actions[0].due == date(2026, 11, 1)
    assert cycle.path == COMMENTED
    assert cycle.loaded_hash == content_hash(COMMENTED.read_bytes())


def test_defaults_fill_what_the_file_leaves_out(tmp_path: Path) -> None:
    cycle = parse_cycle(MINIMAL, tmp_path / "c.toml")
    assert cycle.cycle.status == "draft" and cycle.cycle.grain == "month"
    assert cycle.metrics[0].direction == "lower"
    assert cycle.analysis == model.Analysis()
    assert cycle.adoption is None


def test_iso_date_strings_are_accepted(tmp_path: Path) -> None:
    cycle = parse_cycle(MINIMAL.replace("start = 2026-01-01", 'start = "2026-01-01"'), tmp_path)
    assert cycle.cycle.start == date(2026, 1, 1)


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_cycle(path).id == "c1"


def test_register_loads(tmp_path: Path) -> None:
    register = load_register(write(tmp_path, "register.toml", REGISTER))
    opp = register.get("CSI-1")
    assert opp is not None and opp.state == "in_progress" and opp.raised == date(2026, 1, 5)


# ---------------------------------------------------------------- unreadable files
def test_invalid_toml_reports_line_and_column(tmp_path: Path) -> None:
    text = MINIMAL.replace('owner = "Dana"', 'owner = "Dana')
    problem = only(problems_of(text, tmp_path))
    assert (problem.line, problem.column) == (7, 14)
    assert problem.message.startswith("invalid TOML")
    assert problem.format().startswith(f"{tmp_path / 'c.toml'}:7:14: invalid TOML")


def test_not_utf8_reports_where(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL.replace("Dana", "Dan\xe9").encode("latin-1"))
    with pytest.raises(CsiError) as caught:
        load_cycle(path)
    problem = only(caught.value.problems)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message
    assert (problem.line, problem.column) == (7, 13)
    assert problem.hint == "save the file as UTF-8"


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "empty.toml", text)
    with pytest.raises(CsiError) as caught:
        load_cycle(path)
    problem = only(caught.value.problems)
    assert problem.message == "the file is empty"
    assert problem.hint is not None and "csi-tui new" in problem.hint


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CsiError, match="file not found"):
        load_cycle(tmp_path / "nope.toml")


def test_missing_schema_version(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL.replace("schema_version = 1\n", ""), tmp_path))
    assert problem.key == "schema_version" and "missing" in problem.message


def test_newer_schema_version(tmp_path: Path) -> None:
    problem = only(
        problems_of(MINIMAL.replace("schema_version = 1", "schema_version = 2"), tmp_path)
    )
    assert "newer" in problem.message and problem.hint == "upgrade csi-tui"
    assert (problem.line, problem.column) == (1, 1)


# ---------------------------------------------------------------- wrong content
def test_wrong_type_says_expected_and_got(tmp_path: Path) -> None:
    text = MINIMAL + 'target = "six"\n'
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "metrics[0].target"
    assert problem.message == "expected a number, got a string 'six'"
    assert problem.line == 20


def test_bool_is_not_a_number(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL + "baseline = true\n", tmp_path))
    assert "got a boolean" in problem.message


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL + "targt = 5.0\n", tmp_path))
    assert problem.key == "metrics[0].targt"
    assert problem.hint == "did you mean 'target'?"
    assert problem.line == 20 and problem.column == 1
    assert problem.format().endswith("unknown key 'targt' in metrics[0] (did you mean 'target'?)")


def test_unknown_section(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL + "[analysys]\nalpha = 0.1\n", tmp_path))
    assert problem.key == "analysys" and problem.hint == "did you mean 'analysis'?"


def test_bad_enum_lists_the_allowed_values(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL + 'direction = "down"\n', tmp_path))
    assert "use one of 'lower', 'higher'" in problem.message


def test_bad_enum_suggests(tmp_path: Path) -> None:
    text = MINIMAL.replace('owner = "Dana"', 'owner = "Dana"\nstatus = "activ"')
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "cycle.status" and problem.hint == "did you mean 'active'?"


def test_missing_required_keys_all_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace('title = "A cycle"\n', "").replace('owner = "Dana"\n', "")
    problems = problems_of(text, tmp_path)
    assert {p.key for p in problems} == {"cycle.title", "cycle.owner"}
    # The position of a missing key is its table's header.
    assert all(p.line == 3 for p in problems)
    assert all("missing required key" in p.message for p in problems)


def test_missing_cycle_table(tmp_path: Path) -> None:
    text = "schema_version = 1\n"
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "cycle" and problem.line is None
    assert problem.format() == (
        f"{tmp_path / 'c.toml'}: cycle: missing required key 'cycle' in the top level "
        "(add a [cycle] table)"
    )


def test_duplicate_metric_ids(tmp_path: Path) -> None:
    text = (
        MINIMAL + '\n[[metrics]]\nid = "mttr"\nname = "again"\nsource = "tickets"\nkpi = "volume"\n'
    )
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "metrics[1].id"
    assert "duplicate metric id 'mttr'" in problem.message
    assert problem.line == 22


@pytest.mark.parametrize(
    ("section", "what"),
    [("[[sources]]\nid = \"tickets\"\npath = \"x.csv\"\n", "source"),
     ("[[actions]]\nid = \"A\"\ntitle = \"t\"\nowner = \"o\"\n"
      "[[actions]]\nid = \"A\"\ntitle = \"t\"\nowner = \"o\"\n", "action")],
)  # fmt: skip
def test_other_duplicate_ids(tmp_path: Path, section: str, what: str) -> None:
    problem = only(problems_of(MINIMAL + section, tmp_path))
    assert f"duplicate {what} id" in problem.message


def test_duplicate_csf_ids(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '[[strategy.csfs]]\nid = "a"\nname = "A"\n[[strategy.csfs]]\nid = "a"\nname = "B"\n'
    )
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "strategy.csfs[1].id"


def test_metric_naming_an_undefined_source(tmp_path: Path) -> None:
    problem = only(
        problems_of(MINIMAL.replace('source = "tickets"', 'source = "tikets"'), tmp_path)
    )
    assert problem.key == "metrics[0].source"
    assert problem.message == "source 'tikets' is not defined"
    assert problem.hint == "did you mean 'tickets'?"
    assert problem.line == 18


def test_undefined_csf_and_guardrail(tmp_path: Path) -> None:
    problems = problems_of(MINIMAL + 'csf = "speed"\nguardrails = ["reopen"]\n', tmp_path)
    assert {p.key for p in problems} == {"metrics[0].csf", "metrics[0].guardrails[0]"}


def test_metric_needs_kpi_or_formula_not_both(tmp_path: Path) -> None:
    neither = only(problems_of(MINIMAL.replace('kpi = "mttr_mean"\n', ""), tmp_path))
    assert "neither kpi nor formula" in neither.message and neither.line == 15
    both = only(problems_of(MINIMAL + 'formula = "AVG(x)"\n', tmp_path))
    assert both.message == "set either kpi or formula, not both"


def test_unknown_kpi(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL.replace("mttr_mean", "mttr_avg"), tmp_path))
    assert problem.key == "metrics[0].kpi" and problem.hint == "did you mean 'mttr_mean'?"


def test_bad_dates(tmp_path: Path) -> None:
    text = MINIMAL.replace("start = 2026-01-01", 'start = "2026-13-01"')
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "cycle.start" and "not a valid date" in problem.message
    datetime_given = MINIMAL.replace("start = 2026-01-01", "start = 2026-01-01T10:00:00")
    assert "got a date-time" in only(problems_of(datetime_given, tmp_path)).message


def test_start_after_end(tmp_path: Path) -> None:
    text = MINIMAL.replace("end = 2026-06-30", "end = 2025-06-30")
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "cycle.end" and "before it starts" in problem.message
    assert problem.line == 9


def test_all_problems_of_a_file_at_once(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace('source = "tickets"', 'source = "nope"')
        .replace("end = 2026-06-30", "end = 2025-01-01")
        .replace('title = "A cycle"', "title = 3")
        + "colour = 'red'\n"
    )
    problems = problems_of(text, tmp_path)
    assert {p.key for p in problems} == {
        "cycle.title",
        "cycle.end",
        "metrics[0].source",
        "metrics[0].colour",
    }
    lines = [p.line for p in problems]
    assert lines == sorted(lines)  # reported top to bottom


def test_amber_on_the_good_side_is_a_warning_not_an_error(tmp_path: Path) -> None:
    text = MINIMAL + "target = 6.0\namber = 5.0\n"
    cycle, problems = parse_cycle_with_warnings(text, tmp_path / "c.toml")
    assert cycle is not None
    warning = only(problems)
    assert warning.severity == "warning" and warning.key == "metrics[0].amber"
    assert "good side" in warning.message
    higher = MINIMAL + 'direction = "higher"\ntarget = 95.0\namber = 90.0\n'
    assert parse_cycle_with_warnings(higher, tmp_path / "c.toml")[1] == ()


def test_register_problems(tmp_path: Path) -> None:
    text = (
        REGISTER
        + '[[opportunities]]\nid = "CSI-1"\nraised = 2026-02-01\ndescription = "x"\nsize = "XXL"\n'
    )
    with pytest.raises(CsiError) as caught:
        load_register(write(tmp_path, "register.toml", text))
    assert {p.key for p in caught.value.problems} == {
        "opportunities[1].id",
        "opportunities[1].size",
    }


def test_a_filter_polars_sql_cannot_parse_is_an_error_with_its_line(tmp_path: Path) -> None:
    problem = only(problems_of(MINIMAL + "filter = \"priority IN ('1', '2'\"\n", tmp_path))
    assert problem.key == "metrics[0].filter" and problem.line == 20
    assert problem.message.startswith("not a valid polars SQL expression")


def test_a_derived_column_is_checked_too(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'path = "data/tickets.csv"\n',
        'path = "data/tickets.csv"\n[[sources.derived]]\nname = "p1"\nsql = "priority = = 1"\n',
    )
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "sources[0].derived[0].sql" and problem.line == 16


def test_a_formula_polars_cannot_read_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL.replace('kpi = "mttr_mean"', 'formula = "AVG(hours"')
    cycle, problems = parse_cycle_with_warnings(text, tmp_path / "c.toml")
    assert cycle is None
    assert only(problems).severity == "error" and only(problems).key == "metrics[0].formula"


def test_a_misspelt_time_zone_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    # The engine builds ZoneInfo(timezone): an unknown name used to pass validate and then stop
    # `csi-tui compute` with a ZoneInfoNotFoundError traceback.
    text = MINIMAL.replace('owner = "Dana"', 'owner = "Dana"\ntimezone = "Europe/Pariss"')
    problem = only(problems_of(text, tmp_path))
    assert problem.key == "cycle.timezone" and "Europe/Pariss" in problem.message
    assert problem.hint is not None and "Europe/Paris" in problem.hint
    assert problem.line == 8  # the line of the key, for FILE:LINE:COL
    naive = MINIMAL.replace('path = "data/tickets.csv"', 'path = "t.csv"\ntimezone = "CET/x"')
    assert only(problems_of(naive, tmp_path)).key == "sources[0].timezone"
    fine = MINIMAL.replace('owner = "Dana"', 'owner = "Dana"\ntimezone = "America/New_York"')
    assert parse_cycle(fine, tmp_path / "c.toml").cycle.timezone == "America/New_York"
