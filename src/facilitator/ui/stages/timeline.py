"""The timeline walk-through: events in time order, typed naturally or pasted from chat."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.core.chatpaste import ProposedEvent, propose_events
from facilitator.core.event_kinds import guess_kind
from facilitator.core.model import EventKind, PostMortem, TimelineEvent, format_duration
from facilitator.core.timeparse import TimeParseError, format_time, parse_time
from facilitator.ui.stages._parts import FieldRow, LineArea, only_when_filled
from facilitator.ui.stages.base import CHECKED, StageEditor

# More proposals than this from one paste is a log dump, not a timeline; show the first ones.
MAX_PROPOSALS = 500
KIND_OPTIONS = [(kind.value, kind) for kind in EventKind]


def _local(moment: datetime, tz: str) -> str:
    try:
        return format_time(moment, tz)
    except TimeParseError:
        return format_time(moment, "UTC")


class EventTable(DataTable[Text]):
    """The events; keys here add, edit, delete and paste."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("p", "paste_chat", "Paste chat"),
    ]

    def _editor(self) -> TimelineEditor:
        return self.query_ancestor(TimelineEditor)

    def action_add(self) -> None:
        self._editor().start_new()

    def action_edit(self) -> None:
        if self.row_count:
            self._editor().edit(self.cursor_row)

    def action_delete(self) -> None:
        if self.row_count:
            self._editor().delete(self.cursor_row)

    def action_paste_chat(self) -> None:
        self._editor().open_paste()

    def _on_paste(self, event: events.Paste) -> None:
        # A chat copied straight onto the table goes to the paste dialog.
        event.stop()
        self._editor().open_paste(event.text)


_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")


def _is_chat(text: str) -> bool:
    """Two or more lines with a clock time: a chat or log copy rather than one value."""
    return sum(1 for line in text.splitlines() if _CLOCK_TIME.search(line)) >= 2


class _ChatGoesToPasteDialog:
    """A chat or log pasted into the new-event form opens the paste dialog with it."""

    def _on_paste(self, event: events.Paste) -> None:
        editor = next((a for a in self.ancestors if isinstance(a, TimelineEditor)), None)  # type: ignore[attr-defined]
        if editor is not None and _is_chat(event.text):
            # Textual calls each class's handler in turn; this keeps the field's own out.
            event.prevent_default()
            event.stop()
            editor.open_paste(event.text)


class TimeInput(_ChatGoesToPasteDialog, Input):
    """The new event's time."""


# (Textual calls each class's own _on_paste in turn, awaiting those that are coroutines: the
# two need not agree on being one.)
class DescriptionArea(_ChatGoesToPasteDialog, LineArea):  # type: ignore[misc]
    """The new event's description."""


