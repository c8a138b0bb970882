"""The archive browser: every post-mortem, filtered and searched as you type, read-only view.

Rows arrive a page at a time (``facilitator.store.browse``): the table asks for the next page
when the cursor nears the end, so a 100,000-row archive opens as fast as a small one. Searches
run in a worker thread and only the newest one's answer is shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, MarkdownViewer, Select, Static

from facilitator.core.model import Severity, Status
from facilitator.store.browse import (
    AUTO,
    NEWEST,
    RANKED,
    BrowseFilter,
    BrowseRow,
    Page,
    browse,
    browse_count,
    browse_page,
    facets,
    snippet_parts,
)
from facilitator.ui.screens._shared import cell, write_export

PAGE = 100
# Load the next page when the cursor is this close to the last loaded row.
PREFETCH = 10
SEARCH_DELAY = 0.12  # seconds of quiet typing before a search runs


def snippet_text(snippet: str) -> Content:
    """A search snippet with its matched words highlighted (styles, never markup)."""
    return Content.assemble(*((part, "bold reverse" if matched else "")
                              for part, matched in snippet_parts(snippet)))


class PostMortemView(Screen[None]):
    """One post-mortem as its exported Markdown, read-only."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("x", "export", "Export"),
    ]

    def __init__(self, pm: Any) -> None:
        super().__init__()
        self.pm = pm

    def compose(self) -> ComposeResult:
        from facilitator.core.markdown_export import to_markdown

        yield Static(Text(f"{self.pm.id}  (read-only: e edits, x exports)"),
                     classes="screen-title")
        yield MarkdownViewer(to_markdown(self.pm, front_matter=False),
                             show_table_of_contents=False, id="document")
        yield Footer()

    def action_edit(self) -> None:
        self.app.pop_screen()
        self.app.open_postmortem(self.pm.id)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        export_postmortem(self, self.pm)


def export_postmortem(screen: Screen[Any], pm: Any) -> Path | None:
    """Write ``pm`` as Markdown into the app's export directory; say where (or why not)."""
    from facilitator.core.filenames import export_file_name
    from facilitator.core.markdown_export import to_markdown

    # Ids of imported post-mortems are not checked: the name must not leave the folder.
    return write_export(screen, export_file_name(pm.id, ""), to_markdown(pm),
                        done="Exported to")


