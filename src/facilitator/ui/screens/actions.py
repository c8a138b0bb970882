"""Every action item across the archive: filter, mark done, drop with a reason, reopen."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Footer, Input, Label, Select, Static

from facilitator.core.model import ActionStatus, Priority
from facilitator.store.errors import ArchiveError
from facilitator.store.tracking import (
    ActionRow,
    action_items,
    actions_csv,
    count_action_items,
    gh_commands,
    mark_done,
    mark_dropped,
    reopen,
)
from facilitator.ui.screens._shared import cell, write_export

PAGE = 100
PREFETCH = 10


class ReasonScreen(ModalScreen[str | None]):
    """Asks why an action item is dropped; escape cancels."""

    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen > Vertical { width: 70; height: auto; border: round $accent;
                              background: $panel; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Why is {self.ref} dropped?"))
            yield Input(placeholder="e.g. replaced by the new gateway (enter saves)",
                        id="reason")

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.notify("Say why it is dropped, or press escape.", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionsScreen(Screen[None]):
    """Action items from every post-mortem, earliest due first."""

    DEFAULT_CSS = """
    ActionsScreen #actions-filters { height: auto; margin-bottom: 1; }
    ActionsScreen #actions-filters Select { width: 1fr; margin-right: 1; }
    ActionsScreen #actions-filters Input { width: 1fr; margin-right: 1; }
    ActionsScreen #actions-filters Checkbox { width: auto; }
    ActionsScreen #actions-table { height: 1fr; }
    ActionsScreen #actions-detail { height: auto; max-height: 5; padding: 0 1; }
    ActionsScreen #actions-status { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("d", "done", "Done"),
        Binding("x", "drop", "Drop"),
        Binding("o", "reopen", "Reopen"),
        Binding("e", "edit", "Open post-mortem"),
        Binding("c", "export_csv", "CSV"),
        Binding("g", "export_gh", "gh script"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ActionRow] = []
        self.exhausted = False
        self.total = 0
        self._owner_timer: Timer | None = None

    @property
    def archive(self) -> Any:
        return self.app.archive  # type: ignore[attr-defined]

    @property
    def today(self) -> date:
        today = getattr(self.app, "today", None)
        return today() if callable(today) else date.today()

    def compose(self) -> ComposeResult:
        yield Static("Action items", classes="screen-title")
        with Vertical():
            with Horizontal(id="actions-filters"):
                yield Input(placeholder="Owner", id="filter-owner", compact=True)
                yield Select([(str(s), str(s)) for s in ActionStatus], prompt="Status",
                             value=str(ActionStatus.OPEN), id="filter-status", compact=True)
                yield Select([(str(p), str(p)) for p in Priority], prompt="Priority",
                             id="filter-priority", compact=True)
                yield Checkbox("Overdue only", id="filter-overdue", compact=True)
            yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="actions-detail")
            yield Static("", id="actions-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#actions-table", DataTable)
        table.add_column("ID", key="id", width=15)
        table.add_column("Due", key="due", width=10)
        table.add_column("Status", key="status", width=7)
        table.add_column("Pri", key="priority", width=6)
        table.add_column("Owner", key="owner", width=14)
        table.add_column("Action", key="action", width=60)
        self.reload()
        table.focus()

    # --- loading ----------------------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        status = self.query_one("#filter-status", Select).value
        priority = self.query_one("#filter-priority", Select).value
        return {
            "owner": self.query_one("#filter-owner", Input).value.strip() or None,
            "status": None if status is Select.NULL else str(status),
            "priority": None if priority is Select.NULL else str(priority),
            "overdue": self.query_one("#filter-overdue", Checkbox).value,
            "today": self.today,
        }

    def reload(self, keep_cursor: bool = False) -> None:
        """Show the first page for the current filters."""
        table = self.query_one("#actions-table", DataTable)
        cursor = table.cursor_row
        filters = self._filters()
        self.total = count_action_items(self.archive, **filters)
        wanted = max(PAGE, cursor + 1) if keep_cursor else PAGE
        self.rows = []
        table.clear()
        self._append(action_items(self.archive, limit=wanted, **filters), wanted)
        if keep_cursor and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def _append(self, rows: list[ActionRow], asked: int) -> None:
        table = self.query_one("#actions-table", DataTable)
        today = self.today
        self.exhausted = len(rows) < asked
        for row in rows:
            self.rows.append(row)
            overdue = row.overdue(today)
            due = row.due.isoformat() if row.due else "—"
            table.add_row(
                Text(row.ref), cell(due, "bold" if overdue else ""),
                Text("overdue" if overdue else row.status, style="italic" if overdue else ""),
                Text(row.priority), cell(row.owner or "(no owner)"),
                cell(row.description), key=row.ref,
            )
        self.query_one("#actions-status", Static).update(Text(
            f"{len(self.rows)} of {self.total} action items"))
        self._update_detail()

    def load_more(self) -> None:
        if self.exhausted:
            return
        self._append(action_items(self.archive, limit=PAGE, offset=len(self.rows),
                                  **self._filters()), PAGE)

    # --- events ---------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#actions-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - PREFETCH:
            self.load_more()
        self._update_detail()

    def _update_detail(self) -> None:
        row = self.current
        detail = self.query_one("#actions-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [row.description, f"From {row.postmortem_id}: {row.postmortem_title}"]
        if row.success_criterion:
            lines.append(f"Done when: {row.success_criterion}")
        if row.completed:
            lines.append(f"Completed {row.completed.isoformat()}")
        if row.note:
            lines.append(f"Note: {row.note}")
        detail.update(Text("\n".join(" ".join(line.split()) for line in lines)))

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        self.reload()

    @on(Input.Changed, "#filter-owner")
    def _owner_typed(self) -> None:
        # Wait for a pause in typing rather than querying on every key.
        if self._owner_timer is not None:
            self._owner_timer.stop()
        self._owner_timer = self.set_timer(0.15, self.reload)

    # --- actions --------------------------------------------------------------------------

    @property
    def current(self) -> ActionRow | None:
        table = self.query_one("#actions-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _apply(self, change: Any, done_message: str) -> None:
        row = self.current
        if row is None:
            return
        try:
            change(row.ref)
        except ArchiveError as error:
            self.notify(f"{error} {error.hint}".strip(), severity="error", markup=False)
            return
        self.notify(f"{row.ref} {done_message}", markup=False, timeout=3)
        self.reload(keep_cursor=True)

    def action_done(self) -> None:
        self._apply(lambda ref: mark_done(self.archive, ref, self.today), "marked done")

    def action_reopen(self) -> None:
        self._apply(lambda ref: reopen(self.archive, ref), "reopened")

    def action_drop(self) -> None:
        row = self.current
        if row is None:
            return

        def dropped(reason: str | None) -> None:
            if reason:
                self._apply(lambda ref: mark_dropped(self.archive, ref, reason), "dropped")

        self.app.push_screen(ReasonScreen(row.ref), dropped)

    def action_edit(self) -> None:
        row = self.current
        if row is not None:
            self.app.open_postmortem(row.postmortem_id)  # type: ignore[attr-defined]

    def _listed(self) -> list[ActionRow]:
        # Every item the filters select, not only the pages loaded so far.
        return action_items(self.archive, **self._filters())

    def action_export_csv(self) -> None:
        """The listed items as CSV for an issue tracker."""
        write_export(self, "action-items.csv", actions_csv(self._listed()))

    def action_export_gh(self) -> None:
        """The listed items as a shell script of ``gh issue create`` commands."""
        lines = ["#!/bin/sh", "# One issue per action item; review, then run it in the repository.",
                 "set -e", *gh_commands(self._listed())]
        write_export(self, "action-items-gh.sh", "\n".join(lines) + "\n")

    def action_back(self) -> None:
        self.app.pop_screen()
