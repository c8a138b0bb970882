"""The action-items screen through Pilot: filters, done, drop with a reason, reopen."""

from __future__ import annotations

from datetime import date
from typing import Any

from learning_app import LearningApp, settle
from learning_expected import TODAY, sync
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from facilitator.core.model import PostMortem
from facilitator.ui.screens.actions import PAGE, ActionsScreen, ReasonScreen


class DatedApp(LearningApp):
    def today(self) -> date:
        return TODAY


def refs(app: Any) -> list[str]:
    table = app.screen.query_one("#actions-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def expected(pms: list[PostMortem], keep) -> list[str]:  # noqa: ANN001
    items = [(a.due is None, a.due or date.min, pm.id, a.number, a.ref(pm.id))
             for pm in pms for a in pm.action_items if keep(a)]
    return [ref for *_, ref in sorted(items)]


@sync
async def test_filters_show_the_right_items(archive, pms: list[PostMortem]) -> None:
    app = DatedApp(archive, ActionsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_items = expected(pms, lambda a: str(a.status) == "open")
        assert refs(app) == open_items[:PAGE]  # opens on the open items
        status = str(app.screen.query_one("#actions-status", Static).render())
        assert f"of {len(open_items)} action items" in status

        app.screen.query_one("#filter-overdue", Checkbox).value = True
        await settle(pilot)
        assert refs(app) == expected(
            pms, lambda a: str(a.status) == "open" and a.due is not None and a.due < TODAY)
        table = app.screen.query_one("#actions-table", DataTable)
        assert str(table.get_row_at(0)[2]) == "overdue"

        app.screen.query_one("#filter-overdue", Checkbox).value = False
        app.screen.query_one("#filter-status", Select).value = Select.NULL
        app.screen.query_one("#filter-priority", Select).value = "must"
        owner = app.screen.query_one("#filter-owner", Input)
        owner.focus()
        await pilot.press(*"priya")
        await pilot.pause(0.3)  # the owner filter waits for a pause in typing
        await settle(pilot)
        assert refs(app) == expected(
            pms, lambda a: str(a.priority) == "must" and "priya" in a.owner.lower())
        assert refs(app)


@sync
async def test_mark_done_drop_and_reopen_are_saved(archive, pms: list[PostMortem]) -> None:
    app = DatedApp(archive, ActionsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = refs(app)[0]
        pm_id, number = first.rsplit("-A", 1)
        await pilot.press("d")
        await settle(pilot)
        item = next(a for a in archive.load(pm_id).action_items if a.number == int(number))
        assert (str(item.status), item.completed) == ("done", TODAY)
        assert first not in refs(app)  # the screen shows open items: it left the list

        second = refs(app)[0]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # an empty reason is refused
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"[red]moved to the gateway work", "enter")
        await settle(pilot)
        pm_id, number = second.rsplit("-A", 1)
        item = next(a for a in archive.load(pm_id).action_items if a.number == int(number))
        assert str(item.status) == "dropped" and item.note == "[red]moved to the gateway work"

        app.screen.query_one("#filter-status", Select).value = "dropped"
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        table.move_cursor(row=refs(app).index(second))
        await pilot.pause()
        detail = str(app.screen.query_one("#actions-detail", Static).render())
        assert "Note: [red]moved to the gateway work" in detail
        await pilot.press("o")
        await settle(pilot)
        item = next(a for a in archive.load(pm_id).action_items if a.number == int(number))
        assert str(item.status) == "open"
        await pilot.press("e")
        await pilot.pause()
        assert app.opened and app.opened[-1] in {r.rsplit("-A", 1)[0] for r in refs(app)}


@sync
async def test_export_csv_and_gh_script_of_the_filtered_items(archive, pms, tmp_path) -> None:
    import csv
    import shlex

    app = DatedApp(archive, ActionsScreen(), export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#filter-priority", Select).value = "must"
        await settle(pilot)
        app.screen.query_one("#actions-table", DataTable).focus()
        await pilot.press("c", "g")
        await pilot.pause()
    wanted = expected(pms, lambda a: str(a.status) == "open" and str(a.priority) == "must")
    with (tmp_path / "action-items.csv").open(encoding="utf-8", newline="") as handle:
        assert [r["ID"] for r in csv.DictReader(handle)] == wanted
    script = (tmp_path / "action-items-gh.sh").read_text(encoding="utf-8")
    words = shlex.split(script, comments=True)
    assert words[:2] == ["set", "-e"]
    assert sum(words[i:i + 3] == ["gh", "issue", "create"] for i in range(len(words))) == len(
        wanted)
