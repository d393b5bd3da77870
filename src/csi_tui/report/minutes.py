"""The minutes of a review meeting as Markdown: the team's record, read in a git web view.

Headings and pipe tables only (no ANSI, no HTML), the scorecard as it stood when the meeting
ended, per step the notes taken, the decisions with their rationale, the actions with owners. The
file goes to ``minutes/`` beside the ``cycles/`` folder (or beside the cycle file when it is not in
a ``cycles/`` folder), named ``<cycle-id>-<date>.md``; an existing file is never overwritten: the
new one gets a suffix (``-2``, ``-3``...). Written atomically (``cycle.save.atomic_write``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from csi_tui.cycle import model
from csi_tui.cycle.agenda import short_time
from csi_tui.cycle.save import atomic_write
from csi_tui.errors import CsiError
from csi_tui.report import decision_words
from csi_tui.report.action_status import days_overdue, status_words
from csi_tui.report.scorecard import ScoreRow

STEP_NAMES = {
    1: "Strategy",
    2: "Measures",
    3: "Gather",
    4: "Process",
    5: "Analyse",
    6: "Present",
    7: "Implement",
}


def cell(text: object) -> str:
    """A table cell: one line, pipes escaped, never empty (an empty cell reads as a gap)."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    return value or "-"


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def _step_name(step: int) -> str:
    return f"{step} {STEP_NAMES.get(step, '?')}"


def minutes_markdown(
    cycle: model.Cycle,
    meeting: model.Meeting,
    rows: Sequence[ScoreRow],
    *,
    times: Sequence[tuple[model.AgendaItem, float]] = (),
    started: datetime | None = None,
    ended: datetime | None = None,
    cycle_file: str | None = None,
) -> str:
    """The minutes. Notes and decisions are those dated the meeting's day; actions are all the
    cycle's (the list the team works from), with their status as the meeting ended."""
    info = cycle.cycle
    day = meeting.date
    out = [f"# Minutes: {info.title}", ""]
    out.append(f"Review meeting of the **{info.service}** improvement cycle `{info.id}`.")
    out.append("")
    when = day.isoformat()
    if started is not None and ended is not None:
        when += f", {started:%H:%M} to {ended:%H:%M}"
    facts: list[tuple[str, object]] = [
        ("Date", when),
        ("Chair", meeting.chair or "not recorded"),
        ("Attendees", ", ".join(meeting.attendees) or "not recorded"),
        ("Cycle", f"{info.id} ({info.status}), {info.start} to {info.end}"),
    ]
    if cycle_file:
        facts.append(("Cycle file", f"`{cycle_file}`"))
    out += _table(["", ""], facts)

    if times:
        out += ["", "## Agenda and time spent", ""]
        agenda_rows = []
        for number, (item, seconds) in enumerate(times, start=1):
            topic = item.topic or ""
            box = f"{item.minutes} min" if item.minutes is not None else "-"
            spent = short_time(seconds)
            if item.minutes is not None and seconds > item.minutes * 60:
                spent += f" (OVER by {short_time(seconds - item.minutes * 60)})"
            agenda_rows.append((number, _step_name(item.step), topic, box, spent))
        out += _table(["#", "Step", "Topic", "Time box", "Spent (m:ss)"], agenda_rows)

    stamp = f" at {ended:%H:%M}" if ended is not None else ""
    out += ["", f"## Scorecard as it stood{stamp}", ""]
    if rows:
        score = [(r.badge, r.name, r.current, r.period or "-", r.target, r.change) for r in rows]
        out += _table(["Status", "Metric", "Now", "Period", "Target", "Since baseline"], score)
    else:
        out.append("No results were computed for this cycle.")

    out += ["", "## Notes", ""]
    notes = [n for n in cycle.notes if n.date == day]
    if not notes:
        out.append("No notes were taken in this meeting.")
    by_step: dict[int | None, list[model.Note]] = {}
    for note in notes:
        by_step.setdefault(note.step, []).append(note)
    for step in sorted(by_step, key=lambda s: (s is None, s or 0)):
        heading = f"Step {_step_name(step)}" if step is not None else "General"
        out += [f"### {heading}", ""]
        for note in by_step[step]:
            about = []
            if note.metric:
                metric = cycle.metric(note.metric)
                about.append(f"on {metric.name if metric else note.metric}")
            if note.author:
                about.append(f"by {note.author}")
            suffix = f" ({', '.join(about)})" if about else ""
            out.append(f"- {' '.join(note.text.split())}{suffix}")
        out.append("")
    if out[-1] == "":
        out.pop()

    out += ["", "## Decisions", ""]
    decisions = [d for d in cycle.decisions if d.date == day]
    if not decisions:
        latest = cycle.decision
        earlier = (
            f" (the latest: {decision_words.word(latest.decision)} on {latest.date})"
            if latest is not None
            else ""
        )
        out.append(f"No decision was recorded in this meeting{earlier}.")
    for decision in decisions:
        who = f" by {decision.decided_by}" if decision.decided_by else ""
        word = decision_words.word(decision.decision)
        out.append(f"- **{word}**{who}, {decision.date}.")
        if decision.rationale:
            out.append(f"  Rationale: {' '.join(decision.rationale.split())}")

    out += ["", "## Actions", ""]
    if cycle.actions:
        late = [a for a in cycle.actions if days_overdue(a, day) is not None]
        if late:
            who = ", ".join(f"{a.id} ({a.owner})" if a.owner else a.id for a in late)
            out += [f"**{len(late)} overdue** on {day.isoformat()}: {who}.", ""]
        action_rows = [
            (a.id, a.title, a.owner, a.due.isoformat() if a.due else "-", status_words(a, day))
            for a in cycle.actions
        ]
        out += _table(["Id", "Action", "Owner", "Due", "Status"], action_rows)
    else:
        out.append("No actions are recorded on this cycle.")
    out.append("")
    return "\n".join(out)


def minutes_folder(cycle_path: Path) -> Path:
    """``minutes/`` beside the ``cycles/`` folder, else beside the cycle file."""
    folder = cycle_path.parent
    if folder.name == "cycles":
        return folder.parent / "minutes"
    return folder / "minutes"


def free_minutes_path(cycle: model.Cycle, day: date) -> Path:
    """``minutes/<cycle-id>-<date>.md``, with ``-2``, ``-3``... when that name is taken."""
    if cycle.path is None:
        raise CsiError.one("this cycle was not loaded from a file; the minutes go beside it")
    folder = minutes_folder(cycle.path)
    stem = f"{cycle.id}-{day.isoformat()}"
    path = folder / f"{stem}.md"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.md"
        number += 1
    return path


def write_minutes(cycle: model.Cycle, day: date, text: str) -> Path:
    """Write the minutes atomically to a new file; returns its path."""
    path = free_minutes_path(cycle, day)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CsiError.one(
            f"cannot create the minutes folder: {error.strerror or error}", file=path.parent
        ) from error
    atomic_write(path, text.encode("utf-8"), None)  # None: the file must be new
    return path


def relative_to_cycle(cycle: model.Cycle, path: Path) -> str:
    """The minutes path as ``[[meetings]] minutes`` records it: relative to the cycle file."""
    if cycle.path is None:
        return path.as_posix()
    return Path(os.path.relpath(path, cycle.path.parent)).as_posix()