class ArchiveScreen(Screen[None]):
    """All post-mortems: table, filters, search as you type, view, reopen, export."""

    DEFAULT_CSS = """
    ArchiveScreen #archive-filters { height: auto; margin-bottom: 1; }
    ArchiveScreen #archive-filters Select { width: 1fr; margin-right: 1; }
    ArchiveScreen #archive-filters Input { width: 12; margin-right: 1; }
    ArchiveScreen #archive-table { height: 1fr; }
    ArchiveScreen #archive-snippet { height: auto; max-height: 3; padding: 0 1; }
    ArchiveScreen #archive-status { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search"),
        Binding("e", "edit", "Edit"),
        Binding("x", "export", "Export"),
        Binding("ctrl+r", "clear_filters", "Clear filters"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BrowseRow] = []
        self.filter = BrowseFilter()
        self.exhausted = False
        self._generation = 0
        self._search_timer: Timer | None = None
        self._total = 0
        self._loading = False
        self._order = RANKED

    @property
    def archive(self) -> Any:
        return self.app.archive  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        found = facets(self.archive)
        yield Static("Archive", classes="screen-title")
        with Vertical():
            yield Input(placeholder="Search: words in any field (/)", id="archive-search",
                        compact=True)
            with Horizontal(id="archive-filters"):
                yield Select([(str(s), str(s)) for s in Severity], prompt="Severity",
                             id="filter-severity", compact=True)
                yield Select([(str(s), str(s)) for s in Status], prompt="Status",
                             id="filter-status", compact=True)
                yield Select([(s, s) for s in found["services"]], prompt="Service",
                             id="filter-service", compact=True)
                yield Select([(t, t) for t in found["tags"]], prompt="Tag", id="filter-tag",
                             compact=True)
                yield Input(placeholder="from date", id="filter-since", compact=True)
                yield Input(placeholder="to date", id="filter-until", compact=True)
            yield DataTable(id="archive-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="archive-snippet")
            yield Static("", id="archive-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#archive-table", DataTable)
        # Short, fixed columns first so that at 80 columns only the title and services are cut.
        table.add_column("ID", key="id", width=12)
        table.add_column("Date", key="date", width=10)
        table.add_column("Sev", key="severity", width=3)
        table.add_column("Status", key="status", width=9)
        table.add_column("Open", key="open", width=4)
        table.add_column("Title", key="title", width=34)
        table.add_column("Services", key="services", width=24)
        self.reload()
        table.focus()

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Show the first page for the current filters (and search)."""
        self._generation += 1
        generation = self._generation
        if self.filter.query.strip():
            self._loading = True
            self._search_page(self.filter, generation, 0)
        else:
            rows = browse(self.archive, self.filter, limit=PAGE)
            total = browse_count(self.archive, self.filter)
            self._show(generation, rows, total, replace=True)

    @work(thread=True, exclusive=True, group="archive-search")
    def _search_page(self, flt: BrowseFilter, generation: int, offset: int) -> None:
        # Full-text pages run off the UI thread: typing never waits for the index. Later
        # pages keep the order the first one got (ranked, or newest first when ranking
        # every match would have kept the typist waiting).
        page = browse_page(self.archive, flt, limit=PAGE, offset=offset,
                           order=AUTO if offset == 0 else self._order)
        self.app.call_from_thread(self._show_page, generation, page, offset == 0)

    def _show_page(self, generation: int, page: Page, first: bool) -> None:
        if generation == self._generation and first:
            self._order = page.order
        self._show(generation, page.rows, None, replace=first)

    def _show(self, generation: int, rows: list[BrowseRow], total: int | None, *,
              replace: bool) -> None:
        if generation != self._generation:
            return  # an older search finished after a newer one started
        self._loading = False
        table = self.query_one("#archive-table", DataTable)
        if replace:
            self.rows = []
            table.clear()
        self.exhausted = len(rows) < PAGE
        for row in rows:
            self.rows.append(row)
            table.add_row(
                Text(row.id), Text(row.date.isoformat() if row.date else "—"),
                Text(row.severity.replace("SEV-", "")), Text(row.status),
                Text(str(row.open_actions) if row.open_actions else ""),
                cell(row.title or "(untitled)"), cell(", ".join(row.services)),
                key=row.id,
            )
        if total is not None:
            self._total = total
        shown = len(self.rows)
        if self.filter.query.strip():
            more = "+" if not self.exhausted else ""
            status = f"{shown}{more} matching post-mortems" if shown else "No matches."
            if shown and self._order == NEWEST:
                status += ", newest first (too many to rank: type more)"
        else:
            status = (f"{shown} of {self._total} post-mortems" if shown
                      else "No post-mortems match these filters.")
        self.query_one("#archive-status", Static).update(Text(status + " · enter views one"))
        self._update_snippet()

    def load_more(self) -> None:
        """Append the next page, if there is one (and none is on its way)."""
        if self.exhausted or self._loading:
            return
        if self.filter.query.strip():
            self._loading = True
            self._search_page(self.filter, self._generation, len(self.rows))
            return
        rows = browse(self.archive, self.filter, limit=PAGE, offset=len(self.rows))
        self._show(self._generation, rows, None, replace=False)

    # --- events ---------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#archive-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - PREFETCH:
            self.load_more()
        self._update_snippet()

    @on(DataTable.RowSelected, "#archive-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_view()

    def _update_snippet(self) -> None:
        row = self.current
        snippet = self.query_one("#archive-snippet", Static)
        snippet.update(snippet_text(row.snippet) if row and row.snippet else "")

    @on(Input.Changed, "#archive-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        query = self.query_one("#archive-search", Input).value
        self.filter = _replace(self.filter, query=query)
        self.reload()

    @on(Input.Submitted, "#archive-search")
    def _search_submitted(self) -> None:
        self._apply_search()
        self.query_one("#archive-table", DataTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if name not in ("severity", "status", "service", "tag"):
            return
        value = None if event.value is Select.NULL else str(event.value)
        self.filter = _replace(self.filter, **{name: value})
        self.reload()

    @on(Input.Submitted, "#filter-since, #filter-until")
    @on(Input.Blurred, "#filter-since, #filter-until")
    def _dates_changed(self, event: Input.Submitted | Input.Blurred) -> None:
        since = self._date("#filter-since")
        until = self._date("#filter-until")
        if since is False or until is False:
            return
        if (since, until) != (self.filter.since, self.filter.until):
            self.filter = _replace(self.filter, since=since, until=until)
            self.reload()

    def _date(self, selector: str) -> date | None | bool:
        from facilitator.core.timeparse import TimeParseError, parse_date

        field = self.query_one(selector, Input)
        if not field.value.strip():
            return None
        try:
            return parse_date(field.value)
        except TimeParseError as error:
            self.notify(str(error), severity="warning", markup=False, timeout=5)
            return False

    # --- actions --------------------------------------------------------------------------

    @property
    def current(self) -> BrowseRow | None:
        table = self.query_one("#archive-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _load_current(self) -> Any:
        row = self.current
        if row is None:
            return None
        try:
            return self.archive.load(row.id)
        except Exception as error:  # the row may have been deleted meanwhile
            self.notify(f"Could not load {row.id}: {error}", severity="warning", markup=False)
            return None

    def action_view(self) -> None:
        pm = self._load_current()
        if pm is not None:
            self.app.push_screen(PostMortemView(pm))

    def action_edit(self) -> None:
        row = self.current
        if row is not None:
            self.app.open_postmortem(row.id)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        pm = self._load_current()
        if pm is not None:
            export_postmortem(self, pm)

    def action_focus_search(self) -> None:
        self.query_one("#archive-search", Input).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.value = Select.NULL
            for field in self.query(Input):
                field.value = ""
        self.filter = BrowseFilter()
        self.reload()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value and focused.id == "archive-search":
            focused.value = ""
            return
        self.app.pop_screen()


def _replace(flt: BrowseFilter, **changes: Any) -> BrowseFilter:
    from dataclasses import replace

    return replace(flt, **changes)
