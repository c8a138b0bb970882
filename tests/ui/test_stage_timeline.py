"""The timeline stage, driven with the keyboard."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app_fixtures import paste_text as paste
from app_fixtures import stage_app, sync
from textual.app import App
from textual.widgets import DataTable, Input, Select

from facilitator.core.model import EventKind, PostMortem, TimelineEvent
from facilitator.ui.stages._parts import LineArea
from facilitator.ui.stages.base import CHECKED
from facilitator.ui.stages.timeline import PasteChatScreen, ProposalList, TimelineEditor

BERLIN = ZoneInfo("Europe/Berlin")


def rows(app: App[None]) -> list[list[str]]:
    table = app.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def incident() -> PostMortem:
    start = datetime(2026, 3, 4, 14, 0, tzinfo=BERLIN)
    return PostMortem(
        timezone="Europe/Berlin",
        incident_start=start,
        timeline=[
            TimelineEvent(start + timedelta(minutes=5), "Error rate alert fired", EventKind.ALERT),
            TimelineEvent(start + timedelta(minutes=40), "Rolled back v88", EventKind.MITIGATION),
        ],
    )


@sync
async def test_add_events_in_time_order_with_live_durations() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        durations = app.query_one("#durations")
        assert "detect 5m" in str(durations.render())
        assert "resolve —" in str(durations.render())
        app.query_one(DataTable).focus()
        await pilot.press("a")
        assert app.focused is app.query_one("#time", Input)
        await pilot.press(*"3:10 PM", "tab")
        await pilot.pause()
        # The kind is left to be guessed from the words.
        app.query_one("#description", LineArea).focus()
        await paste(pilot, "Error rate [back] to normal, incident resolved")
        await pilot.press("enter")
        await pilot.press(*"14:20", "tab")
        await pilot.pause()
        app.query_one("#description", LineArea).focus()
        await paste(pilot, "Decided to roll back rather than patch forward")
        await pilot.press("enter")
        assert [e.at.strftime("%H:%M") for e in pm.timeline] == [
            "14:05", "14:20", "14:40", "15:10",
        ]
        assert pm.timeline[3].kind == EventKind.RESOLUTION
        assert pm.timeline[3].at == datetime(2026, 3, 4, 15, 10, tzinfo=BERLIN)
        assert pm.timeline[1].kind == EventKind.DECISION
        assert rows(app)[3] == ["15:10", "resolution",
                                "Error rate [back] to normal, incident resolved"]
        assert "resolve 1h 10m" in str(durations.render())
        assert app.changes >= 2


@sync
async def test_bad_time_shows_a_message_and_keeps_what_was_typed() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#time", Input).focus()
        await pilot.press(*"25:99", "tab")
        app.query_one("#description", LineArea).focus()
        await paste(pilot, "Paged the database on-call")
        await pilot.press("enter")
        note = app.query_one("#time-note")
        assert "25:99" in str(note.render())
        assert "14:02" in str(note.render())  # the hint says what is expected
        assert app.focused is app.query_one("#time", Input)
        assert app.query_one("#time", Input).value == "25:99"
        assert app.query_one("#description", LineArea).value == "Paged the database on-call"
        assert len(pm.timeline) == 2
        # Fix the time: the event is added and the form empties.
        await pilot.press("ctrl+u", *"14:07", "enter")
        assert len(pm.timeline) == 3
        assert pm.timeline[1].description == "Paged the database on-call"
        assert pm.timeline[1].kind == EventKind.ALERT
        assert app.query_one("#description", LineArea).value == ""


@sync
async def test_edit_moves_the_event_and_delete_removes_it() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        table.focus()
        await pilot.press("down")  # to the rollback at 14:40
        await pilot.press("e")
        assert app.query_one("#form-title").render().plain == "Editing event 2"
        time_field = app.query_one("#time", Input)
        assert time_field.value == "2026-03-04 14:40"
        time_field.focus()
        await pilot.press("ctrl+u", *"13:55", "enter")
        assert [e.description for e in pm.timeline] == ["Rolled back v88",
                                                        "Error rate alert fired"]
        assert len(pm.timeline) == 2
        assert rows(app)[0][0] == "13:55"
        # A decision shows what was known at the time.
        await pilot.press("escape")
        assert app.focused is table
        table.move_cursor(row=1)
        await pilot.press("e")
        app.query_one("#kind", Select).value = EventKind.DECISION
        await pilot.pause()
        assert app.query_one("#known-row").display
        app.query_one("#known", LineArea).focus()
        await paste(pilot, "Only the EU region looked affected")
        await pilot.press("enter")
        assert pm.timeline[1].kind == EventKind.DECISION
        assert pm.timeline[1].known_at_time == "Only the EU region looked affected"
        assert "Known then: Only the EU region" in rows(app)[1][2]
        before = app.changes
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("d")
        assert [e.description for e in pm.timeline] == ["Error rate alert fired"]
        assert app.changes == before + 1
        assert all(area.has_class(CHECKED) for area in app.query(LineArea))


SLACK = """\
Maria Lopez  2:14 PM
checkout is throwing 502s, customers reporting failed payments
Ben Okafor  2:16 PM
paged the payments on-call
3 replies
Ben Okafor  2:45 PM
rolled back v88
"""


@sync
async def test_paste_chat_proposes_events_to_keep_or_drop() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(DataTable).focus()
        await pilot.press("p")
        assert isinstance(app.screen, PasteChatScreen)
        await paste(pilot, SLACK)
        await pilot.pause(0.4)
        proposals = app.screen.query_one(ProposalList)
        assert proposals.option_count == 3
        assert "3 events found" in str(app.screen.query_one("#found").render())
        await pilot.press("tab")
        assert app.focused is proposals
        # Drop the second proposal, keep the others.
        await pilot.press("down", "space")
        assert str(proposals.get_option_at_index(1).prompt).startswith("[ ] 14:16")
        assert "2 of 3 kept" in str(app.screen.query_one("#found").render())
        await pilot.press("enter")
        assert not isinstance(app.screen, PasteChatScreen)
        assert [(e.at.strftime("%H:%M"), e.kind) for e in pm.timeline] == [
            ("14:05", EventKind.ALERT),
            ("14:14", EventKind.DETECTION),
            ("14:40", EventKind.MITIGATION),
            ("14:45", EventKind.MITIGATION),
        ]
        assert pm.timeline[1].description.startswith("Maria Lopez: checkout is throwing 502s")
        assert pm.timeline[1].at.tzinfo == BERLIN
        assert app.changes == 1


@sync
async def test_paste_onto_the_table_opens_the_dialog_and_escape_adds_nothing() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(DataTable).focus()
        await paste(pilot, "[14:30] [bold]status page[/] updated\nno time on this line\n")
        assert isinstance(app.screen, PasteChatScreen)
        await pilot.pause(0.1)
        proposals = app.screen.query_one(ProposalList)
        assert proposals.option_count == 1
        assert "[bold]status page[/] updated" in str(proposals.get_option_at_index(0).prompt)
        await pilot.press("escape")
        assert not isinstance(app.screen, PasteChatScreen)
        assert len(pm.timeline) == 2
        assert app.changes == 0


@sync
async def test_a_chat_pasted_into_an_empty_timeline_form_opens_the_dialog() -> None:
    """With no events yet the form has focus; a pasted chat must not end up as one time."""
    pm = PostMortem(timezone="Europe/Berlin", incident_start=datetime(2026, 3, 4, 14, 0,
                                                                       tzinfo=BERLIN))
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        time_field = app.query_one("#time", Input)
        assert app.focused is time_field
        assert "ctrl+o" in str(app.query_one("#durations").render())
        await paste(pilot, SLACK)
        assert isinstance(app.screen, PasteChatScreen)
        assert time_field.value == ""
        await pilot.pause(0.4)
        await pilot.press("tab", "enter")
        assert not isinstance(app.screen, PasteChatScreen)
        assert len(pm.timeline) == 3
        # One line is still typed into the field as usual.
        time_field.focus()
        await paste(pilot, "2:14 PM")
        assert not isinstance(app.screen, PasteChatScreen)
        assert time_field.value == "2:14 PM"


@sync
async def test_reload_shows_another_postmortem() -> None:
    editor = TimelineEditor(incident())
    app = stage_app(editor)
    async with app.run_test(size=(80, 24)) as pilot:
        other = incident()
        other.timeline = other.timeline[:1]
        other.timeline[0].description = "Only event"
        editor.reload(other)
        await pilot.pause()
        await pilot.pause()
        assert rows(app) == [["14:05", "alert", "Only event"]]


@sync
async def test_typing_reaches_the_postmortem_before_enter() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(DataTable)
        table.focus()
        await pilot.press("e")  # the alert at 14:05
        await pilot.press("end", *" (p99)")
        # Autosave sees the edit before Enter.
        assert pm.timeline[0].description == "Error rate alert fired (p99)"
        assert rows(app)[0][2] == "Error rate alert fired (p99)"
        await pilot.press("escape")
        assert app.focused is table
        # A new event exists as soon as it has a time and a word.
        await pilot.press("a", *"14:30", "tab", *"Status")
        assert [e.description for e in pm.timeline] == [
            "Error rate alert fired (p99)", "Status", "Rolled back v88",
        ]
        await paste(pilot, " page updated")
        await pilot.press("enter")
        assert pm.timeline[1].description == "Status page updated"
        assert pm.timeline[1].kind == EventKind.COMMUNICATION
        assert len(pm.timeline) == 3
        # Emptying an event and pressing Enter removes it.
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("e", "ctrl+a", "ctrl+k", "enter")
        assert [e.description for e in pm.timeline] == [
            "Error rate alert fired (p99)", "Rolled back v88",
        ]


@sync
async def test_a_log_dump_is_capped_and_read_off_the_ui_thread() -> None:
    pm = incident()
    app = stage_app(TimelineEditor(pm))
    lines = "".join(f"2026-03-04T14:{m % 60:02d}:{m // 60:02d}Z request served\n"
                    for m in range(600))
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(DataTable).focus()
        await paste(pilot, lines)
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "600 events found; showing the first 500" in str(
            app.screen.query_one("#found").render())
        assert app.screen.query_one(ProposalList).option_count == 500
        await pilot.press("tab", "n", "enter")  # drop all, add none
        assert len(pm.timeline) == 2
