"""Every use of Textual's private API in csi-tui, each behind a name that says what it does.

Textual offers no public way to do these; each one is here so that a new Textual release breaks
one file, not the app. ``pyproject.toml`` pins ``textual>=8.2,<9``, and
``tests/tui/test_textual_internals.py`` fails when the installed Textual no longer has what these
functions use (names, kinds, signatures) or when they stop doing what they say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widget import AwaitMount

if TYPE_CHECKING:
    # Types only: the loading layer imports this module before the first frame, which must not
    # wait for plotext (textual_plotext) or the widgets.
    from textual import events
    from textual.app import App
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.widgets import Footer
    from textual_plotext import PlotextPlot

# ------------------------------------------------------------ screens built ahead of their visit
# Building a step screen while nobody looks at it (loading.py) needs what Textual does when it
# first shows a mode's screen, without showing it: register it with the App, and later remove it.


def mode_screens(app: App[Any], mode: str) -> list[Screen[Any]] | None:
    """The screen stack of ``mode``, or None while the mode has never been shown."""
    return app._screen_stacks.get(mode)


async def mount_unshown(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount ``screen`` as its first visit would, without showing it."""
    await AwaitMount(screen, app._register(app, screen))


async def remove_unshown(app: App[Any], screen: Screen[Any]) -> None:
    """Close a screen mounted by ``mount_unshown`` that no stack took (its mode was shown meanwhile
    with another screen)."""
    await app._prune(screen)


# ------------------------------------------------------------ restyling on a step switch
# Textual restyles every widget of a screen it shows again unless the screen is stamped with the
# App's CSS generation; a mode's screen is never stamped, so each first visit restyled all screens
# (screens/base.py).


def css_generation(app: App[Any]) -> int:
    """How many times the App's CSS has been (re)applied: changes with the CSS and the theme."""
    count: int = app._css_update_count
    return count


def mark_styled_now(screen: Screen[Any], app: App[Any]) -> None:
    """Stamp ``screen`` as styled with the App's current CSS (it is built now, and styled with it
    when mounted), so showing it does not restyle the whole App."""
    screen._css_update_count = app._css_update_count


def resume_without_restyle(event: events.ScreenResume) -> None:
    """Tell Screen's own ScreenResume handler (which runs after a subclass's ``on_screen_resume``)
    not to restyle the screen's widgets: nothing they are styled from changed while it was away."""
    event.refresh_styles = False


# ------------------------------------------------------------ notifications
# ``App.notify`` only adds; capping how many show (notices.py) needs the list and a way to drop one.


def shown_notifications(app: App[Any]) -> list[Notification]:
    """The notifications the App holds now, oldest first."""
    return list(app._notifications)


def drop_notification(app: App[Any], notification: Notification) -> None:
    """Remove ``notification`` without repainting (the caller's next ``notify`` repaints)."""
    app._unnotify(notification, refresh=False)


# ------------------------------------------------------------ footer and charts


def footer_has_bindings(footer: Footer) -> bool:
    """The Footer has received its screen's bindings at least once (until then it shows none)."""
    ready: bool = footer._bindings_ready
    return ready


def plotext_theme_name(plot: PlotextPlot, app_theme: str) -> str:
    """The plotext theme textual-plotext would use for ``plot`` under the App theme ``app_theme``
    (the chart renders itself, without PlotextPlot.render, so it must ask)."""
    return plot._get_plotext_theme_name(app_theme)
