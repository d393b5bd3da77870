"""``csi-tui validate`` checks the data a cycle reads, unless ``--offline``: what ``compute``
would refuse is refused here first, in the same words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from csi_tui.cli.main import main

CYCLE = "email-2026-p1p2-mttr.toml"


@pytest.fixture
def sample(sample_workspace: Path, tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    return root


def edit(root: Path, old: str, new: str) -> Path:
    cycle = root / "cycles" / CYCLE
    text = cycle.read_text()
    assert old in text
    cycle.write_text(text.replace(old, new, 1))
    return cycle


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sample_is_valid_online(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(sample)) == (0, "ok: 2 cycle files, 1 register valid\n", "")


def test_a_missing_data_file_fails_validate_as_compute_says_it(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cycle = edit(sample, 'path = "../data/incidents.csv"', 'path = "../data/incidents-2026.csv"')
    code, _, err = run(capsys, "validate", str(sample))
    assert code == 2
    (line,) = [x for x in err.splitlines() if "sources[0].path" in x]
    assert line.startswith(f"{cycle}:") and "data file not found" in line
    assert ":" in line.split(str(cycle))[1][:8]  # FILE:LINE:COL, the line of the key
    _, _, compute_err = run(capsys, "compute", str(cycle), "--format", "csv")
    assert line.split("data file not found")[1] in compute_err  # the same words
    assert run(capsys, "validate", "--offline", str(sample))[0] == 0


def test_a_mistyped_column_in_the_mapping_is_named_with_a_suggestion(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cycle = sample / "cycles" / CYCLE
    text = cycle.read_text()
    start = text.index("[sources.columns]")
    mapped = text[start:].splitlines()[1]  # e.g. ticket_id = "number"
    canonical, _, raw = (part.strip().strip('"') for part in mapped.partition("="))
    cycle.write_text(text.replace(mapped, f'{canonical} = "{raw}x"', 1))
    code, _, err = run(capsys, "validate", str(sample))
    assert code == 2
    assert f"sources[0].columns.{canonical}: column '{raw}x' (mapped to {canonical})" in err
    assert f"closest columns: '{raw}'" in err


def test_a_formula_over_a_column_the_data_lacks(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cycle = sample / "cycles" / CYCLE
    cycle.write_text(
        cycle.read_text()
        + '\n[[metrics]]\nid = "typo"\nname = "Typo"\nsource = "incidents"\n'
        + 'formula = "AVG(resolution_hourz)"\nunit = "h"\n'
    )
    code, _, err = run(capsys, "validate", str(sample))
    assert code == 2
    assert "formula: metric 'typo': in the formula: column 'resolution_hourz' is not in" in err
    assert "closest columns: 'resolution_hours'" in err


def test_a_filter_and_a_breakdown_are_checked_against_the_schema(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cycle = sample / "cycles" / CYCLE
    cycle.write_text(
        cycle.read_text()
        + '\n[[metrics]]\nid = "typo"\nname = "Typo"\nsource = "incidents"\nkpi = "volume"\n'
        + 'filter = "priorty = \'1\'"\nbreakdowns = ["assignment_grup"]\n'
    )
    code, _, err = run(capsys, "validate", str(sample))
    assert code == 2
    assert 'filter: filter: unable to find column "priorty"' in err
    assert "breakdowns: metric 'typo' (breakdown) needs column 'assignment_grup'" in err


def test_validate_of_the_cycles_folder_checks_its_files(
    sample: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "validate", str(sample / "cycles"))
    assert (code, out) == (0, "ok: 2 cycle files, 1 register valid\n")
    empty = tmp_path / "ws" / "cycles"
    empty.mkdir(parents=True)
    code, _, err = run(capsys, "validate", str(empty))
    assert code == 2
    assert f"create one with 'csi-tui new {empty / 'first.toml'}'" in err


def test_what_the_fuzz_found_is_a_problem_in_validate_and_compute_alike(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source filter that is not a condition, a formula that is not an aggregate: once
    tracebacks from compute (found by tests/cli/test_generated_inputs_exit_cleanly.py)."""
    cycle = sample / "cycles" / CYCLE
    text = cycle.read_text().replace(
        "filter = \"business_service = 'Email' AND state <> 'Canceled'\"",
        'filter = "reopen_count"',
        1,
    )
    cycle.write_text(
        text + '\n[[metrics]]\nid = "plain"\nname = "Plain"\nsource = "incidents"\n'
        'formula = "resolution_hours"\nunit = "h"\n'
    )
    code, _, validated = run(capsys, "validate", str(sample))
    assert code == 2
    assert "sources[0].filter: filter: the condition gives Int64 values, not true or false" in (
        validated
    )
    assert "in the formula: the formula gives List(Float64) per period, not one number" in (
        validated
    )
    code, _, computed = run(capsys, "compute", str(cycle), "--format", "csv", "--no-cache")
    assert code == 2
    assert "sources[0].filter: filter: the condition gives Int64 values" in computed
