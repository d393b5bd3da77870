"""Validation of what the review meeting records: agenda items, note metrics, meetings."""

from __future__ import annotations

from pathlib import Path

from csi_tui.cycle.load import parse_cycle_with_warnings
from csi_tui.cycle.model import AgendaItem

SAMPLE = (
    Path(__file__).resolve().parents[2] / "sample_data" / "cycles" / "email-2026-p1p2-mttr.toml"
)


def _problems(extra: str) -> dict[str, tuple[str, str]]:
    text = SAMPLE.read_text() + "\n" + extra
    _cycle, problems = parse_cycle_with_warnings(text, SAMPLE)
    return {p.key or "": (p.severity, p.message + " " + (p.hint or "")) for p in problems}


def test_agenda_steps_and_time_boxes() -> None:
    sample, _ = parse_cycle_with_warnings(SAMPLE.read_text(), SAMPLE)
    assert sample is not None
    n = len(sample.agenda)  # the sample's own agenda comes first
    assert n == 7 and sample.agenda[4] == AgendaItem(
        5, 15, "Did swarming bring MTTR under 7.5 h, reopens flat?"
    )
    found = _problems(
        "[[agenda]]\nstep = 8\nminutes = 5\n\n[[agenda]]\nstep = 5\nminutes = 0\n\n"
        "[[agenda]]\nstep = 6\nminutes = 10\n"
    )
    assert found[f"agenda[{n}].step"] == ("error", "step must be 1 to 7, got 8 ")
    assert found[f"agenda[{n + 1}].minutes"][0] == "error"
    assert "more than 0 minutes" in found[f"agenda[{n + 1}].minutes"][1]
    assert f"agenda[{n + 2}].step" not in found and f"agenda[{n + 2}].minutes" not in found
    cycle, _ = parse_cycle_with_warnings(
        SAMPLE.read_text() + "\n[[agenda]]\nstep = 6\nminutes = 10\ntopic = 'Scorecard'\n",
        SAMPLE,
    )
    assert cycle is not None and cycle.agenda[-1] == AgendaItem(6, 10, "Scorecard")


def test_a_note_names_an_existing_metric() -> None:
    found = _problems("[[notes]]\ndate = 2026-12-03\ntext = 'x'\nmetric = 'mttr_p1p3'\n")
    severity, message = found["notes[3].metric"]
    assert severity == "error" and "'mttr_p1p3' is not defined" in message
    assert "did you mean 'mttr_p1p2'?" in message
    assert "notes[3].metric" not in _problems(
        "[[notes]]\ndate = 2026-12-03\ntext = 'x'\nmetric = 'mttr_p1p2'\n"
    )


def test_a_meeting_before_the_cycle_is_a_warning() -> None:
    found = _problems("[[meetings]]\ndate = 2020-12-03\nchair = 'P'\nattendees = ['P']\n")
    assert found["meetings[0].date"][0] == "warning"
    assert "before the cycle starts" in found["meetings[0].date"][1]
    assert "meetings[0].date" not in _problems("[[meetings]]\ndate = 2026-12-03\n")
