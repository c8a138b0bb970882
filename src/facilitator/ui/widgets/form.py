"""A scrolling form: fields take focus, the container itself never does."""

from __future__ import annotations

from textual.containers import VerticalScroll


class Form(VerticalScroll, can_focus=False):
    """Scrolls to the focused field; Tab goes from field to field, not to the container."""
