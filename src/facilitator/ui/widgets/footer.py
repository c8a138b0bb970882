"""The footer of every screen, rebuilt once per burst of binding changes.

Textual's Footer rebuilds all its keys each time the active bindings change, and a screen
coming up changes them several times in a row (mount, focus, the first field): on the home
screen that was nine rebuilds before the first paint. One rebuild after the burst shows the
same keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that coalesces binding changes into one rebuild."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # changes from here on schedule another rebuild
        await self.recompose()
