"""Action items: every field, with live checks beside each item and for the whole list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.core.blame import check_action_item
from facilitator.core.model import ActionItem, ActionKind, ActionStatus, PostMortem, Priority
from facilitator.core.timeparse import TimeParseError, parse_date
from facilitator.ui.stages._parts import NARROW, FieldRow, LineArea, only_when_filled
from facilitator.ui.stages.base import ACTION_ITEM, CHECKED, StageEditor

MIN_ITEMS = 3
MAX_ITEMS = 7

KIND_LABELS = {
    ActionKind.PREVENT: "prevent recurrence",
    ActionKind.MITIGATE: "reduce impact",
    ActionKind.DETECT: "improve detection",
}


def count_check(count: int) -> str:
    """The list-level check: 3 to 7 items is what a team can follow through on."""
    if count < MIN_ITEMS:
        plural = "s" if count != 1 else ""
        return f"{count} action item{plural}: aim for {MIN_ITEMS} to {MAX_ITEMS}."
    if count > MAX_ITEMS:
        return (f"{count} action items: more than {MAX_ITEMS} rarely all get done; "
                "keep the ones that matter most.")
    return ""


def item_checks(item: ActionItem, roster: Sequence[str]) -> list[str]:
    """The checker's messages for one item."""
    try:
        findings = check_action_item(item, roster)
    except Exception:  # a checker bug must never take the meeting down
        return []
    return [str(getattr(f, "message", f)) for f in findings]


