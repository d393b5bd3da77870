"""``csi-tui validate``, ``new`` and ``schema``: exit codes and the lines they print."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.schema import SCHEMA_FILE

# tests/ is on sys.path (pytest inserts the directory of tests/conftest.py, which has no
# __init__.py), and tests/cycle is a package there: its minimal valid cycle is shared, not copied
from cycle.helpers import MINIMAL

# unlike cycle.helpers.REGISTER, no state: a test below adds one
REGISTER = 'schema_version = 1\n\n[[opportunities]]\nid = "CSI-1"\nraised = 2026-01-05\n'
REGISTER += 'description = "Email P1 takes too long"\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def workspace(root: Path, cycles: dict[str, str], register: str | None = REGISTER) -> Path:
    (root / "cycles").mkdir(parents=True)
    for name, text in cycles.items():
        (root / "cycles" / name).write_text(text)
    if register is not None:
        (root / "register.toml").write_text(register)
    return root


# ---------------------------------------------------------------- validate
def test_validate_a_valid_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = workspace(tmp_path / "ws", {"a.toml": MINIMAL})
    code, out, err = run(capsys, "validate", "--offline", str(root))
    assert code == 0 and err == []
    assert out == ["ok: 1 cycle file, 1 register valid"]


def test_validate_reports_every_problem_of_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = MINIMAL.replace('source = "tickets"', 'source = "tikets"') + "targt = 5\n"
    syntax = MINIMAL.replace('owner = "Dana"', 'owner = "Dana')
    root = workspace(tmp_path / "ws", {"a.toml": bad, "b.toml": syntax})
    lone = tmp_path / "lone.toml"
    lone.write_text(MINIMAL.replace("end = 2026-06-30", "end = 2025-06-30"))
    code, out, err = run(capsys, "validate", "--offline", str(root), str(lone))
    assert code == 2 and out == []
    a, b = root / "cycles" / "a.toml", root / "cycles" / "b.toml"
    assert err == [
        f"{a}:18:1: metrics[0].source: source 'tikets' is not defined (did you mean 'tickets'?)",
        f"{a}:20:1: metrics[0].targt: unknown key 'targt' in metrics[0] (did you mean 'target'?)",
        f"{b}:7:14: invalid TOML: Illegal character '\\n' "
        "(is a closing quote or bracket missing on this line?)",
        f"{lone}:9:1: cycle.end: the cycle ends (2025-06-30) before it starts (2026-01-01)",
    ]


def test_validate_without_line_prints_the_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.toml"
    path.write_text("schema_version = 1\n")
    code, _, err = run(capsys, "validate", "--offline", str(path))
    assert code == 2
    assert err == [
        f"{path}: cycle: missing required key 'cycle' in the top level (add a [cycle] table)"
    ]


def test_validate_warnings_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text(MINIMAL + "target = 6.0\namber = 5.0\n")
    code, out, err = run(capsys, "validate", "--offline", str(path))
    assert code == 0
    assert err == [
        f"{path}:21:1: metrics[0].amber: warning: amber 5 is below the target 6, on the good "
        "side for direction 'lower' (amber should be a worse value than the target)"
    ]
    assert out == ["ok: 1 cycle file valid (1 warning)"]


def test_validate_checks_links_between_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = MINIMAL.replace('owner = "Dana"', 'owner = "Dana"\nprevious = "c0"')
    root = workspace(tmp_path / "ws", {"a.toml": MINIMAL, "b.toml": second})
    code, _, err = run(capsys, "validate", "--offline", str(root))
    assert code == 2
    assert f"{root / 'cycles' / 'b.toml'}:4:1: cycle.id: cycle id 'c1' is also used by " in err[0]
    assert err[1].endswith(
        "cycle.previous: warning: previous cycle 'c0' is not among the files checked"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.toml", b"", "the file is empty"),
        ("latin.toml", "owner = 'Dané'\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_validate_unreadable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = run(capsys, "validate", "--offline", str(path))
    assert code == 2 and len(err) == 1 and message in err[0] and err[0].startswith(str(path))


def test_validate_folder_without_cycles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "validate", "--offline", str(tmp_path), str(tmp_path / "missing.toml")
    )
    assert code == 2
    assert err[0].startswith(f"{tmp_path}: no cycle files: a workspace keeps its cycles in cycles/")
    assert err[1] == f"{tmp_path / 'missing.toml'}: no such file or folder"


def test_validate_a_register_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "register.toml"
    path.write_text(REGISTER.replace("raised = 2026-01-05", "raised = 2026-01-05\nstate = 'done'"))
    code, _, err = run(capsys, "validate", "--offline", str(path))
    assert code == 2
    assert err == [
        f"{path}:6:1: opportunities[0].state: 'done' is not allowed; use one of 'new', "
        "'accepted', 'approved', 'in_progress', 'monitor', 'closed'"
    ]


# ---------------------------------------------------------------- new
def test_new_writes_a_valid_commented_starter_and_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cycles" / "2026-q3 email.toml"
    code, out, _ = run(capsys, "new", str(path), "--start", "2026-07-01")
    assert code == 0 and out[0] == f"wrote {path}"
    text = path.read_text()
    assert text.splitlines()[0] == f"#:schema ./{SCHEMA_FILE}"
    for section in ("[cycle]", "[strategy]", "[[sources]]", "[[metrics]]", "[analysis]"):
        assert section in text
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) > 40
    cycle = load_cycle(path)
    assert cycle.id == "2026-q3-email"
    assert (cycle.cycle.start, cycle.cycle.end) == (date(2026, 7, 1), date(2026, 9, 30))
    # The schema written beside it accepts it.
    schema = json.loads((path.parent / SCHEMA_FILE).read_text())
    data = tomllib.loads(text)
    data["cycle"] = {k: str(v) for k, v in data["cycle"].items()}  # dates as editors send them
    jsonschema.Draft202012Validator(schema).validate(data)
    assert schema["title"].startswith("csi-tui cycle file")
    code, out, err = run(capsys, "validate", "--offline", str(path))
    assert code == 0 and err == []


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text("# mine\n")
    code, _, err = run(capsys, "new", str(path))
    assert code == 2 and err == [f"{path}: already exists; not overwritten (choose another name)"]
    assert path.read_text() == "# mine\n"


def test_new_keeps_an_existing_schema_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SCHEMA_FILE).write_text("{}")
    code, out, _ = run(capsys, "new", str(tmp_path / "c.toml"))
    assert code == 0 and (tmp_path / SCHEMA_FILE).read_text() == "{}"
    assert not any(SCHEMA_FILE in line for line in out)


# ---------------------------------------------------------------- schema
@pytest.mark.parametrize(("flag", "title"), [([], "cycle file"), (["--register"], "register")])
def test_schema_prints_json(
    capsys: pytest.CaptureFixture[str], flag: list[str], title: str
) -> None:
    code, out, _ = run(capsys, "schema", *flag)
    assert code == 0
    schema = json.loads("\n".join(out))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert title in schema["title"]


def test_validate_a_register_under_another_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "csi-register-2026.toml"
    path.write_text(REGISTER)
    code, out, err = run(capsys, "validate", "--offline", str(path))
    assert (code, err) == (0, []) and out == ["ok: 0 cycle files, 1 register valid"]
