"""The blameless opening: a statement to read aloud, and the ground rules."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from facilitator.core.model import PostMortem
from facilitator.ui.stages.base import CHECKED, StageEditor
from facilitator.ui.widgets.form import Form

DEFAULT_STATEMENT = (
    "We are here to understand how our systems and our ways of working made this "
    "incident possible, not to find someone to blame. Everyone involved acted in good "
    "faith on what they knew at the time. When hindsight makes a choice look wrong, we "
    "ask what made it look right back then. What we learn becomes changes to the "
    "system, and every voice in this room helps."
)

GROUND_RULES = (
    "Talk about systems and conditions, not about people.",
    "Assume good intent: everyone did what made sense with what they knew.",
    "No hindsight verdicts: ask \"what did we know then?\", not \"who should have?\".",
    "Ask \"what\" and \"how\" questions rather than \"who\" or \"why did you\".",
    "One conversation at a time; the facilitator keeps the time.",
)


class OpeningEditor(StageEditor):
    """The statement large on screen; edit it below; the ground rules underneath."""

    def __init__(self, pm: PostMortem, **kwargs: object) -> None:
        super().__init__(pm, **kwargs)

    @property
    def statement(self) -> str:
        return self.pm.opening_statement or DEFAULT_STATEMENT

    def compose(self) -> ComposeResult:
        with Form(classes="form"):
            yield Static("Read aloud", classes="form-heading")
            yield Static(self.statement, id="statement", markup=False)
            yield Static("Ground rules", classes="form-heading")
            rules = "\n".join(f"{n}. {rule}" for n, rule in enumerate(GROUND_RULES, 1))
            yield Static(rules, id="ground-rules", markup=False)
            yield Static("Edit the statement", classes="form-heading")
            yield TextArea(self.statement, id="statement-edit", classes=CHECKED,
                           soft_wrap=True, compact=True)

    def on_mount(self) -> None:
        if not self.pm.opening_statement:
            # Reaching this stage means the statement is read out: record the words used.
            self.pm.opening_statement = DEFAULT_STATEMENT
            self.notify_changed()
        # Ready to edit, but the statement stays in view: it is read aloud first.
        self.query_one("#statement-edit", TextArea).focus(scroll_visible=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "statement-edit":
            return
        text = event.text_area.text
        if text == self.statement:
            return
        self.pm.opening_statement = text
        self.query_one("#statement", Static).update(self.statement)
        self.notify_changed()
