"""The archive browser driven through Pilot: what the user sees and what gets written."""

from __future__ import annotations

from pathlib import Path

from learning_app import LearningApp, settle
from learning_expected import sync
from textual.app import App
from textual.widgets import DataTable, Input, MarkdownViewer, Select, Static

from facilitator.core.model import PostMortem
from facilitator.ui.screens.archive import PAGE, ArchiveScreen, PostMortemView


def table_ids(app: App[None]) -> list[str]:
    table = app.screen.query_one("#archive-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def status(app: App[None]) -> str:
    return str(app.screen.query_one("#archive-status", Static).render())


@sync
async def test_table_filters_and_lazy_pages(archive, pms: list[PostMortem]) -> None:
    newest = [pm.id for pm in sorted(pms, key=lambda pm: (pm.date, pm.id), reverse=True)]
    app = LearningApp(archive, ArchiveScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert table_ids(app) == newest[:PAGE]  # one page, not the whole archive
        assert f"{PAGE} of {len(pms)} post-mortems" in status(app)
        table = app.screen.query_one("#archive-table", DataTable)
        table.move_cursor(row=PAGE - 2)
        await settle(pilot)
        assert table_ids(app) == newest  # the next page arrived when the cursor neared the end

        app.screen.query_one("#filter-severity", Select).value = "SEV-1"
        await settle(pilot)
        assert table_ids(app) == [i for i in newest if
                                  next(pm for pm in pms if pm.id == i).severity == "SEV-1"]
        app.screen.query_one("#filter-service", Select).value = "payments"
        await settle(pilot)
        expected = [pm.id for pm in sorted(pms, key=lambda pm: (pm.date, pm.id), reverse=True)
                    if pm.severity == "SEV-1" and "payments" in pm.services]
        assert table_ids(app) == expected
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert len(table_ids(app)) == PAGE


@sync
async def test_search_as_you_type_highlights_without_markup(archive, pms) -> None:
    pm = archive.load(pms[3].id)
    pm.summary = "The [bold]quxworth[/bold] cache fell over [/] badly"
    archive.save(pm)
    app = LearningApp(archive, ArchiveScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"quxwo")  # a prefix of the word, as typed so far
        await pilot.pause(0.3)
        await settle(pilot)
        assert table_ids(app) == [pm.id]
        assert "1 matching post-mortems" in status(app)
        snippet = app.screen.query_one("#archive-snippet", Static).render()
        assert "[bold]quxworth[/bold]" in str(snippet)
        assert any("reverse" in str(span.style) for span in snippet.spans)
        await pilot.press(*"zzz")
        await pilot.pause(0.3)
        await settle(pilot)
        assert table_ids(app) == [] and "No matches" in status(app)


@sync
async def test_view_edit_and_export(archive, pms, tmp_path: Path) -> None:
    app = LearningApp(archive, ArchiveScreen(), export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = table_ids(app)[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PostMortemView)
        viewer = app.screen.query_one(MarkdownViewer)
        assert archive.load(first).title in viewer.document.source
        await pilot.press("x")
        await pilot.pause()
        exported = (tmp_path / f"{first}.md").read_text(encoding="utf-8")
        assert exported.startswith("---") and first in exported
        await pilot.press("e")
        await pilot.pause()
        assert app.opened == [first]
        assert isinstance(app.screen, ArchiveScreen)
        await pilot.press("down", "e")
        await pilot.pause()
        assert app.opened == [first, table_ids(app)[1]]


@sync
async def test_bad_date_filter_says_so(archive) -> None:
    app = LearningApp(archive, ArchiveScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        since = app.screen.query_one("#filter-since", Input)
        since.focus()
        await pilot.press(*"2026-13-45", "enter")
        await pilot.pause()
        assert any("2026-13-45" in str(n.message) for n in app._notifications)
        since.value = "2026-06-01"
        await pilot.press("enter")
        await settle(pilot)
        assert all(i >= "PM-2026" for i in table_ids(app))


@sync
async def test_search_results_also_arrive_page_by_page(archive, pms) -> None:
    app = LearningApp(archive, ArchiveScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#archive-search", Input)
        search.value = "rolled"  # every generated timeline has "Rolled back ..."
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(table_ids(app)) == PAGE and f"{PAGE}+ matching" in status(app)
        table = app.screen.query_one("#archive-table", DataTable)
        table.focus()
        table.move_cursor(row=PAGE - 1)
        await pilot.pause()
        await settle(pilot)
        assert sorted(table_ids(app)) == sorted(pm.id for pm in pms)
        assert f"{len(pms)} matching" in status(app)


@sync
async def test_too_many_matches_to_rank_are_listed_newest_first(archive, pms,
                                                                monkeypatch) -> None:
    from facilitator.store import browse as browse_module

    monkeypatch.setattr(browse_module, "RANK_BUDGET", 0.0)
    app = LearningApp(archive, ArchiveScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#archive-search", Input).value = "rolled"
        await pilot.pause(0.3)
        await settle(pilot)
        assert "newest first" in status(app)
        assert table_ids(app) == [pm.id for pm in pms][::-1][:PAGE]
        table = app.screen.query_one("#archive-table", DataTable)
        table.focus()
        table.move_cursor(row=PAGE - 1)
        await pilot.pause()
        await settle(pilot)
        assert table_ids(app) == [pm.id for pm in pms][::-1]
