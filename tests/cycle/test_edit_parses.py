"""A save parses as little as it can: the tomlkit document comes ready from ``prepare`` when a form
had it parsed ahead, the new text is read once by tomllib to check it, and line numbers are only
looked for when there is a problem to place. Counted, never timed."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from csi_tui.cycle import edit, load, model
from csi_tui.cycle.edit_definitions import replace_metric
from csi_tui.cycle.load import load_cycle
from csi_tui.cycle.save import ChangedOnDisk, content_hash
from csi_tui.errors import CsiError

from .helpers import COMMENTED


@pytest.fixture
def cycle(tmp_path: Path) -> model.Cycle:
    path = tmp_path / "cycles" / "email.toml"
    path.parent.mkdir()
    shutil.copy(COMMENTED, path)
    return load_cycle(path)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each parser runs: tomlkit (comment-keeping), tomllib (the check), positions."""
    counts: Counter[str] = Counter()

    def counting(name: str, function: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(tomlkit, "parse", counting("tomlkit", tomlkit.parse))
    monkeypatch.setattr(load.tomllib, "loads", counting("tomllib", load.tomllib.loads))
    monkeypatch.setattr(load, "key_positions", counting("positions", load.key_positions))
    monkeypatch.setattr(edit, "_prepared", type(edit._prepared)())
    return counts


def _new_target(cycle: model.Cycle, target: float) -> model.Cycle:
    metric = cycle.metrics[0]
    return replace_metric(cycle, metric.id, dataclasses.replace(metric, target=target))


def test_a_prepared_save_parses_the_new_text_once_and_nothing_else(
    cycle: model.Cycle, parses: Counter[str]
) -> None:
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    assert parses == {"tomlkit": 1}  # ahead of the save, in the form's worker
    parses.clear()
    saved = _new_target(cycle, 5.5)
    assert parses == {"tomllib": 1}  # the check that the new text still loads
    assert saved.metrics[0].target == 5.5


def test_without_a_prepared_document_the_save_parses_once_with_tomlkit(
    cycle: model.Cycle, parses: Counter[str]
) -> None:
    _new_target(cycle, 5.5)
    assert parses == {"tomlkit": 1, "tomllib": 1}


def test_preparing_twice_parses_once(cycle: model.Cycle, parses: Counter[str]) -> None:
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    assert parses["tomlkit"] == 1


def test_a_prepared_save_writes_the_same_bytes_as_a_parse_on_the_spot(
    cycle: model.Cycle, tmp_path: Path
) -> None:
    assert cycle.path is not None
    other = tmp_path / "other" / cycle.path.name
    other.parent.mkdir()
    shutil.copy(cycle.path, other)
    plain = _new_target(load_cycle(other), 4.25)
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    prepared = _new_target(cycle, 4.25)
    assert cycle.path.read_bytes() == other.read_bytes()
    assert prepared.loaded_hash == plain.loaded_hash == content_hash(other.read_bytes())


def test_a_prepared_document_serves_one_edit_only(cycle: model.Cycle, parses: Counter[str]) -> None:
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    first = _new_target(cycle, 5.5)
    parses.clear()
    second = _new_target(first, 6.5)  # a new version of the file: parsed on the spot
    assert parses["tomlkit"] == 1
    assert second.metrics[0].target == 6.5 and load_cycle(second.path) == second  # type: ignore[arg-type]


def test_a_refused_edit_does_not_leave_its_change_in_a_document_for_the_next(
    cycle: model.Cycle,
) -> None:
    assert cycle.path is not None
    before = cycle.path.read_bytes()
    assert edit.prepare(cycle.path, cycle.loaded_hash)

    def breaks_the_file(doc: Any) -> None:
        doc["cycle"]["grain"] = "fortnight"  # not a grain: the check refuses the result

    with pytest.raises(CsiError):
        edit.edit_cycle(cycle, breaks_the_file)
    assert cycle.path.read_bytes() == before
    saved = _new_target(cycle, 5.5)  # same version of the file: must not see "fortnight"
    assert saved.cycle.grain == cycle.cycle.grain
    assert "fortnight" not in cycle.path.read_text()


def test_a_document_prepared_for_an_older_version_is_not_used(
    cycle: model.Cycle, parses: Counter[str]
) -> None:
    assert cycle.path is not None
    assert edit.prepare(cycle.path, cycle.loaded_hash)
    theirs = cycle.path.read_text() + "\n# someone else's line\n"
    cycle.path.write_text(theirs)
    with pytest.raises(ChangedOnDisk):
        _new_target(cycle, 5.5)
    assert cycle.path.read_text() == theirs
    reloaded = load_cycle(cycle.path)
    saved = _new_target(reloaded, 5.5)  # the disk's version: parsed now, their line kept
    assert "# someone else's line" in cycle.path.read_text()
    assert saved.metrics[0].target == 5.5


def test_prepare_refuses_a_file_that_is_no_longer_the_version_named(
    cycle: model.Cycle, parses: Counter[str]
) -> None:
    assert cycle.path is not None
    assert not edit.prepare(cycle.path, content_hash(b"another version"))
    assert not edit.prepare(None, cycle.loaded_hash)
    assert not edit.prepare(cycle.path, None)
    assert parses["tomlkit"] == 0


def test_prepare_keeps_a_few_documents_at_most(
    cycle: model.Cycle, tmp_path: Path, parses: Counter[str]
) -> None:
    for n in range(edit.MAX_PREPARED + 3):
        path = tmp_path / f"copy-{n}.toml"
        path.write_text(f"# copy {n}\nschema_version = 1\n")
        assert edit.prepare(path, content_hash(path.read_bytes()))
    assert len(edit._prepared) == edit.MAX_PREPARED


def test_prepare_from_a_worker_thread(cycle: model.Cycle, parses: Counter[str]) -> None:
    done: list[bool] = []

    def prepare() -> None:
        done.append(edit.prepare(cycle.path, cycle.loaded_hash))

    worker = threading.Thread(target=prepare)
    worker.start()
    worker.join()
    assert done == [True]
    parses.clear()
    _new_target(cycle, 5.5)
    assert parses["tomlkit"] == 0


def test_a_file_with_a_problem_still_gets_its_line(tmp_path: Path, parses: Counter[str]) -> None:
    text = COMMENTED.read_text().replace('grain = "month"', 'grain = "fortnight"')
    assert 'grain = "fortnight"' in text
    with pytest.raises(CsiError) as caught:
        load.parse_cycle(text, tmp_path / "x.toml")
    problem = caught.value.problems[0]
    lines = text.splitlines()
    assert problem.line is not None and "fortnight" in lines[problem.line - 1]
    assert parses["positions"] == 1  # looked for only because there was a problem


def test_a_clean_file_is_not_scanned_for_positions(tmp_path: Path, parses: Counter[str]) -> None:
    load.parse_cycle(COMMENTED.read_text(), tmp_path / "x.toml")
    assert parses == {"tomllib": 1}
