"""Edits the app records in hand-written files keep every comment and blank line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from csi_tui.cycle import edit, model
from csi_tui.cycle.load import load_cycle, load_register
from csi_tui.cycle.save import content_hash
from csi_tui.errors import CsiError

from .helpers import COMMENTED, MINIMAL, write

REGISTER = """\
schema_version = 1  # CSI register

# Email opportunities
[[opportunities]]
id = "CSI-1"            # from the Q3 review
raised = 2026-01-05
description = "Email P1 takes too long"
state = "in_progress"

# Backup
[[opportunities]]
id = "CSI-2"
raised = 2026-02-01
description = "Backups fail silently"
"""


@pytest.fixture
def cycle(tmp_path: Path) -> model.Cycle:
    path = tmp_path / "cycles" / "email.toml"
    path.parent.mkdir()
    shutil.copy(COMMENTED, path)
    return load_cycle(path)


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(line in it for line in small)


def comments_and_blank_lines(text: str) -> list[str]:
    """Blank lines and the comment part of each line (a value before it may be edited)."""
    return [line[line.find("#") :] for line in text.splitlines() if not line.strip() or "#" in line]


EDITS: dict[str, Callable[[model.Cycle], model.Cycle]] = {
    "note": lambda c: edit.add_note(
        c, model.Note(date(2026, 11, 1), "Adopt it.\nAll agree.", "Kim", 6)
    ),
    "decision": lambda c: edit.record_decision(
        c, model.Decision(date(2026, 11, 2), "adopt", "MTTR met its target", "CAB")
    ),
    "action": lambda c: edit.add_action(
        c, model.Action("A2", "Update the KB", "Kim", due=date(2026, 12, 1))
    ),
    "adoption": lambda c: edit.adopt_baselines(
        c, model.Adoption(date(2026, 11, 2), "Dana", {"mttr": 6.1}, next_cycle="email-2027")
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(EDITS))
def test_appending_edits_keep_every_original_line(cycle: model.Cycle, name: str) -> None:
    assert cycle.path is not None
    before = cycle.path.read_text().splitlines()
    updated = EDITS[name](cycle)
    after = cycle.path.read_text().splitlines()
    assert is_subsequence(before, after), name
    assert len(after) > len(before)
    assert updated.loaded_hash == content_hash(cycle.path.read_bytes())
    assert load_cycle(cycle.path) == updated


def test_all_edits_in_a_row(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    original = cycle.path.read_text()
    for change in EDITS.values():
        cycle = change(cycle)
    cycle = edit.set_action_status(cycle, "A1", "done", date(2026, 11, 3))
    cycle = edit.set_cycle_status(cycle, "closed")
    cycle = edit.set_metric_values(cycle, "mttr", target=5.5, amber=None)
    text = cycle.path.read_text()  # type: ignore[union-attr]
    # Every comment and blank line survives, in order.
    assert is_subsequence(comments_and_blank_lines(original), comments_and_blank_lines(text))
    # A changed value keeps its place and its comment.
    assert 'status = "closed"             # draft | active | review | closed' in text
    # New keys go after the table's last key, not after the comment that closes it.
    assert 'due = 2026-11-01\nstatus = "done"\ndone_on = 2026-11-03\n' in text
    reloaded = load_cycle(cycle.path)  # type: ignore[arg-type]
    assert reloaded == cycle
    assert reloaded.cycle.status == "closed"
    assert reloaded.actions[0].status == "done" and reloaded.actions[0].done_on == date(2026, 11, 3)
    assert reloaded.notes[1].text == "Adopt it.\nAll agree." and reloaded.notes[1].step == 6
    assert reloaded.decision is not None and reloaded.decision.decision == "adopt"
    assert reloaded.adoption == model.Adoption(
        date(2026, 11, 2), "Dana", {"mttr": 6.1}, next_cycle="email-2027"
    )
    mttr = reloaded.metric("mttr")
    assert mttr is not None and mttr.target == 5.5 and mttr.amber is None


def test_an_edit_refuses_a_file_changed_on_disk(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    changed = cycle.path.read_text() + "# someone else\n"
    cycle.path.write_text(changed)
    with pytest.raises(CsiError, match="changed on disk"):
        edit.add_note(cycle, model.Note(date(2026, 11, 1), "lost?"))
    assert cycle.path.read_text() == changed


def test_a_stale_cycle_is_refused_after_an_edit(cycle: model.Cycle) -> None:
    edit.add_note(cycle, model.Note(date(2026, 11, 1), "first"))
    with pytest.raises(CsiError, match="changed on disk"):
        edit.add_note(cycle, model.Note(date(2026, 11, 1), "second, from the old copy"))


def test_an_edit_that_would_break_the_file_is_refused(cycle: model.Cycle) -> None:
    assert cycle.path is not None
    before = cycle.path.read_bytes()
    with pytest.raises(CsiError, match="expected a number"):
        edit.set_metric_values(cycle, "mttr", target="six")
    with pytest.raises(CsiError, match="'speed' is not defined"):
        edit.set_metric_values(cycle, "mttr", csf="speed")
    assert cycle.path.read_bytes() == before


def test_unknown_ids_and_duplicates(cycle: model.Cycle) -> None:
    with pytest.raises(CsiError) as caught:
        edit.set_action_status(cycle, "A9", "done")
    assert caught.value.problems[0].hint == "known: A1"
    with pytest.raises(CsiError, match="already exists"):
        edit.add_action(cycle, model.Action("A1", "again", "Sam"))
    with pytest.raises(CsiError, match="no key"):
        edit.set_metric_values(cycle, "mttr", colour="red")


def test_reopening_an_action_clears_done_on(cycle: model.Cycle) -> None:
    done = edit.set_action_status(cycle, "A1", "done", date(2026, 11, 3))
    reopened = edit.set_action_status(done, "A1", "in_progress")
    assert reopened.actions[0].status == "in_progress" and reopened.actions[0].done_on is None


def test_register_state_and_closure(tmp_path: Path) -> None:
    path = write(tmp_path, "register.toml", REGISTER)
    register = load_register(path)
    closed = edit.set_opportunity_state(
        register, "CSI-1", "closed", "successful", "MTTR down from 9 h to 6 h"
    )
    text = path.read_text()
    assert is_subsequence(comments_and_blank_lines(REGISTER), comments_and_blank_lines(text))
    assert 'id = "CSI-1"            # from the Q3 review' in text
    opp = closed.get("CSI-1")
    assert opp is not None
    assert (opp.state, opp.closure_code, opp.outcome) == (
        "closed",
        "successful",
        "MTTR down from 9 h to 6 h",
    )
    assert load_register(path) == closed
    added = edit.add_opportunity(
        closed, model.Opportunity("CSI-3", date(2026, 3, 1), "VPN drops", priority="high")
    )
    assert [o.id for o in added.opportunities] == ["CSI-1", "CSI-2", "CSI-3"]


def test_a_bom_survives_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" + COMMENTED.read_bytes())
    edit.add_note(load_cycle(path), model.Note(date(2026, 11, 1), "x"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_inline_arrays_written_by_hand_keep_their_style(tmp_path: Path) -> None:
    inline = (
        'notes = [{ date = 2026-01-02, text = "kick-off" }]  # inline, by hand\n'
        'actions = [{ id = "A1", title = "t", owner = "o" }]\n'
    )
    # Top-level keys come before the first table, so right after schema_version.
    path = write(
        tmp_path, "c.toml", MINIMAL.replace("schema_version = 1\n", "schema_version = 1\n" + inline)
    )
    cycle = load_cycle(path)
    cycle = edit.add_note(cycle, model.Note(date(2026, 2, 1), "second"))
    cycle = edit.set_action_status(cycle, "A1", "done", date(2026, 2, 3))
    text = path.read_text()
    assert "# inline, by hand" in text and "[[notes]]" not in text
    assert [n.text for n in cycle.notes] == ["kick-off", "second"]
    assert cycle.actions[0].status == "done" and cycle.actions[0].done_on == date(2026, 2, 3)
    assert load_cycle(path) == cycle


def test_sample_cycles_keep_their_comments_through_edits(
    tmp_path: Path, sample_workspace: Path
) -> None:
    files = sorted((sample_workspace / "cycles").glob("*.toml"))
    assert len(files) >= 2, f"no sample cycles in {sample_workspace / 'cycles'}"
    for source in files:
        path = tmp_path / source.name
        shutil.copy(source, path)
        original = path.read_text()
        cycle = load_cycle(path)
        cycle = edit.add_note(cycle, model.Note(date(2026, 11, 1), "A note.\nTwo lines."))
        cycle = edit.record_decision(cycle, model.Decision(date(2026, 11, 2), "adopt"))
        cycle = edit.set_cycle_status(cycle, "closed")
        if cycle.metrics:
            cycle = edit.set_metric_values(cycle, cycle.metrics[0].id, description="edited")
        text = path.read_text()
        assert is_subsequence(comments_and_blank_lines(original), comments_and_blank_lines(text))
        assert load_cycle(path) == cycle
