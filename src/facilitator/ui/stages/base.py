"""The contract between the meeting screen and the stage editors.

A stage editor edits its part of one ``PostMortem`` in place. After every change it posts
``StageEditor.Changed`` (the meeting screen autosaves on it). Free-text fields that the blame
checker should watch are ``Input`` or ``TextArea`` widgets carrying the CSS class ``checked``;
those holding an action item's description also carry ``action-item``. The meeting screen finds
them by class, lints their text, marks the spans and lists the flags, so editors need not know
about the checker.
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from facilitator.core.model import PostMortem

CHECKED = "checked"
ACTION_ITEM = "action-item"


class StageEditor(Widget):
    """Base for the editor of one agenda stage."""

    DEFAULT_CSS = """
    StageEditor {
        height: 1fr;
    }
    """

    class Changed(Message):
        """The post-mortem was edited through this editor."""

    def __init__(self, pm: PostMortem, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pm = pm

    def notify_changed(self) -> None:
        self.post_message(self.Changed())

    def reload(self, pm: PostMortem) -> None:
        """Show ``pm`` afresh (after a rewrite was applied elsewhere, or a draft resumed)."""
        self.pm = pm
        self.refresh(recompose=True)
