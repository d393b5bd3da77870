"""``python -m csi_tui.sample.generate``: benchmark exports and the workspace, and bad arguments."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from csi_tui.sample.generate import main, write_incidents
from csi_tui.sample.incidents import COLUMNS, DATETIME_FORMAT, generate_incidents, incident_chunks
from csi_tui.sample.workspace import SAMPLE_FILES


def _read_csv(path: Path) -> pl.DataFrame:
    dates = {c: pl.String for c in ("opened_at", "resolved_at", "closed_at")}
    frame = pl.read_csv(path, schema_overrides=dates)
    return frame.with_columns(
        pl.col(c).str.to_datetime(DATETIME_FORMAT, time_unit="us") for c in dates
    )


def test_csv_export_in_chunks_is_the_chunks_written_in_order(tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    assert main(["--rows", "3000", "--out", str(out), "--seed", "5", "--chunk-rows", "700"]) == 0
    expected = pl.concat(list(incident_chunks(3000, seed=5, chunk_rows=700)))
    written = _read_csv(out)
    assert written.columns == list(COLUMNS)
    assert written.height == 3000  # one header, no header repeated per chunk
    assert written.equals(expected.select(written.columns))


def test_parquet_export_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    assert main(["--rows", "2500", "--format", "parquet", "--out", str(out)]) == 0
    assert pl.read_parquet(out).equals(generate_incidents(2500))


def test_parquet_from_several_chunks(tmp_path: Path) -> None:
    out = tmp_path / "big.parquet"
    assert write_incidents(out, 2000, fmt="parquet", seed=1, chunk_rows=300) == 2000
    # The part files are joined in order: the same rows as the chunks, oldest first.
    assert pl.read_parquet(out).equals(
        pl.concat(list(incident_chunks(2000, seed=1, chunk_rows=300)))
    )
    assert not list(tmp_path.glob(".*"))  # no temporary part files left behind


def test_the_suffix_chooses_parquet(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    assert main(["--rows", "10", "--out", str(out)]) == 0
    assert pl.read_parquet(out).height == 10


def test_zero_rows_writes_just_the_header(tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    assert main(["--rows", "0", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"


def test_workspace_option_writes_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "ws"
    assert main(["--workspace", str(dest)]) == 0
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == sorted(
        SAMPLE_FILES
    )
    assert "wrote 7 files" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--rows", "10"],  # no --out
        ["--rows", "-1", "--out", "x.csv"],
        ["--rows", "10", "--out", "x.csv", "--format", "xlsx"],
        ["--workspace", "ws", "--format", "csv"],
        ["--workspace", "ws", "--rows", "10"],
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([a if not a.endswith((".csv", "ws")) else str(tmp_path / a) for a in argv])
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written


def test_unwritable_destination_is_reported_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "incidents.csv"
    assert main(["--rows", "10", "--out", str(out)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_interrupted_export_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "incidents.csv"
    out.write_text("the previous export\n", encoding="utf-8")

    def broken_chunks(*_args: object, **_kwargs: object) -> object:
        yield generate_incidents(5)
        raise KeyboardInterrupt

    monkeypatch.setattr("csi_tui.sample.generate.incident_chunks", broken_chunks)
    with pytest.raises(KeyboardInterrupt):
        write_incidents(out, 100)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.csv"]
