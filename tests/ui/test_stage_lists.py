"""The list stages, driven with the keyboard."""

from __future__ import annotations

from app_fixtures import paste_text as paste
from app_fixtures import stage_app, sync
from textual.widgets import OptionList

from facilitator.core.model import PostMortem
from facilitator.ui.stages._parts import ItemList, LineArea
from facilitator.ui.stages.base import CHECKED
from facilitator.ui.stages.lists import ListsEditor


def shown(item_list: ItemList) -> list[str]:
    options = item_list.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@sync
async def test_add_edit_delete_reorder_went_well() -> None:
    pm = PostMortem()
    app = stage_app(ListsEditor(pm, "went_well"))
    async with app.run_test(size=(80, 24)) as pilot:
        well = app.query_one("#went_well", ItemList)
        well.entry.focus()
        await pilot.press(*"Alert fired in 2 minutes", "enter")
        await paste(pilot, "Runbook [step 3] was clear")
        await pilot.press("enter")
        await paste(pilot, "Rollback was one command")
        await pilot.press("enter")
        assert pm.went_well == [
            "Alert fired in 2 minutes", "Runbook [step 3] was clear", "Rollback was one command",
        ]
        assert app.changes > 0
        # Brackets stay text, not markup.
        assert shown(well)[1] == "2. Runbook [step 3] was clear"
        # To the list: move the last item up, edit the first, delete the second.
        well.options.focus()
        well.options.highlighted = 2
        await pilot.press("shift+up")
        assert pm.went_well[1] == "Rollback was one command"
        well.options.highlighted = 0
        await pilot.press("e")
        assert well.entry.has_focus
        await pilot.press("end", *" (paged on-call)", "enter")
        assert pm.went_well[0] == "Alert fired in 2 minutes (paged on-call)"
        well.options.focus()
        well.options.highlighted = 1
        await pilot.press("d")
        assert pm.went_well == [
            "Alert fired in 2 minutes (paged on-call)", "Runbook [step 3] was clear",
        ]
        assert shown(well) == [
            "1. Alert fired in 2 minutes (paged on-call)", "2. Runbook [step 3] was clear",
        ]
        # The second pane edits the lucky list.
        lucky = app.query_one("#lucky", ItemList)
        lucky.entry.focus()
        await paste(pilot, "The replica was already warm")
        await pilot.press("enter")
        assert pm.lucky == ["The replica was already warm"]


@sync
async def test_typing_is_in_the_postmortem_before_enter_and_fields_are_checked() -> None:
    pm = PostMortem(went_poorly=["Dashboards were slow"])
    app = stage_app(ListsEditor(pm, "went_poorly"))
    async with app.run_test(size=(80, 24)) as pilot:
        poorly = app.query_one(ItemList)
        assert "gap in the system" in str(app.query_one(".list-title").render())
        assert poorly.entry.has_class(CHECKED)
        poorly.entry.focus()
        before = app.changes
        await pilot.press(*"No alert on queue depth")
        # Saved as typed: a crash now loses nothing.
        assert pm.went_poorly == ["Dashboards were slow", "No alert on queue depth"]
        assert app.changes > before
        # Emptying an item and pressing Enter removes it.
        await pilot.press("ctrl+u", "enter")
        assert pm.went_poorly == ["Dashboards were slow"]


@sync
async def test_takeaways_nudge_below_three_and_above_five() -> None:
    pm = PostMortem(takeaways=["One"])
    app = stage_app(ListsEditor(pm, "takeaways"))
    async with app.run_test(size=(120, 40)) as pilot:
        takeaways = app.query_one("#takeaways", ItemList)
        nudge = takeaways.query_one(".nudge")
        assert nudge.display and "1 of 3 takeaways" in str(nudge.render())
        takeaways.entry.focus()
        for text in ("Two", "Three"):
            await pilot.press(*text, "enter")
        assert not nudge.display
        for text in ("Four", "Five", "Six"):
            await pilot.press(*text, "enter")
        assert nudge.display and "6 takeaways" in str(nudge.render())
        lessons = app.query_one("#lessons", ItemList)
        lessons.entry.focus()
        await paste(pilot, "Queues need depth alerts")
        await pilot.press("enter")
        assert pm.lessons == ["Queues need depth alerts"]
        assert len(pm.takeaways) == 6


@sync
async def test_narrow_screen_stacks_the_panes() -> None:
    app = stage_app(ListsEditor(PostMortem(), "went_well"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        well, lucky = app.query(ItemList)
        assert well.region.x == lucky.region.x
        assert lucky.region.y > well.region.y
        assert all(area.region.right <= 80 for area in app.query(LineArea))
    app = stage_app(ListsEditor(PostMortem(), "went_well"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        well, lucky = app.query(ItemList)
        assert lucky.region.x > well.region.x


@sync
async def test_the_entry_follows_its_item_when_the_list_changes() -> None:
    pm = PostMortem(went_poorly=["A", "B", "C"])
    app = stage_app(ListsEditor(pm, "went_poorly"))
    async with app.run_test(size=(80, 24)) as pilot:
        poorly = app.query_one(ItemList)
        poorly.options.focus()
        poorly.options.highlighted = 2
        await pilot.press("e")  # editing "C"
        poorly.options.focus()
        poorly.options.highlighted = 0
        await pilot.press("d")  # "A" goes; "C" is now second
        poorly.options.highlighted = 1
        await pilot.press("shift+up")  # "C" moves to the top
        poorly.entry.focus()
        await pilot.press("end", "!")
        assert pm.went_poorly == ["C!", "B"]