class ProposalList(OptionList):
    """Proposed events: Space keeps or drops one, Enter adds the kept ones.

    An option list rather than a selection list so long messages wrap instead of being cut.
    """

    BINDINGS = [
        Binding("space", "keep_or_drop", "Keep/drop"),
        Binding("enter", "accept", "Add kept events"),
        Binding("a", "all(True)", "Keep all"),
        Binding("n", "all(False)", "Drop all"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prompts: list[Text] = []
        self.kept: set[int] = set()

    @property
    def selected(self) -> list[int]:
        """Indexes of the kept proposals, in order."""
        return sorted(self.kept)

    def show(self, prompts: list[Text]) -> None:
        """Replace the proposals; all start kept."""
        self.prompts = prompts
        self.kept = set(range(len(prompts)))
        self.set_options([Option(self._line(i)) for i in range(len(prompts))])
        if prompts:
            self.highlighted = 0

    def _line(self, index: int) -> Text:
        mark = Text("[x] " if index in self.kept else "[ ] ",
                    style="bold" if index in self.kept else "dim")
        return mark + self.prompts[index]

    def _refresh_all(self) -> None:
        for index in range(len(self.prompts)):
            self.replace_option_prompt_at_index(index, self._line(index))

    def action_keep_or_drop(self) -> None:
        index = self.highlighted
        if index is None:
            return
        self.kept ^= {index}
        self.replace_option_prompt_at_index(index, self._line(index))
        self.screen.query_one("#found", Static).update(
            f"{len(self.kept)} of {len(self.prompts)} kept.")

    def action_accept(self) -> None:
        self.screen.action_accept()  # type: ignore[attr-defined]

    def action_all(self, keep: bool) -> None:
        self.kept = set(range(len(self.prompts))) if keep else set()
        self._refresh_all()


class PasteChatScreen(ModalScreen[list[ProposedEvent] | None]):
    """Paste chat or log text, see the events found in it, keep the right ones."""

    DEFAULT_CSS = """
    PasteChatScreen {
        align: center middle;
    }
    PasteChatScreen > Vertical {
        width: 96%;
        max-width: 140;
        height: 94%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PasteChatScreen #chat {
        height: 1fr;
        min-height: 4;
    }
    PasteChatScreen ProposalList {
        height: 1fr;
        min-height: 4;
    }
    PasteChatScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, base: date, tz: str, text: str = "") -> None:
        super().__init__()
        self.base = base
        self.tz = tz
        self.text = text
        self.proposals: list[ProposedEvent] = []
        self._one_day = True
        self._shown_text: str | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Paste chat or log lines with times (Slack, alerts, logs)")
            yield TextArea(self.text, id="chat", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="found", classes="hint", markup=False)
            yield ProposalList(id="proposals")
            yield Static(
                "Tab: to the list · Space: keep/drop · Enter: add the kept · Esc: cancel",
                classes="hint", markup=False,
            )

    def on_mount(self) -> None:
        self._propose()
        self.query_one("#chat", TextArea).focus()

    @on(TextArea.Changed, "#chat")
    def _chat_changed(self) -> None:
        # Reading a big paste on every keystroke would stutter; wait for a pause.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.25, self._propose)

    def _propose(self) -> None:
        self._timer = None
        text = self.query_one("#chat", TextArea).text
        if text == self._shown_text:
            return
        # A big paste takes a second to read: do it off the UI thread so typing never stalls.
        self.run_worker(lambda: self._read(text), thread=True, exclusive=True,
                        group="propose", exit_on_error=False)

    def _read(self, text: str) -> None:
        found = propose_events(text, self.base, self.tz)
        with contextlib.suppress(RuntimeError):  # the dialog closed meanwhile
            self.app.call_from_thread(self._show, text, found)

    def _show(self, text: str, found: list[ProposedEvent]) -> None:
        if not self.is_mounted or text != self.query_one("#chat", TextArea).text:
            return  # stale: newer text is on its way
        self._shown_text = text
        self.proposals = found[:MAX_PROPOSALS]
        self._one_day = len({_local(p.at, self.tz)[:10] for p in self.proposals}) == 1
        self.query_one(ProposalList).show([self._prompt(p) for p in self.proposals])
        if not text.strip():
            message = "Nothing pasted yet."
        elif not found:
            message = "No lines with a time found. Lines need a time such as 14:02 or 2:14 PM."
        elif len(found) > MAX_PROPOSALS:
            message = f"{len(found)} events found; showing the first {MAX_PROPOSALS}."
        else:
            message = f"{len(found)} event{'s' if len(found) != 1 else ''} found, all kept."
        self.query_one("#found", Static).update(message)

    def _prompt(self, proposal: ProposedEvent) -> Text:
        text = Text()
        shown = _local(proposal.at, self.tz)
        text.append(shown[11:] if self._one_day else shown, style="bold")
        text.append(f"  {proposal.kind.value:<13} ")
        text.append(proposal.description)
        return text

    def action_accept(self) -> None:
        text = self.query_one("#chat", TextArea).text
        if text != self._shown_text:
            # Enter came before the list caught up with the text: read it now.
            self._show(text, propose_events(text, self.base, self.tz))
        kept = self.query_one(ProposalList).selected
        self.dismiss([self.proposals[i] for i in sorted(kept)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TimelineEditor(StageEditor):
    """The incident's events in time order, with derived time to detect / mitigate / resolve."""

    DEFAULT_CSS = """
    TimelineEditor {
        layout: vertical;
    }
    TimelineEditor #durations {
        height: auto;
        color: $text-muted;
    }
    TimelineEditor EventTable {
        height: 1fr;
        min-height: 4;
    }
    TimelineEditor #event-form {
        height: auto;
        border-top: solid $panel-lighten-2;
    }
    TimelineEditor #form-title {
        color: $accent;
    }
    TimelineEditor #time-note {
        height: auto;
        color: $text-muted;
        padding-left: 13;
    }
    TimelineEditor #time-note.-error {
        color: $warning;
    }
    TimelineEditor .hint {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("ctrl+o", "paste_chat", "Paste chat", show=False)]

    def __init__(self, pm: PostMortem, **kwargs: object) -> None:
        super().__init__(pm, **kwargs)
        # The event the form is bound to; None: the form holds a new one not yet complete.
        self.current: TimelineEvent | None = None

    @property
    def editing(self) -> int | None:
        """Position in pm.timeline of the event the form edits."""
        return next((i for i, e in enumerate(self.pm.timeline) if e is self.current), None)

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="durations", markup=False)
        table = EventTable(id="events", cursor_type="row", zebra_stripes=True)
        table.can_focus = bool(self.pm.timeline)
        yield table
        with Vertical(id="event-form"):
            yield Label("New event", id="form-title")
            yield FieldRow("Time", TimeInput(
                placeholder="14:02, 2:14 PM, 2026-03-04 14:02 +01:00", id="time", compact=True))
            yield Static("", id="time-note", markup=False).set_styles("display: none;")
            yield FieldRow("What", DescriptionArea(placeholder="What happened (Enter saves)",
                                                   id="description", classes=CHECKED))
            yield FieldRow("Kind", Select(KIND_OPTIONS, prompt="(guess from the words)",
                                          id="kind", compact=True))
            yield FieldRow("Known then", LineArea(
                placeholder="For a decision: what was known at that moment",
                id="known", classes=CHECKED), id="known-row")
            yield Static("Enter saves · Esc: to the table", classes="hint", markup=False)

    def on_mount(self) -> None:
        self._setup()

    def reload(self, pm: PostMortem) -> None:
        """Show ``pm`` afresh: rebuild the widgets, then fill them again."""
        self.pm = pm
        self.current = None

        async def rebuild() -> None:
            await self.recompose()
            self._setup()

        self.call_later(rebuild)

    def _setup(self) -> None:
        table = self.query_one(EventTable)
        table.add_column("Time", key="time")
        table.add_column("Kind", key="kind", width=13)
        table.add_column("What happened", key="what")
        self._sync_kind_row()
        self.refresh_events()

    def on_resize(self) -> None:
        self._size_columns()
        self.refresh_events()

    def _size_columns(self) -> int:
        table = self.query_one(EventTable)
        time_width = self._time_width()
        width = max(20, self.size.width - time_width - 13 - 8)
        columns = table.columns
        for key, value in (("time", time_width), ("what", width)):
            column = columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.width = value
                column.auto_width = False
        return width

    def _time_width(self) -> int:
        return 5 if self._one_day() else 16

    def _one_day(self) -> bool:
        return len({self._shown_date(e.at) for e in self.pm.timeline}) <= 1

    def _shown_date(self, moment: datetime) -> str:
        return _local(moment, self.pm.timezone)[:10]

    def _time_cell(self, moment: datetime, one_day: bool) -> Text:
        shown = _local(moment, self.pm.timezone)
        return Text(shown[11:] if one_day else shown)

    # --- showing -------------------------------------------------------------------------

    def refresh_events(self, cursor: int | None = None) -> None:
        """Show pm.timeline (sorted) and the derived durations."""
        table = self.query_one(EventTable)
        self.pm.timeline.sort(key=lambda e: e.at)
        width = self._size_columns()
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        one_day = self._one_day()
        for index, event in enumerate(self.pm.timeline):
            what = Text(event.description)
            if event.known_at_time:
                what.append("\nKnown then: ", style="italic dim")
                what.append(event.known_at_time, style="italic")
            lines = max(1, len(what.wrap(self.app.console, width)))
            table.add_row(self._time_cell(event.at, one_day), Text(event.kind.value), what,
                          key=str(index), height=lines)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)))
        only_when_filled(table, bool(table.row_count), self.query_one("#time", Input))
        self._show_durations()

    def _show_durations(self) -> None:
        pm = self.pm
        parts = [
            ("detect", pm.time_to_detect),
            ("acknowledge", pm.time_to_acknowledge),
            ("mitigate", pm.time_to_mitigate),
            ("resolve", pm.time_to_resolve),
        ]
        text = "To " + " · ".join(f"{name} {format_duration(value)}"
                                      for name, value in parts)
        if not pm.timeline:
            text = "No events yet: type one below, or paste a chat or log (ctrl+o)."
        self.query_one("#durations", Static).update(text)

    def _sync_kind_row(self) -> None:
        kind = self.query_one("#kind", Select).value
        known = self.query_one("#known", LineArea)
        self.query_one("#known-row").display = kind == EventKind.DECISION or bool(known.text)

    # --- the form ------------------------------------------------------------------------

    def _form_title(self, text: str) -> None:
        self.query_one("#form-title", Label).update(text)

    def _set_note(self, message: str, error: bool = False) -> None:
        note = self.query_one("#time-note", Static)
        note.update(message)
        note.set_class(error, "-error")
        note.display = bool(message)

    def _clear_form(self) -> None:
        self.query_one("#time", Input).value = ""
        self.query_one("#kind", Select).clear()
        self.query_one("#description", LineArea).set_value("")
        self.query_one("#known", LineArea).set_value("")
        self._set_note("")
        self._sync_kind_row()

    def form_draft(self) -> dict[str, str]:
        """What is typed in the new-event form but is not an event yet (no readable time or
        no description): the meeting screen saves it with its state, so a crash keeps it."""
        if self.current is not None:
            return {}  # already an event in the post-mortem
        kind = self.query_one("#kind", Select).value
        fields = {
            "time": self.query_one("#time", Input).value,
            "description": self.query_one("#description", LineArea).text,
            "known": self.query_one("#known", LineArea).text,
            "kind": str(kind) if isinstance(kind, EventKind) else "",
        }
        return {key: value for key, value in fields.items() if value.strip()}

    def restore_form_draft(self, fields: dict[str, str]) -> None:
        """Put a saved ``form_draft`` back into an empty new-event form."""
        if self.current is not None or not isinstance(fields, dict):
            return
        if self.query_one("#time", Input).value or self.query_one("#description", LineArea).text:
            return  # never overwrite what is on screen
        text = {key: value for key, value in fields.items() if isinstance(value, str)}
        with contextlib.suppress(ValueError):
            if text.get("kind"):
                self.query_one("#kind", Select).value = EventKind(text["kind"])
        self.query_one("#time", Input).value = text.get("time", "")
        self.query_one("#known", LineArea).set_value(text.get("known", ""))
        self.query_one("#description", LineArea).set_value(text.get("description", ""))

    def start_new(self) -> None:
        self.current = None
        self._clear_form()
        self._form_title("New event")
        self.query_one("#time", Input).focus()

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.pm.timeline):
            return
        event = self.pm.timeline[index]
        self.current = event
        self._form_title(f"Editing event {index + 1}")
        self.query_one("#time", Input).value = _local(event.at, self.pm.timezone)
        self.query_one("#kind", Select).value = event.kind
        self.query_one("#description", LineArea).set_value(event.description)
        self.query_one("#known", LineArea).set_value(event.known_at_time)
        self._set_note("")
        self._sync_kind_row()
        self.query_one("#description", LineArea).focus()

    def delete(self, index: int) -> None:
        if not 0 <= index < len(self.pm.timeline):
            return
        removed = self.pm.timeline.pop(index)
        if removed is self.current:
            self.current = None
            self._clear_form()
            self._form_title("New event")
        self.refresh_events(index)
        self.notify_changed()

    def _read_time(self) -> datetime:
        text = self.query_one("#time", Input).value
        return parse_time(text, base=self.pm.date or date.today(), tz=self.pm.timezone)

    @on(Input.Changed, "#time")
    def _time_typed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self._set_note("")
            return
        try:
            moment = self._read_time()
        except TimeParseError:
            # Quiet while typing; the message appears when saving.
            self._set_note("")
            return
        self._set_note(f"= {_local(moment, self.pm.timezone)} ({self.pm.timezone})")

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._sync_kind_row()
        self._live()

    @on(TextArea.Changed, "#description, #known")
    def _text_changed(self) -> None:
        self._live()

    def _live(self) -> None:
        """Put what is typed into the post-mortem at once, so autosave has it.

        A new event starts once it has a readable time and some description; its time (and
        so its place in the table) changes only on Enter, so rows do not jump while typing.
        """
        description = self.query_one("#description", LineArea).value
        kind_value = self.query_one("#kind", Select).value
        known = self.query_one("#known", LineArea).value
        event = self.current
        if event is None:
            if not description:
                return
            try:
                moment = self._read_time()
            except TimeParseError:
                return
            kind = kind_value if isinstance(kind_value, EventKind) else guess_kind(description)
            event = TimelineEvent(moment, description, kind, known)
            self.pm.timeline.append(event)
            self.pm.timeline.sort(key=lambda e: e.at)
            self.current = event
            self._form_title(f"Editing event {self.editing + 1 if self.editing is not None else 0}")
        else:
            kind = kind_value if isinstance(kind_value, EventKind) else event.kind
            if not description or (event.description, event.kind, event.known_at_time) == (
                    description, kind, known):
                return
            event.description, event.kind, event.known_at_time = description, kind, known
        self.refresh_events(cursor=self.editing)
        self.notify_changed()

    @on(Input.Submitted, "#time")
    def _time_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(LineArea.Submitted)
    def _text_submitted(self, event: LineArea.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> bool:
        """Add the event in the form (or update the one being edited); keep the form on error."""
        try:
            moment = self._read_time()
        except TimeParseError as error:
            self._set_note(str(error), error=True)
            self.query_one("#time", Input).focus()
            return False
        description = self.query_one("#description", LineArea).value
        if not description and self.editing is not None:
            # Emptying an event's description and pressing Enter removes it.
            self.delete(self.editing)
            self.start_new()
            return True
        if not description:
            self._set_note("Describe what happened before saving.", error=True)
            self.query_one("#description", LineArea).focus()
            return False
        kind_value = self.query_one("#kind", Select).value
        kind = kind_value if isinstance(kind_value, EventKind) else guess_kind(description)
        known = self.query_one("#known", LineArea).value
        event = self.current
        if event is not None and self.editing is not None:
            event.at, event.description, event.kind, event.known_at_time = (
                moment, description, kind, known)
        else:
            event = TimelineEvent(at=moment, description=description, kind=kind,
                                  known_at_time=known)
            self.pm.timeline.append(event)
        self.pm.timeline.sort(key=lambda e: e.at)
        self.current = event
        self.refresh_events(cursor=self.editing)
        self.notify_changed()
        # Ready for the next event: a meeting walks through many in a row.
        self.start_new()
        return True

    def key_escape(self) -> None:
        form = self.query_one("#event-form")
        if form.has_focus_within:
            # What was typed is already in the post-mortem; only a changed time waits for Enter.
            if self.current is not None:
                self.current = None
                self._clear_form()
                self._form_title("New event")
            self.query_one(EventTable).focus()

    # --- paste ---------------------------------------------------------------------------

    def action_paste_chat(self) -> None:
        self.open_paste()

    def open_paste(self, text: str = "") -> None:
        base = self.pm.date or date.today()
        self.app.push_screen(PasteChatScreen(base, self.pm.timezone, text), self._add_proposed)

    def _add_proposed(self, proposals: list[ProposedEvent] | None) -> None:
        if not proposals:
            return
        known = {(e.at, e.description) for e in self.pm.timeline}
        added = 0
        for proposal in proposals:
            if (proposal.at, proposal.description) in known:
                continue
            self.pm.timeline.append(TimelineEvent(proposal.at, proposal.description,
                                                  proposal.kind))
            added += 1
        self.refresh_events()
        if added:
            self.notify_changed()
        self.app.notify(f"Added {added} event{'s' if added != 1 else ''} from the paste.",
                        markup=False)
        self.query_one(EventTable).focus()
