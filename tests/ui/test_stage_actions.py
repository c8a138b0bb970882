"""The action-items stage, driven with the keyboard."""

from __future__ import annotations

from datetime import date

from app_fixtures import paste_text as paste
from app_fixtures import stage_app, sync
from textual.app import App
from textual.widgets import Input, OptionList, Select

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    PostMortem,
    Priority,
)
from facilitator.ui.stages._parts import LineArea
from facilitator.ui.stages.actions import ActionsEditor
from facilitator.ui.stages.base import ACTION_ITEM, CHECKED


def cards(app: App[None]) -> list[str]:
    options = app.query_one("#cards", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def text_of(app: App[None], selector: str) -> str:
    widget = app.query_one(selector)
    return str(widget.render()) if widget.display else ""


@sync
async def test_add_an_item_with_every_field_typed_into_the_form() -> None:
    pm = PostMortem(participants=["Maria Lopez"])
    app = stage_app(ActionsEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "0 action items: aim for 3 to 7" in text_of(app, "#count-check")
        description = app.query_one("#description", LineArea)
        assert description.has_class(CHECKED) and description.has_class(ACTION_ITEM)
        assert app.query_one("#criterion", LineArea).has_class(CHECKED)
        description.focus()
        await pilot.press(*"Add a queue")
        # The item exists as soon as it is typed: autosave has it.
        assert [a.description for a in pm.action_items] == ["Add a queue"]
        assert pm.action_items[0].number == 1
        await paste(pilot, "-depth alert on [payments-worker]")
        await pilot.press("tab")
        await pilot.press(*"Maria Lopez", "tab")
        await pilot.press(*"2026-04-01", "tab")
        await paste(pilot, "alert fires during the staging game day")
        await pilot.press("tab")
        assert app.focused is app.query_one("#priority", Select)
        app.query_one("#priority", Select).value = Priority.MUST
        app.query_one("#kind", Select).value = ActionKind.DETECT
        await pilot.pause()
        app.query_one("#link", Input).focus()
        await paste(pilot, "https://tracker.example/PAY-12")
        item = pm.action_items[0]
        assert item == ActionItem(
            description="Add a queue-depth alert on [payments-worker]",
            owner="Maria Lopez", due=date(2026, 4, 1),
            success_criterion="alert fires during the staging game day",
            priority=Priority.MUST, kind=ActionKind.DETECT,
            link="https://tracker.example/PAY-12", number=1,
        )
        card = cards(app)[0]
        assert "A1 must · improve detection · open" in card
        assert "Add a queue-depth alert on [payments-worker]" in card
        assert "owner Maria Lopez · due 2026-04-01" in card
        assert app.changes >= 6
        # Enter finishes the item and starts a new one.
        await pilot.press("enter")
        assert app.query_one("#description", LineArea).value == ""
        assert app.focused is app.query_one("#description", LineArea)
        await paste(pilot, "Alert on dead-letter queue growth")
        await pilot.press("enter")
        assert len(pm.action_items) == 2
        assert pm.action_items[1].number == 2
        assert pm.action_items[1].priority == Priority.SHOULD


@sync
async def test_bad_due_date_keeps_the_text_and_shows_why() -> None:
    pm = PostMortem(action_items=[ActionItem("Add a canary stage", number=1,
                                             due=date(2026, 5, 1))])
    app = stage_app(ActionsEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#cards", OptionList).focus()
        await pilot.press("e")
        assert app.focused is app.query_one("#description", LineArea)
        assert text_of(app, "#form-title") == "Editing A1"
        assert app.query_one("#due", Input).value == "2026-05-01"
        app.query_one("#due", Input).focus()
        await pilot.press("end", *" or so")
        assert "Could not read '2026-05-01 or so' as a date" in text_of(app, "#due-note")
        assert app.query_one("#due", Input).value == "2026-05-01 or so"
        # The item keeps its last good date while the text does not read.
        assert pm.action_items[0].due == date(2026, 5, 1)
        await pilot.press("ctrl+u", *"2026-06-15")
        assert pm.action_items[0].due == date(2026, 6, 15)
        assert "Could not" not in text_of(app, "#due-note")
        await pilot.press("ctrl+u")
        assert pm.action_items[0].due is None


@sync
async def test_status_delete_reorder_and_the_count_check() -> None:
    pm = PostMortem(action_items=[ActionItem(f"Item {n}", number=n) for n in range(1, 9)])
    app = stage_app(ActionsEditor(pm))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "8 action items: more than 7" in text_of(app, "#count-check")
        options = app.query_one("#cards", OptionList)
        options.focus()
        options.highlighted = 7
        await pilot.press("d")
        assert len(pm.action_items) == 7
        assert text_of(app, "#count-check") == ""
        options.highlighted = 2
        await pilot.press("shift+up")
        assert [a.number for a in pm.action_items[:3]] == [1, 3, 2]
        assert cards(app)[1].startswith("A3")
        await pilot.press("shift+down", "shift+down")
        assert [a.number for a in pm.action_items[:4]] == [1, 2, 4, 3]
        # Enter on a card opens it; marking it done records the day.
        await pilot.press("enter")
        assert text_of(app, "#form-title") == "Editing A3"
        app.query_one("#status", Select).value = ActionStatus.DONE
        await pilot.pause()
        assert pm.action_items[3].status == ActionStatus.DONE
        assert pm.action_items[3].completed == date.today()
        await pilot.press("escape")
        assert app.focused is options
        assert options.highlighted == 3


@sync
async def test_an_emptied_new_item_is_dropped_on_enter() -> None:
    pm = PostMortem()
    app = stage_app(ActionsEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#description", LineArea).focus()
        await pilot.press("x")
        assert len(pm.action_items) == 1
        await pilot.press("backspace", "enter")
        assert pm.action_items == []
        assert cards(app) == []


@sync
async def test_checks_appear_next_to_the_item_as_it_is_typed() -> None:
    pm = PostMortem(participants=["Sarah Kim", "Ben Okafor"])
    app = stage_app(ActionsEditor(pm))
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#description", LineArea).focus()
        await paste(pilot, "Improve monitoring")
        await pilot.press("tab")
        await paste(pilot, "SRE team")
        await pilot.pause()
        checks = text_of(app, "#item-checks")
        card = cards(app)[0]
        assert "⚑" in card and "⚑" in checks
        flagged = next(line for line in card.splitlines() if "⚑" in line)
        # vague, a team as owner, no due date, no criterion
        assert len(flagged.split(" · ")) >= 3
        assert len(checks.splitlines()) == len(flagged.split(" · "))
        # A specific item with a person as owner, a date and a criterion has none left.
        app.query_one("#description", LineArea).focus()
        await pilot.press("ctrl+a")
        app.query_one("#description", LineArea).set_value(
            "Add an alert when the payments queue is older than 5 minutes")
        app.query_one("#owner", Input).value = "Ben Okafor"
        app.query_one("#due", Input).value = "2026-04-01"
        app.query_one("#criterion", LineArea).set_value(
            "the alert fires in the staging game day")
        await pilot.pause()
        assert "⚑" not in cards(app)[0]
        assert text_of(app, "#item-checks") == ""


@sync
async def test_reload_shows_another_postmortem() -> None:
    editor = ActionsEditor(PostMortem(action_items=[ActionItem("First", number=1)]))
    app = stage_app(editor)
    async with app.run_test(size=(80, 24)) as pilot:
        editor.reload(PostMortem(action_items=[ActionItem("Other", number=4)]))
        await pilot.pause()
        await pilot.pause()
        assert len(cards(app)) == 1 and "A4" in cards(app)[0] and "Other" in cards(app)[0]
