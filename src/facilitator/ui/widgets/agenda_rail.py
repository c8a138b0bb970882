"""The agenda rail: the nine stages, which is current, which are done, and their timeboxes."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from facilitator.core.agenda import STAGES, MeetingClock

# Short names keep the rail narrow enough for an 80-column shared screen.
SHORT_TITLES = {"opening": "Opening", "actions": "Actions"}
MARKS = {"done": "✓", "current": "▶", "todo": "·"}


class AgendaRail(Static):
    """A read-only list of stages; clicking one asks to move there (keys do the same)."""

    DEFAULT_CSS = """
    AgendaRail {
        width: 24;
        height: 1fr;
        padding: 0 1;
        border-right: vkey $panel;
    }
    """

    class StageChosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, clock: MeetingClock, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.clock = clock

    def on_mount(self) -> None:
        self.refresh_agenda()

    def refresh_agenda(self) -> None:
        lines = [Content.styled("Agenda", "bold"), Content("")]
        for number, stage in enumerate(STAGES, start=1):
            state = self.clock.state(stage.key)
            title = SHORT_TITLES.get(stage.key, stage.title)
            minutes = round(self.clock.timeboxes[stage.key] / 60)
            width = self.content_size.width or 20
            # Numbers only when they fit: the rail must stay narrow on an 80-column screen.
            label = f"{MARKS[state]} {number} {title}" if width >= 20 else f"{MARKS[state]} {title}"
            box = f"{minutes}m"
            line = label.ljust(max(len(label) + 1, width - len(box))) + box
            style = {"current": "bold $accent", "done": "$text-muted", "todo": ""}[state]
            lines.append(Content.styled(line, style) if style else Content(line))
        self.update(Content("\n").join(lines))

    def on_resize(self) -> None:
        self.refresh_agenda()

    def on_click(self, event: events.Click) -> None:
        index = event.y - 2
        if 0 <= index < len(STAGES):
            self.post_message(self.StageChosen(STAGES[index].key))
