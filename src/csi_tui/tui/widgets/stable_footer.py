"""A Footer that rebuilds its keys only when what it shows changes.

Textual's Footer recomposes (removes and mounts every key widget, each restyled one by one) on every
bindings update of its screen, and a screen publishes one each time it comes back. On a step switch
that was about a third of the work; the keys shown are nearly always the same.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from csi_tui.tui.textual_internals import footer_has_bindings


class StableFooter(Footer):
    # Footer's CSS applies as is: a subclass matches the "Footer" type selector.

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._shown: Hashable | None = None

    def signature(self) -> Hashable:
        """Everything the composed keys depend on."""
        app = self.app
        shown = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                binding.tooltip,
                None
                if binding.group is None
                else (binding.group.description, binding.group.compact),
            )
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
        return (
            shown,
            self.compact,
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
        )

    def compose(self) -> ComposeResult:
        if footer_has_bindings(self):
            self._shown = self.signature()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            footer_has_bindings(self)
            and self.is_attached
            and screen is self.screen
            and self._shown is not None
            and self.signature() == self._shown
        ):
            return
        super().bindings_changed(screen)