class ActionCards(OptionList):
    """The action items; keys here add, edit, delete and reorder."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("shift+up,ctrl+up,K", "move(-1)", "Move up"),
        Binding("shift+down,ctrl+down,J", "move(1)", "Move down"),
    ]

    def _editor(self) -> ActionsEditor:
        return self.query_ancestor(ActionsEditor)

    def action_add(self) -> None:
        self._editor().start_new()

    def action_edit(self) -> None:
        if self.highlighted is not None:
            self._editor().edit(self.highlighted)

    def action_delete(self) -> None:
        if self.highlighted is not None:
            self._editor().delete(self.highlighted)

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self._editor().move(self.highlighted, step)


class ActionsEditor(StageEditor):
    """The action items of the post-mortem, each edited in place as it is typed."""

    DEFAULT_CSS = """
    ActionsEditor #count-check {
        height: auto;
        color: $warning;
    }
    ActionsEditor > .panes {
        layout: horizontal;
        height: 1fr;
    }
    ActionsEditor ActionCards, ActionsEditor ActionCards:focus {
        width: 1fr;
        height: 1fr;
        min-height: 4;
        border: none;
        border-left: tall $panel;
        padding: 0;
    }
    ActionsEditor ActionCards:focus {
        border-left: tall $accent;
    }
    ActionsEditor #action-form {
        width: 1fr;
        height: 1fr;
        padding: 0 0 0 1;
        border-left: solid $panel-lighten-2;
    }
    ActionsEditor.-narrow > .panes {
        layout: vertical;
    }
    ActionsEditor.-narrow #action-form {
        width: 1fr;
        height: auto;
        max-height: 60%;
        padding: 0;
        border-left: none;
        border-top: solid $panel-lighten-2;
    }
    ActionsEditor #form-title {
        color: $accent;
    }
    ActionsEditor .note {
        height: auto;
        color: $text-muted;
        padding-left: 13;
    }
    ActionsEditor .note.-error, ActionsEditor #item-checks {
        color: $warning;
    }
    ActionsEditor #item-checks {
        height: auto;
    }
    ActionsEditor FieldRow Select {
        width: 1fr;
    }
    """

    def __init__(self, pm: PostMortem, **kwargs: object) -> None:
        super().__init__(pm, **kwargs)
        # Index of the item the form is bound to; None: the next keystroke starts a new item.
        self.editing: int | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="count-check", markup=False)
        with Container(classes="panes"):
            cards = ActionCards(id="cards")
            # Empty: the stage opens on the first field instead.
            cards.can_focus = bool(self.pm.action_items)
            yield cards
            with VerticalScroll(id="action-form"):
                yield Label("New action item", id="form-title")
                yield Static("", id="item-checks", markup=False)
                yield FieldRow("Action", LineArea(
                    placeholder="A specific change to the system", id="description",
                    classes=f"{CHECKED} {ACTION_ITEM}"))
                yield FieldRow("Owner", Input(placeholder="One person, not a team", id="owner",
                                              compact=True))
                yield FieldRow("Due", Input(placeholder="2026-04-01 or Apr 1", id="due",
                                            compact=True))
                yield Static("", id="due-note", classes="note", markup=False).set_styles(
                    "display: none;")
                yield FieldRow("Done when", LineArea(
                    placeholder="How we will know it worked", id="criterion",
                    classes=CHECKED))
                yield FieldRow("Priority", Select([(p.value, p) for p in Priority],
                                                  allow_blank=False, value=Priority.SHOULD,
                                                  id="priority", compact=True))
                yield FieldRow("Kind", Select([(KIND_LABELS[k], k) for k in ActionKind],
                                              allow_blank=False, value=ActionKind.PREVENT,
                                              id="kind", compact=True))
                yield FieldRow("Status", Select([(s.value, s) for s in ActionStatus],
                                                allow_blank=False, value=ActionStatus.OPEN,
                                                id="status", compact=True))
                yield FieldRow("Tracker", Input(placeholder="Link to the ticket (optional)",
                                                id="link", compact=True))
                yield Static("Enter: next item · Esc: to the list",
                             classes="note", markup=False)

    def on_mount(self) -> None:
        self._setup()

    def reload(self, pm: PostMortem) -> None:
        """Show ``pm`` afresh: rebuild the widgets, then fill them again."""
        self.pm = pm
        self.editing = None

        async def rebuild() -> None:
            await self.recompose()
            self._setup()

        self.call_later(rebuild)

    def _setup(self) -> None:
        self.on_resize()
        self.refresh_items()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # --- showing -------------------------------------------------------------------------

    @property
    def roster(self) -> list[str]:
        names = [*self.pm.participants, self.pm.incident_lead, self.pm.facilitator]
        return [name for name in names if name]

    def _card(self, item: ActionItem) -> Text:
        text = Text()
        label = f"A{item.number}" if item.number else "A?"
        text.append(f"{label} ", style="bold")
        text.append(f"{item.priority.value} · {KIND_LABELS[item.kind]} · {item.status.value}\n",
                    style="dim")
        text.append(item.description or "(no description yet)")
        details = [
            f"owner {item.owner or '—'}",
            f"due {item.due.isoformat() if item.due else '—'}",
        ]
        text.append("\n   " + " · ".join(details), style="dim")
        if item.success_criterion:
            text.append("\n   done when: ", style="dim")
            text.append(item.success_criterion, style="dim")
        if item.link:
            text.append("\n   " + item.link, style="dim")
        checks = item_checks(item, self.roster)
        if checks:
            # The card gets the short reasons; the form shows them in full for the open item.
            labels = [message.split(":")[0].strip().rstrip(".") for message in checks]
            text.append("\n   ⚑ " + " · ".join(labels), style="yellow")
        return text

    def refresh_items(self, highlight: int | None = None) -> None:
        """Show the cards and the checks for the list and the item being edited."""
        cards = self.query_one(ActionCards)
        current = cards.highlighted if highlight is None else highlight
        options: list[Option | None] = []
        for index, item in enumerate(self.pm.action_items):
            if index:
                options.append(None)  # a separator line between cards
            options.append(Option(self._card(item)))
        cards.set_options(options)
        if self.pm.action_items:
            cards.highlighted = max(0, min(current or 0, len(self.pm.action_items) - 1))
        only_when_filled(cards, bool(self.pm.action_items),
                         self.query_one("#description", LineArea))
        self._show_checks()

    def _refresh_card(self, index: int) -> None:
        cards = self.query_one(ActionCards)
        if index < cards.option_count:
            cards.replace_option_prompt_at_index(index, self._card(self.pm.action_items[index]))
        self._show_checks()

    def _show_checks(self) -> None:
        count = self.query_one("#count-check", Static)
        message = count_check(len(self.pm.action_items))
        count.update(message)
        count.display = bool(message)
        checks = self.query_one("#item-checks", Static)
        item = self._current()
        lines = ["⚑ " + m for m in item_checks(item, self.roster)] if item else []
        checks.update("\n".join(lines))
        checks.display = bool(lines)

    def _current(self) -> ActionItem | None:
        if self.editing is None or self.editing >= len(self.pm.action_items):
            return None
        return self.pm.action_items[self.editing]

    # --- the form ------------------------------------------------------------------------

    def _load_form(self, item: ActionItem | None) -> None:
        # The fields' Changed messages arrive later; handlers read the fields, not the
        # messages, and find nothing to change.
        self.query_one("#description", LineArea).set_value(item.description if item else "")
        self.query_one("#owner", Input).value = item.owner if item else ""
        self.query_one("#due", Input).value = item.due.isoformat() if item and item.due else ""
        self.query_one("#criterion", LineArea).set_value(item.success_criterion if item else "")
        self.query_one("#priority", Select).value = item.priority if item else Priority.SHOULD
        self.query_one("#kind", Select).value = item.kind if item else ActionKind.PREVENT
        self.query_one("#status", Select).value = item.status if item else ActionStatus.OPEN
        self.query_one("#link", Input).value = item.link if item else ""
        self._due_note("")

    def _title(self) -> None:
        item = self._current()
        text = f"Editing A{item.number}" if item else "New action item"
        self.query_one("#form-title", Label).update(text)

    def form_draft(self) -> dict[str, str]:
        """A due date typed but not readable yet (so not in the item): the meeting screen
        saves it with its state, so a crash keeps it."""
        text = self.query_one("#due", Input).value.strip()
        if not text:
            return {}
        try:
            parse_date(text, today=date.today())
        except TimeParseError:
            item = "" if self.editing is None else str(self.editing)
            return {"item": item, "due": text}
        return {}

    def restore_form_draft(self, fields: dict[str, str]) -> None:
        """Put a saved ``form_draft`` back: the same item's due field, as it was typed."""
        if not isinstance(fields, dict) or not isinstance(fields.get("due"), str):
            return
        item = fields.get("item")
        if isinstance(item, str) and item.isdigit() and int(item) < len(self.pm.action_items):
            self.edit(int(item))
        elif self.editing is not None:
            return  # the item it belonged to is gone
        due = self.query_one("#due", Input)
        if not due.value:
            due.value = fields["due"]

    def start_new(self) -> None:
        self.editing = None
        self._load_form(None)
        self._title()
        self._show_checks()
        self.query_one("#description", LineArea).focus()

    def edit(self, index: int) -> None:
        if not 0 <= index < len(self.pm.action_items):
            return
        self.editing = index
        self._load_form(self.pm.action_items[index])
        self._title()
        self._show_checks()
        self.query_one("#description", LineArea).focus()

    def delete(self, index: int) -> None:
        if not 0 <= index < len(self.pm.action_items):
            return
        del self.pm.action_items[index]
        if self.editing is not None:
            if self.editing == index:
                self.editing = None
                self._load_form(None)
            elif self.editing > index:
                self.editing -= 1
            self._title()
        self.refresh_items(index)
        self.notify_changed()

    def move(self, index: int, step: int) -> None:
        items = self.pm.action_items
        target = index + step
        if not (0 <= index < len(items) and 0 <= target < len(items)):
            return
        items[index], items[target] = items[target], items[index]
        if self.editing in (index, target):
            self.editing = target if self.editing == index else index
        self.refresh_items(target)
        self.notify_changed()

    def _item_for_edit(self) -> ActionItem:
        """The item the form is bound to, created on the first keystroke of a new one."""
        item = self._current()
        if item is None:
            item = ActionItem(
                description="",
                priority=self._select("#priority", Priority, Priority.SHOULD),
                kind=self._select("#kind", ActionKind, ActionKind.PREVENT),
                status=self._select("#status", ActionStatus, ActionStatus.OPEN),
            )
            item.number = self.pm.next_action_number()
            self.pm.action_items.append(item)
            self.editing = len(self.pm.action_items) - 1
            self.refresh_items(self.editing)
            self._title()
        return item

    def _due_note(self, message: str, error: bool = False) -> None:
        note = self.query_one("#due-note", Static)
        note.update(message)
        note.set_class(error, "-error")
        note.display = bool(message)

    def _select(self, selector: str, kind: type[Any], default: Any) -> Any:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, kind) else default

    def _apply(self, field: str, value: Any, *, starts_item: bool = True) -> None:
        current = self._current()
        if current is None and (not starts_item or value in ("", None)):
            return
        if current is not None and getattr(current, field) == value:
            return
        item = self._item_for_edit()
        setattr(item, field, value)
        self._refresh_card(self.editing or 0)
        self.notify_changed()

    @on(TextArea.Changed, "#description")
    def _description(self, event: TextArea.Changed) -> None:
        self._apply("description", self.query_one("#description", LineArea).value)

    @on(TextArea.Changed, "#criterion")
    def _criterion(self, event: TextArea.Changed) -> None:
        self._apply("success_criterion", self.query_one("#criterion", LineArea).value)

    @on(Input.Changed, "#owner")
    def _owner(self, event: Input.Changed) -> None:
        self._apply("owner", self.query_one("#owner", Input).value.strip())

    @on(Input.Changed, "#link")
    def _link(self, event: Input.Changed) -> None:
        self._apply("link", self.query_one("#link", Input).value.strip())

    @on(Input.Changed, "#due")
    def _due(self, event: Input.Changed) -> None:
        text = self.query_one("#due", Input).value.strip()
        if not text:
            self._due_note("")
            self._apply("due", None)
            return
        try:
            due = parse_date(text, today=date.today())
        except TimeParseError as error:
            # The typed text stays; the item keeps its last good date until this one reads.
            self._due_note(str(error), error=True)
            return
        self._due_note(f"= {due.strftime('%a %d %b %Y')}")
        self._apply("due", due)

    # A choice alone does not start an item; it is read when the item starts.
    @on(Select.Changed, "#priority")
    def _priority(self) -> None:
        self._apply("priority", self._select("#priority", Priority, None), starts_item=False)

    @on(Select.Changed, "#kind")
    def _kind(self) -> None:
        self._apply("kind", self._select("#kind", ActionKind, None), starts_item=False)

    @on(Select.Changed, "#status")
    def _status(self) -> None:
        item = self._current()
        status = self._select("#status", ActionStatus, None)
        if item is not None and status is not None and status != item.status:
            item.completed = date.today() if status is ActionStatus.DONE else None
        self._apply("status", status, starts_item=False)

    @on(LineArea.Submitted)
    @on(Input.Submitted)
    def _finish(self, event: LineArea.Submitted | Input.Submitted) -> None:
        """Enter: done with this item, ready for the next one."""
        event.stop()
        item = self._current()
        if item is not None and not any(
            (item.description, item.owner, item.due, item.success_criterion, item.link)
        ):
            self.delete(self.editing or 0)
        self.start_new()

    def key_escape(self) -> None:
        if self.query_one("#action-form").has_focus_within:
            cards = self.query_one(ActionCards)
            if self.editing is not None:
                cards.highlighted = self.editing
            cards.focus()

    @on(OptionList.OptionSelected, "#cards")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit(event.option_index)
