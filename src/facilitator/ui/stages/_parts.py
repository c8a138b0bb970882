"""Small widgets shared by the stage editors: a wrapping one-paragraph field and an item list."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.ui.stages.base import CHECKED

NARROW = 100  # below this many columns, side-by-side panes stack


def plain(text: str) -> Text:
    """User text for a table cell or list option: never read as markup."""
    return Text(text)


def only_when_filled(view: Widget, filled: bool, fallback: Widget) -> None:
    """An empty list is skipped by Tab and focus, so a stage opens on its entry field."""
    had_focus = view.has_focus
    view.can_focus = filled
    if had_focus and not filled:
        fallback.focus()


class LineArea(TextArea):
    """A one-paragraph text field that wraps instead of scrolling sideways; Enter submits.

    Post-mortem items are single paragraphs (they become Markdown list items and table cells),
    so pasted line breaks turn into spaces.
    """

    DEFAULT_CSS = """
    LineArea {
        height: auto;
        min-height: 1;
        max-height: 4;
        width: 1fr;
        padding: 0;
        background: $boost;
    }
    LineArea:focus {
        background: $surface-lighten-1;
    }
    """

    class Submitted(Message):
        """Enter was pressed in the field."""

        def __init__(self, area: LineArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> LineArea:
            return self.area

    def __init__(
        self, text: str = "", *, placeholder: str = "", id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            " ".join(text.splitlines()), soft_wrap=True, tab_behavior="focus", compact=True,
            highlight_cursor_line=False, placeholder=placeholder, id=id, classes=classes,
        )

    @property
    def value(self) -> str:
        return " ".join(self.text.splitlines()).strip()

    def set_value(self, value: str) -> None:
        """Replace the text and put the cursor at its end."""
        self.load_text(" ".join(value.splitlines()))
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        text = re.sub(r"\s*[\r\n]+\s*", " ", event.text).replace("\t", " ")
        await super()._on_paste(events.Paste(text))
        event.stop()
        event.prevent_default()


class FieldRow(Horizontal):
    """A label beside its field, one line high when the field is."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
    }
    FieldRow > .field-label {
        width: 13;
        color: $text-muted;
    }
    FieldRow > Input, FieldRow > Select, FieldRow > LineArea {
        width: 1fr;
    }
    """

    def __init__(self, label: str, field: Widget, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._label = label
        self._field = field

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self._field


class RowOptions(OptionList):
    """Rows whose keys act on the highlighted row through the pane that holds them
    (``_pane``): the pane's ``edit``, ``delete`` and ``move`` take the row's index."""

    def _pane(self) -> Any:
        raise NotImplementedError

    def _act(self, name: str, *args: int) -> None:
        if self.highlighted is not None:
            getattr(self._pane(), name)(self.highlighted, *args)

    def action_edit(self) -> None:
        self._act("edit")

    def action_delete(self) -> None:
        self._act("delete")

    def action_move(self, step: int) -> None:
        self._act("move", step)


class ItemOptions(RowOptions):
    """The items of an ``ItemList``; keys here edit, delete and reorder."""

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("a", "add", "Add"),
        Binding("d,delete", "delete", "Delete"),
        Binding("shift+up,ctrl+up,K", "move(-1)", "Move up"),
        Binding("shift+down,ctrl+down,J", "move(1)", "Move down"),
    ]

    def _pane(self) -> ItemList:
        return self.query_ancestor(ItemList)

    def action_add(self) -> None:
        self._pane().start_new()


class ItemList(Vertical):
    """Edits a ``list[str]`` of the post-mortem in place.

    The entry field is bound to one item while it is typed in, so every keystroke is in the
    post-mortem (and autosaved); Enter finishes the item and starts a new one.
    """

    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        min-height: 6;
    }
    ItemList > .list-title {
        color: $accent;
    }
    ItemList > .nudge {
        color: $warning;
    }
    ItemList > ItemOptions, ItemList > ItemOptions:focus {
        height: 1fr;
        min-height: 2;
        border: none;
        border-left: tall $panel;
        padding: 0;
    }
    ItemList > ItemOptions:focus {
        border-left: tall $accent;
    }
    ItemList > .entry {
        height: auto;
    }
    ItemList > .entry > .entry-label {
        width: 7;
        color: $text-muted;
    }
    """

    class Changed(Message):
        """An item was added, edited, deleted or moved."""

        def __init__(self, item_list: ItemList) -> None:
            super().__init__()
            self.item_list = item_list

        @property
        def control(self) -> ItemList:
            return self.item_list

    def __init__(
        self, items: list[str], *, title: str, prompt: str = "", placeholder: str = "",
        nudge: Callable[[int], str] | None = None, id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.title = title
        self.prompt = prompt
        self.placeholder = placeholder or "Type an item, Enter to add"
        self.nudge = nudge
        # Index of the item the entry field is bound to; None: the next keystroke adds one.
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        # Title and prompt share a line: on a shared 80x24 screen every row counts.
        heading = Text(self.title, style="bold")
        if self.prompt:
            heading.append(" — " + self.prompt, style="dim")
        yield Static(heading, classes="list-title")
        yield Static("", classes="nudge", markup=False)
        options = ItemOptions(*self._options())
        options.can_focus = bool(self.items)
        yield options
        with Horizontal(classes="entry"):
            yield Label("Add", classes="entry-label")
            yield LineArea(placeholder=self.placeholder, classes=CHECKED)

    def on_mount(self) -> None:
        self._show_nudge()

    @property
    def options(self) -> ItemOptions:
        return self.query_one(ItemOptions)

    @property
    def entry(self) -> LineArea:
        return self.query_one(LineArea)

    def _options(self) -> list[Option]:
        return [Option(plain(f"{n}. {item}")) for n, item in enumerate(self.items, 1)]

    def _show_nudge(self) -> None:
        message = self.nudge(len(self.items)) if self.nudge else ""
        nudge = self.query_one(".nudge", Static)
        nudge.update(message)
        nudge.display = bool(message)

    def _rebuild(self, highlight: int | None = None) -> None:
        options = self.options
        options.set_options(self._options())
        if highlight is not None and self.items:
            options.highlighted = max(0, min(highlight, len(self.items) - 1))
        only_when_filled(options, bool(self.items), self.entry)
        self._show_nudge()

    def _changed(self) -> None:
        self.post_message(self.Changed(self))

    def _set_mode(self, editing: int | None) -> None:
        self.editing = editing
        label = "Add" if editing is None else f"Edit {editing + 1}"
        self.query_one(".entry-label", Label).update(label)

    # --- entry field ---------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        # Not stopped: the meeting screen lints the field from this same message.
        if event.text_area is not self.entry:
            return
        value = self.entry.value
        if self.editing is None:
            if not value:
                return
            self.items.append(value)
            self._set_mode(len(self.items) - 1)
            self._rebuild(self.editing)
        else:
            if self.editing >= len(self.items) or self.items[self.editing] == value:
                return
            self.items[self.editing] = value
            self.options.replace_option_prompt_at_index(
                self.editing, plain(f"{self.editing + 1}. {value}"))
        self._changed()

    @on(LineArea.Submitted)
    def _finish(self, event: LineArea.Submitted) -> None:
        event.stop()
        index = self.editing
        if index is not None and index < len(self.items) and not self.items[index].strip():
            del self.items[index]
            self._rebuild(index)
            self._changed()
        self._set_mode(None)
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value("")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit(event.option_index)

    def key_escape(self) -> None:
        if self.entry.has_focus:
            self._set_mode(None)
            with self.entry.prevent(TextArea.Changed):
                self.entry.set_value("")
            if self.items:
                self.options.focus()

    # --- list actions --------------------------------------------------------------------

    def start_new(self) -> None:
        self._set_mode(None)
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value("")
        self.entry.focus()

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        self._set_mode(index)
        with self.entry.prevent(TextArea.Changed):
            self.entry.set_value(self.items[index])
        self.entry.focus()

    def delete(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        del self.items[index]
        if self.editing == index:
            self._set_mode(None)
            with self.entry.prevent(TextArea.Changed):
                self.entry.set_value("")
        elif self.editing is not None and self.editing > index:
            self._set_mode(self.editing - 1)
        self._rebuild(index)
        self._changed()

    def move(self, index: int, step: int) -> None:
        target = index + step
        if not (0 <= index < len(self.items) and 0 <= target < len(self.items)):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        # The entry stays bound to the same item wherever it moves.
        if self.editing == index:
            self._set_mode(target)
        elif self.editing == target:
            self._set_mode(index)
        self._rebuild(target)
        self._changed()
