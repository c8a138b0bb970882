"""The Textual app (placeholder home screen until the meeting app lands)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class FacilitatorApp(App[None]):
    TITLE = "facilitator"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Blameless post-mortems. Press Ctrl+Q to quit.")
        yield Footer()
