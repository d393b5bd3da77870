"""The meeting bar: one line on every step screen while a meeting runs, the clock and the time
left on the agenda item; over time says OVER in words (not colour alone)."""

from __future__ import annotations

from textual.widgets import Static

from csi_tui.cycle.agenda import MeetingRun, clock_text, short_time
from csi_tui.tui.host import as_host
from csi_tui.tui.steps import STEPS


def bar_text(run: MeetingRun, now: float) -> tuple[str, bool]:
    """``Meeting 00:12:31 · 5 Analyse 3:10 left (10 min) · item 5/7`` and whether it is over."""
    item = run.item
    step = STEPS[item.step - 1] if 1 <= item.step <= 7 else None
    label = f"{item.step} {step.label}" if step else f"step {item.step}"
    left = run.item_left(now)
    if left is None:
        timing = f"{short_time(run.item_elapsed(now))} on it"
    elif left >= 0:
        timing = f"{short_time(left)} left ({item.minutes} min)"
    else:
        timing = f"OVER by {short_time(-left)} ({item.minutes} min)"
    where = f"item {run.index + 1}/{len(run.agenda)}"
    text = f"● Meeting {clock_text(run.elapsed(now))} · {label} {timing} · {where}"
    return text, left is not None and left < 0


class MeetingBar(Static):
    DEFAULT_CSS = """
    MeetingBar { height: 1; display: none; background: $boost; text-style: bold; padding: 0 1; }
    MeetingBar.-running { display: block; }
    MeetingBar.-over { background: $error 30%; }
    """

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        app = as_host(self.app)
        run = app.meeting_run
        self.set_class(run is not None, "-running")
        if run is None:
            return
        text, over = bar_text(run, app.clock())
        self.set_class(over, "-over")
        self.update(text)
