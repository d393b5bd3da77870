"""Loading off the UI thread: open the workspace, compute the open cycle, analyse it; watch files.

A mixin for the App so app.py stays a wiring file. Each worker result replaces the state whole
(``dataclasses.replace``) through ``call_from_thread``; failures become Problems in the state and a
notification (one ``on_worker_state_changed`` handler), never a traceback.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import NoActiveWorker, Worker, WorkerState, get_current_worker

from csi_tui.errors import CsiError, Problem
from csi_tui.tui import last_good, services
from csi_tui.tui.app_base import CsiAppBase
from csi_tui.tui.heap import freeze_long_lived
from csi_tui.tui.state import AppState
from csi_tui.tui.step_screens import screen_class
from csi_tui.tui.textual_internals import mode_screens, mount_unshown, remove_unshown

if TYPE_CHECKING:
    from csi_tui.cycle.model import Cycle, Workspace

# Progress updates from the engine can come thousands of times a second; repaint at most this often.
PROGRESS_INTERVAL_S = 0.1
# Pause before building each step screen ahead of its visit, so keys and paints get through.
PREBUILD_PAUSE_S = 0.02
# How much nicer than the UI thread the loading threads run (Linux niceness, 0..19).
BACKGROUND_NICENESS = 10
_UI_NICENESS = os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else 0


def background_priority() -> None:
    """Give the calling worker thread a lower CPU priority than the UI thread.

    With 2 cores, polars' thread pool and the worker would otherwise take the CPU from the event
    loop while a large source loads, and every key would wait for a time slice. Linux gives each
    thread its own niceness, and threads started from a nicer thread inherit it, so polars' pool
    (started by the first query, in a worker) runs nicer too. Elsewhere this does nothing.
    """
    if not hasattr(os, "setpriority"):
        return
    try:
        thread = threading.get_native_id()
        wanted = min(19, _UI_NICENESS + BACKGROUND_NICENESS)
        if os.getpriority(os.PRIO_PROCESS, thread) < wanted:
            os.setpriority(os.PRIO_PROCESS, thread, wanted)
    except OSError:
        pass  # not permitted here: run at the normal priority


class LoadingMixin(CsiAppBase):
    """Workers and the file watch of CsiApp (a layer of it, on CsiAppBase)."""

    setup_problems: tuple[Problem, ...] = ()  # theme and config problems found at start
    watch_interval: float = 1.0  # seconds between polls of the watched files' mtimes
    _stamps: Mapping[Path, float | None] = {}

    # ------------------------------------------------------------ state helpers
    def _set_state(self, **changes: Any) -> None:
        """Replace the state (UI thread only)."""
        self.state = replace(self.state, **changes)

    def _post_state(self, **changes: Any) -> None:
        """Replace the state from a worker thread, unless a newer load has replaced the worker.

        An exclusive worker that was cancelled (another cycle opened, a reload) keeps running
        until its polars call returns; its results must not land under the new cycle's title.
        The check runs on the UI thread, where cancellation happens, so it cannot race.
        """
        try:
            worker: Worker[Any] | None = get_current_worker()
        except NoActiveWorker:
            worker = None  # e.g. a progress callback from a thread the engine started
        self.call_from_thread(self._apply_from_worker, worker, changes)

    def _apply_from_worker(self, worker: Worker[Any] | None, changes: dict[str, Any]) -> None:
        if worker is not None and worker.is_cancelled:
            return
        self._set_state(**changes)

    def _progress_callback(self, label: str) -> services.Progress:
        last = [0.0]

        def progress(*args: Any, **kwargs: Any) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_INTERVAL_S:
                return
            last[0] = now
            fraction = _fraction(args, kwargs)
            words = " ".join(str(a) for a in args if isinstance(a, str))
            self._post_state(busy=f"{label}: {words}" if words else label, progress=fraction)

        return progress

    # ------------------------------------------------------------ workers
    def start_loading(self, cycle_id: str | None = None) -> None:
        """Open the workspace (again), then compute and analyse the open cycle."""
        self._set_state(busy="Opening the workspace", progress=None, problems=self.setup_problems)
        self._load_worker(self.start_path, cycle_id)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self, path: Path | None, cycle_id: str | None) -> None:
        background_priority()
        previous = self.state  # what is on screen: kept when the open cycle's file breaks
        # Taken before reading, so a fix saved while the broken file is read still reloads.
        before = services.mtimes(services.watched_files(previous.workspace, previous.cycle))
        try:
            workspace, message = self.services.open_workspace(path)
        except CsiError as error:
            held = last_good.held_after_failure(previous, error.problems)
            if not held:
                raise
            self._post_state(held=held, busy=None, progress=None, loaded=True)
            return
        workspace, held = last_good.held_in(workspace, previous)
        if held:
            # Keep the results on screen too: they are those of the cycle still shown.
            now = services.mtimes(services.watched_files(workspace, previous.cycle))
            self._stamps = {**now, **before}
            self._post_state(
                workspace=workspace,
                held=held,
                problems=self.setup_problems + services.broken_problems(workspace),
                busy=None,
                progress=None,
                loaded=True,
            )
            return
        chosen = workspace.cycle(cycle_id) if cycle_id else None
        cycle = chosen or _preferred_cycle(workspace, path)
        problems = self.setup_problems + services.broken_problems(workspace)
        self._post_state(
            workspace=workspace,
            cycle_id=cycle.id if cycle else None,
            opened_path=path,
            message=message,
            problems=problems,
            held=(),
            compute=None,
            computed_from=None,
            analysis=None,
            metric_id=_keep_metric(self.state.metric_id, cycle),
        )
        if message:
            self.call_from_thread(self.notify, message, title="Welcome")
        self._compute_and_analyse(workspace, cycle, problems)

    def open_cycle(self, cycle_id: str) -> None:
        """Make another cycle of the workspace the open one and compute it."""
        workspace = self.state.workspace
        if workspace is None or workspace.cycle(cycle_id) is None:
            return
        self._set_state(
            cycle_id=cycle_id,
            compute=None,
            computed_from=None,
            analysis=None,
            metric_id=None,
            busy="Computing",
            progress=None,
        )
        self._cycle_worker(workspace, cycle_id)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _cycle_worker(
        self, workspace: Workspace, cycle_id: str, previous: services.Previous | None = None
    ) -> None:
        background_priority()
        cycle = workspace.cycle(cycle_id)
        self._compute_and_analyse(workspace, cycle, self.state.problems, previous)

    def _compute_and_analyse(
        self,
        workspace: Workspace,
        cycle: Cycle | None,
        problems: tuple[Problem, ...],
        previous: services.Previous | None = None,
    ) -> None:
        """Runs in a worker thread. Keeps what was computed when a later step fails.
        ``previous``: the cycle before an edit and its result (``services.compute``)."""
        if cycle is None:
            self._remember_files(workspace, None)
            self._post_state(busy=None, progress=None, loaded=True)
            return
        # Stamps taken before reading: a file saved while it is being read still counts as changed.
        self._remember_files(workspace, cycle)
        self._post_state(busy=f"Computing {cycle.id}", progress=None)
        try:
            progress = self._progress_callback(f"Computing {cycle.id}")
            result = self.services.compute(cycle, progress, previous)
        except CsiError as error:
            self._post_state(problems=problems + error.problems, busy=None, loaded=True)
            self.call_from_thread(self._notify_problems, error.problems)
            return
        # A broken source or metric does not stop the others: its problems join the panel.
        computed_problems = tuple(getattr(result, "problems", ()))
        if computed_problems:
            problems = problems + computed_problems
            self.call_from_thread(self._notify_problems, computed_problems)
        self._post_state(
            compute=result,
            computed_from=cycle,
            problems=problems,
            busy=f"Analysing {cycle.id}",
            progress=None,
        )
        try:
            analysis = self.services.analyse(cycle, result)
        except CsiError as error:
            self._post_state(problems=problems + error.problems, busy=None, loaded=True)
            self.call_from_thread(self._notify_problems, error.problems)
            return
        self._post_state(analysis=analysis, busy=None, progress=None, loaded=True)

    def _remember_files(self, workspace: Workspace | None, cycle: Cycle | None) -> None:
        """Snapshot the watched files' mtimes as they were when loaded (worker thread)."""
        self._stamps = services.mtimes(services.watched_files(workspace, cycle))

    @work(thread=True, group="warm", exit_on_error=False)
    def warm_up(self, modes: list[str]) -> None:
        """Import the step screens (and polars, scipy through them) off the UI thread, so the
        first visit of a step does not pay for its imports; build each one once imported."""
        # Not at a lower priority: imports hold the GIL and the import lock, which a step key
        # pressed meanwhile may be waiting for, so they must finish fast. Each screen is queued
        # for building as soon as its module is in: the light steps are then built within a few
        # hundred ms, not after the analysis imports (scipy, ~1 s on a busy machine) of steps 4-6.
        for mode in modes:
            screen_class(mode)
            freeze_long_lived()  # the screen's module and what it imported
            self.call_from_thread(self.prebuild_screens, [mode])

    _prebuild_queue: tuple[str, ...] = ()  # modes waiting to be built ahead, in order
    _prebuild_running = False  # a prebuild worker is draining the queue

    def prebuild_screens(self, modes: list[str]) -> None:
        """Compose and mount the step screens not yet visited, one at a time on the UI loop."""
        self._prebuild_queue += tuple(m for m in modes if m not in self._prebuild_queue)
        if not self._prebuild_running:
            self._prebuild_running = True
            self.run_worker(self._prebuild(), group="prebuild", exit_on_error=False)

    async def _prebuild(self) -> None:
        # Building a screen means composing and mounting its widgets (each widget mounts in its own
        # task, so the loop stays free between them) and a first show_state; the pause between
        # screens lets a key or a paint through. A step visited meanwhile is built by its visit.
        # The queue is only touched on the UI loop, so draining it cannot race with queueing.
        try:
            while self._prebuild_queue:
                mode, self._prebuild_queue = self._prebuild_queue[0], self._prebuild_queue[1:]
                await asyncio.sleep(PREBUILD_PAUSE_S)
                # Not while a visited step is still being mounted: two screens mounting at once
                # share the loop, and the one the user waits for would take twice as long. Nor
                # while a cycle loads: the workers then hold the CPU and the GIL, and a key
                # waiting behind a build step took up to 190 ms (10M rows); visited steps are
                # built by their visit in 30-70 ms meanwhile, the rest once the load is over.
                while self.is_running and (
                    not self.screen.is_mounted or self.state.busy is not None
                ):
                    await asyncio.sleep(PREBUILD_PAUSE_S)
                shown = mode_screens(self, mode) is not None
                if shown or mode in self.prebuilt or not self.is_running:
                    continue
                screen = screen_class(mode)()
                # Textual mounts a screen when it is first shown; registering it does the same
                # ahead of time without showing it. A step visited while its screen is being
                # built is handed this screen (by the mode's factory), half-mounted as a first
                # visit's screen is, rather than building a second one on a busy loop.
                self.prebuilding[mode] = screen
                try:
                    await mount_unshown(self, screen)
                finally:
                    self.prebuilding.pop(mode, None)
                stack = mode_screens(self, mode)
                if stack is None:
                    self.prebuilt[mode] = screen
                elif screen not in stack:
                    await remove_unshown(self, screen)
        finally:
            self._prebuild_running = False

    # ------------------------------------------------------------ failures
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "load" or event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, CsiError):
            problems = error.problems
        else:
            # A bug, not a user error: say what happened in one line, keep the app usable.
            problems = (
                Problem(
                    f"unexpected error while loading: {type(error).__name__}: {error}",
                    hint="press r to retry; if it persists, report it with the cycle file",
                ),
            )
        self._set_state(
            problems=self.state.problems + problems, busy=None, progress=None, loaded=True
        )
        self._notify_problems(problems)
        if self.state.workspace is None:
            # Nothing opened: watch what the user will fix, so saving it retries.
            self._stamps = services.mtimes(services.target_files(self.start_path))

    def _notify_problems(self, problems: tuple[Problem, ...]) -> None:
        if not problems:
            return
        first = problems[0].format()
        more = f"\n(and {len(problems) - 1} more: see the panel)" if len(problems) > 1 else ""
        self.notify(first + more, title="Problem", severity="error", timeout=8)

    # ------------------------------------------------------------ reload and file watch
    def reload(self, reason: str | None = None) -> None:
        if reason:
            self.notify(reason, title="Reloading")
        self.start_loading(self.state.cycle_id)

    def start_watching(self) -> None:
        self.set_timer(self.watch_interval, self._watch_tick)

    def _watch_tick(self) -> None:
        """Poll mtimes; reschedules itself after it finishes so polls never overlap."""
        try:
            if self.state.busy is None and self._stamps:
                now = services.mtimes(list(self._stamps))
                changed = [p for p, stamp in now.items() if stamp != self._stamps.get(p)]
                if changed:
                    self._stamps = now
                    names = ", ".join(p.name for p in changed[:3])
                    self.reload(f"{names} changed on disk")
        finally:
            if self.is_running:
                self.set_timer(self.watch_interval, self._watch_tick)


def _fraction(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> float | None:
    """Make sense of whatever the engine reports: (done, total), a fraction, or words only."""
    numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    if "done" in kwargs and "total" in kwargs:
        numbers = [kwargs["done"], kwargs["total"]]
    if len(numbers) >= 2 and numbers[1]:
        return max(0.0, min(1.0, float(numbers[0]) / float(numbers[1])))
    if len(numbers) == 1 and 0.0 <= float(numbers[0]) <= 1.0:
        return float(numbers[0])
    return None


def _preferred_cycle(workspace: Workspace, path: Path | None) -> Cycle | None:
    """A cycle file given on the command line opens that cycle; a folder, its newest live one."""
    if path is not None and path.is_file():
        for cycle in workspace.cycles:
            if cycle.path is not None and cycle.path.resolve() == path.resolve():
                return cycle
    return workspace.open_cycle()


def _keep_metric(metric_id: str | None, cycle: Cycle | None) -> str | None:
    if cycle is None:
        return None
    if metric_id is not None and cycle.metric(metric_id) is not None:
        return metric_id
    return cycle.metrics[0].id if cycle.metrics else None


__all__ = ["AppState", "LoadingMixin"]
