"""Notifications that stay out of the way: a few at a time, never twice the same, never over the
help screen or the command palette (CsiApp mixes this in).

A reload from the file watch or a run of problems can post many messages; Textual stacks every
one of them up the right side of whichever screen is showing, help and palette included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from csi_tui.tui.app import CsiApp

MAX_NOTICES = 3  # at 80x24 three short toasts leave most of a screen readable

# Textual mounts a toast rack on every screen; on these two the toasts are hidden (kept, and
# shown again on the step if still current when the help or the palette closes). On the toasts,
# not the rack: the rack sets its own display whenever it shows them.
NOTICES_CSS = """
HelpScreen Toast, CommandPalette Toast { display: none; }
"""


class NoticesMixin:
    """``notify`` with a cap and no repeats (only ever mixed into CsiApp)."""

    def notify(
        self: CsiApp,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Textual keeps the notifications in App._notifications and offers no public way to
        # drop one; it is the only way to cap them (textual>=8.2,<9; tests/tui/test_notices.py).
        current = list(self._notifications)
        for old in current:
            if str(old.message) == str(message) and old.title == title:
                self._unnotify(old, refresh=False)  # the same again: the new one replaces it
        current = list(self._notifications)
        for old in current[: max(0, len(current) - (MAX_NOTICES - 1))]:
            self._unnotify(old, refresh=False)  # the oldest give way
        super().notify(  # type: ignore[misc]
            message, title=title, severity=severity, timeout=timeout, markup=markup
        )
