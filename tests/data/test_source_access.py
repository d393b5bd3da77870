"""A cycle file reads only inside its workspace unless the user's own config allows more."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csi_tui.cli.main import main
from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.sources import Source
from csi_tui.data.readers import resolve_files
from csi_tui.errors import CsiError
from csi_tui.settings import load_settings

CSV = "number,opened_at,resolved_at\n1,2026-01-05T10:00:00,2026-01-05T12:00:00\n"
AllowSources = Callable[..., Path]


def cycle_text(path: str) -> str:
    return f"""schema_version = 1
[cycle]
id = "c"
title = "t"
service = "s"
owner = "o"
start = 2026-01-01
end = 2026-01-31

[[sources]]
id = "tickets"
path = "{path}"

[sources.columns]
ticket_id = "number"

[[metrics]]
id = "volume"
name = "Volume"
source = "tickets"
kpi = "volume"
"""


def workspace(root: Path, path: str) -> Path:
    """A workspace at ``root`` whose one cycle reads ``path``; returns the cycle file."""
    (root / "cycles").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "tickets.csv").write_text(CSV)
    cycle = root / "cycles" / "c.toml"
    cycle.write_text(cycle_text(path))
    return cycle


def refusal(cycle_file: Path) -> str:
    cycle = load_cycle(cycle_file)
    base = cycle_file.parent
    with pytest.raises(CsiError) as caught:
        resolve_files(cycle.sources[0], base, "sources[0]", cycle_file)
    (problem,) = caught.value.problems
    assert problem.file == cycle_file and problem.key == "sources[0].path"
    return problem.format()


def test_the_workspace_data_folder_is_inside(tmp_path: Path) -> None:
    cycle = workspace(tmp_path / "ws", "../data/tickets.csv")
    (file,) = resolve_files(load_cycle(cycle).sources[0], cycle.parent, "sources[0]", cycle)
    assert file == tmp_path / "ws" / "data" / "tickets.csv"


def test_an_absolute_path_outside_is_refused_with_how_to_allow_it(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text(CSV)
    text = refusal(workspace(tmp_path / "ws", str(tmp_path / "outside.csv")))
    assert "refused to read" in text and "outside the workspace" in text
    assert f'allow_paths = ["{tmp_path}"]' in text
    assert str(load_settings().file) in text  # the user's own config file is named


def test_climbing_out_with_dot_dot_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text(CSV)
    assert "outside the workspace" in refusal(workspace(tmp_path / "ws", "../../outside.csv"))


def test_a_missing_file_outside_is_refused_before_it_is_looked_for(tmp_path: Path) -> None:
    text = refusal(workspace(tmp_path / "ws", "/etc/no-such-file.csv"))
    assert "outside the workspace" in text and "not found" not in text


def test_a_symlink_inside_that_leads_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "t.csv").write_text(CSV)
    cycle = workspace(tmp_path / "ws", "../data/link/t.csv")
    (tmp_path / "ws" / "data" / "link").symlink_to(tmp_path / "secret")
    text = refusal(cycle)
    assert f"(which is {tmp_path / 'secret' / 't.csv'})" in text


def test_a_glob_reaching_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text(CSV)
    assert "outside the workspace" in refusal(workspace(tmp_path / "ws", "../../*.csv"))


def test_allow_paths_lets_a_folder_in(tmp_path: Path, allow_sources: AllowSources) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "t.csv").write_text(CSV)
    allow_sources(tmp_path / "exports")
    cycle = workspace(tmp_path / "ws", str(tmp_path / "exports" / "t.csv"))
    assert resolve_files(load_cycle(cycle).sources[0], cycle.parent, "sources[0]", cycle)
    # only that folder: its neighbour stays outside
    (tmp_path / "other.csv").write_text(CSV)
    assert "outside" in refusal(workspace(tmp_path / "ws2", str(tmp_path / "other.csv")))


def test_a_lone_cycle_file_reads_its_own_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "lone"
    folder.mkdir()
    (folder / "t.csv").write_text(CSV)
    (tmp_path / "up.csv").write_text(CSV)
    cycle = folder / "c.toml"
    cycle.write_text(cycle_text("t.csv"))
    assert resolve_files(load_cycle(cycle).sources[0], folder, "sources[0]", cycle)
    cycle.write_text(cycle_text("../up.csv"))
    assert "outside the workspace" in refusal(cycle)


def test_a_url_is_refused_unless_allowed(tmp_path: Path) -> None:
    text = refusal(workspace(tmp_path / "ws", "http://127.0.0.1:9/t.csv"))
    assert "refused to fetch the URL 'http://127.0.0.1:9/t.csv'" in text
    assert "[sources] allow_urls = true" in text


def test_a_cycle_built_in_python_is_not_checked(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(CSV)
    source = Source(id="t", path=str(tmp_path / "t.csv"))
    assert resolve_files(source, Path("/"), "sources[0]", None) == [tmp_path / "t.csv"]


class _RangeServer(http.server.BaseHTTPRequestHandler):
    """One CSV file over HTTP with Range requests, as object stores serve (polars needs them)."""

    body = CSV.encode()

    def _head(self) -> bytes:
        data = self.body
        wanted = self.headers.get("Range")
        if wanted and wanted.startswith("bytes="):
            first, _, last = wanted[6:].partition("-")
            start = int(first or 0)
            end = min(int(last), len(data) - 1) if last else len(data) - 1
            data = data[start : end + 1]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(self.body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return data

    def do_HEAD(self) -> None:
        self._head()

    def do_GET(self) -> None:
        self.wfile.write(self._head())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served() -> Iterator[str]:
    """A local HTTP server for one CSV file; its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RangeServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/t.csv"
    server.shutdown()


def test_an_allowed_url_is_read(
    tmp_path: Path, served: str, allow_sources: AllowSources, capsys: pytest.CaptureFixture[str]
) -> None:
    allow_sources(urls=True)
    cycle = workspace(tmp_path / "ws", served)
    assert main(["compute", str(cycle), "--format", "csv"]) == 0
    (row,) = capsys.readouterr().out.splitlines()[1:]
    assert row.split(",")[4:6] == ["1.0", "1"]  # value and n: the one ticket served


def test_compute_and_validate_refuse_with_exit_2(
    tmp_path: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(sample_workspace, root)
    cycle = root / "cycles" / "email-2026-p1p2-mttr.toml"
    text = cycle.read_text()
    cycle.write_text(text.replace('path = "../data/incidents.csv"', 'path = "/etc/passwd"'))
    assert main(["compute", str(cycle), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert f"{cycle}: sources[0].path: refused to read /etc/passwd" in err
    assert main(["validate", str(root)]) == 2
    assert "sources[0].path: refused to read /etc/passwd" in capsys.readouterr().err


def test_a_wrong_setting_is_reported_and_the_safe_default_applies(
    isolated_home: Path, sample_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[sources]\nallow_paths = ["relative/dir"]\nallow_urls = "yes"\n'
        "[limits]\nquery_seconds = -1\n"
    )
    settings = load_settings()
    assert (settings.allow_paths, settings.allow_urls, settings.query_seconds) == ((), False, 60)
    keys = [p.key for p in settings.problems]
    assert keys == ["sources.allow_paths[0]", "sources.allow_urls", "limits.query_seconds"]
    assert main(["validate", str(sample_workspace)]) == 0  # warnings only
    err = capsys.readouterr().err
    assert f"{config}: sources.allow_urls: warning: allow_urls must be true or false" in err
