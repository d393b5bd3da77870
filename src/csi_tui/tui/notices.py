"""Notifications that stay out of the way: a few at a time, never twice the same, never over the
help screen or the command palette (CsiApp mixes this in).

A reload from the file watch or a run of problems can post many messages; Textual stacks every
one of them up the right side of whichever screen is showing, help and palette included.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel

from csi_tui.tui.textual_internals import drop_notification, shown_notifications

MAX_NOTICES = 3  # at 80x24 three short toasts leave most of a screen readable

# Textual mounts a toast rack on every screen; on these two the toasts are hidden (kept, and
# shown again on the step if still current when the help or the palette closes). On the toasts,
# not the rack: the rack sets its own display whenever it shows them.
NOTICES_CSS = """
HelpScreen Toast, CommandPalette Toast { display: none; }
"""


class NoticesMixin(App[None]):
    """``notify`` with a cap and no repeats (a layer of CsiApp)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Textual offers no public way to drop a notification (textual_internals.py).
        for old in shown_notifications(self):
            if str(old.message) == str(message) and old.title == title:
                drop_notification(self, old)  # the same again: the new one replaces it
        current = shown_notifications(self)
        for old in current[: max(0, len(current) - (MAX_NOTICES - 1))]:
            drop_notification(self, old)  # the oldest give way
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
