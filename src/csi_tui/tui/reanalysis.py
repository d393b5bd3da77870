"""A layer of CsiApp, on loading: step 5 again after an edit of expectations (target, amber,
baseline, direction, names), the numbers kept.

An edit that keeps every before/after comparison is analysed on the UI thread (a few ms whatever
the data's size), so the saved cycle and its verdict reach the screen in one state change; one
that does not (a direction or a unit) runs in a new thread at the UI's priority, and only the
last of several such analyses lands.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from csi_tui.cycle.model import Cycle
from csi_tui.errors import CsiError, Problem
from csi_tui.tui.loading import LoadingMixin


class ReanalysisMixin(LoadingMixin):
    _reanalysis = 0  # analyses started after expectation edits; only the last one lands

    def _quick_analysis(self, saved: Cycle, compute: Any) -> Any | None:
        """Step 5 after an expectation edit, here on the UI thread, when it keeps every
        before/after comparison (a few ms whatever the data's size); None to run it in a thread
        (which also reports any error)."""
        try:
            return self.services.reanalyse_now(saved, compute)
        except Exception:  # the thread's analysis says what went wrong
            return None

    def _reanalyse(self, saved: Cycle, compute: Any) -> None:
        """Analyse again after an expectation edit, in a new thread at the UI's priority.

        It takes a few ms (``reanalyse_cycle`` keeps the data and the before/after comparisons).
        In a pooled worker it started only once the UI thread was free, ran at the loading's
        lower priority, and its result then waited behind step 5's repaint after the form; now
        it is usually done before that repaint, which then shows the new verdict.
        """

        self._reanalysis += 1
        number = self._reanalysis

        def run() -> None:
            problems: tuple[Problem, ...] = ()
            analysis: Any = None
            try:
                analysis = self.services.analyse(saved, compute)
            except CsiError as error:
                problems = error.problems
            except Exception as error:  # a bug: say it in one line, keep the app usable
                problems = (
                    Problem(
                        f"unexpected error while analysing: {type(error).__name__}: {error}",
                        hint="press r to reload; if it persists, report it with the cycle file",
                    ),
                )
            with contextlib.suppress(RuntimeError):  # the app has quit meanwhile
                self.call_from_thread(self._analysed, number, saved, compute, analysis, problems)

        threading.Thread(target=run, name="reanalyse", daemon=True).start()

    def _analysed(
        self,
        number: int,
        saved: Cycle,
        compute: Any,
        analysis: Any,
        problems: tuple[Problem, ...],
    ) -> None:
        state = self.state
        newer = number != self._reanalysis or state.busy != f"Analysing {saved.id}"
        if newer or state.compute is not compute:
            return  # a newer analysis, a computation or a reload came meanwhile: it says
        if problems:
            self._set_state(problems=self.state.problems + problems, busy=None)
            self._notify_problems(problems)
            return
        self._set_state(analysis=analysis, busy=None, progress=None)
